// worker_threads entry of the wasm engine (Node), for the same code path as a browser's workers.
import { parentPort } from "node:worker_threads";
import { serveWasmHost } from "./wasm-worker-core.ts";

if (parentPort) {
  const port = parentPort;
  serveWasmHost({ postMessage: (m) => port.postMessage(m), onMessage: (h) => port.on("message", h) });
}
