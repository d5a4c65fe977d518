// Web Worker entry of the wasm engine (start it as a module worker).
import { serveWasmHost, type WorkerRequest } from "./wasm-worker-core.ts";

const scope = globalThis as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null };
serveWasmHost({
  postMessage: (m) => scope.postMessage(m),
  onMessage: (h) => {
    scope.onmessage = (e) => h(e.data);
  },
});
