// The message protocol between WasmEngine and its workers: each worker holds one WasmHost (its
// own instance and its copies of the keys, kept between proofs) and answers one request at a
// time, in order. Shared by the browser and Node worker entries (wasm-worker.*.ts).
import { HostError, WasmHost, type PartTask } from "./wasm-host.ts";

export type WorkerRequest =
  | { id: number; op: "init"; module: WebAssembly.Module }
  | { id: number; op: "loadKey"; key: number; zkey: Uint8Array }
  | { id: number; op: "dropKey"; key: number }
  | { id: number; op: "warmUp" }
  | { id: number; op: "prove"; key: number; witness: Uint8Array; r: Uint8Array; s: Uint8Array }
  | { id: number; op: "begin"; key: number; witness: Uint8Array }
  | { id: number; op: "quotient"; key: number; domainSize: number }
  | { id: number; op: "setH"; key: number; scalars: Uint8Array }
  | { id: number; op: "part"; key: number; task: PartTask }
  | { id: number; op: "finish"; key: number; parts: Uint8Array[][]; r: Uint8Array; s: Uint8Array };

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; code: string; message: string };

/** The minimal port both worker kinds offer. */
export interface MessagePortLike {
  postMessage(message: WorkerReply): void;
  onMessage(handler: (message: WorkerRequest) => void): void;
}

/** Answers requests on `port` until the worker is terminated. */
export function serveWasmHost(port: MessagePortLike): void {
  let host: WasmHost | undefined;
  port.onMessage((req) => {
    try {
      let value: unknown;
      if (req.op === "init") {
        host = new WasmHost(req.module);
        value = true;
      } else {
        if (!host) throw new HostError("ENGINE_NOT_INITIALISED", "worker has no wasm instance yet");
        switch (req.op) {
          case "loadKey":
            value = host.loadKey(req.key, req.zkey);
            break;
          case "dropKey":
            host.dropKey(req.key);
            value = true;
            break;
          case "warmUp":
            host.warmUp();
            value = true;
            break;
          case "prove":
            value = host.prove(req.key, req.witness, req.r, req.s);
            break;
          case "begin":
            host.begin(req.key, req.witness);
            value = true;
            break;
          case "quotient":
            value = host.quotient(req.key, req.domainSize);
            break;
          case "setH":
            host.setH(req.key, req.scalars);
            value = true;
            break;
          case "part":
            value = host.part(req.key, req.task);
            break;
          case "finish":
            value = host.finish(req.key, req.parts, req.r, req.s);
            break;
        }
      }
      port.postMessage({ id: req.id, ok: true, value });
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      port.postMessage({
        id: req.id,
        ok: false,
        code: typeof e.code === "string" ? e.code : "ENGINE_WORKER",
        message: String(e.message ?? error),
      });
    }
  });
}
