// One slice of a fixed-base multiplication (see fixed-base.mjs), in its own wasm instance.
import { parentPort, workerData } from "node:worker_threads";
import { multiplyWithTable } from "./fixed-base.mjs";
import { WasmCurve } from "./wasm-curve.mjs";

const { module, generators, group, table, c, words } = workerData;
const points = multiplyWithTable(new WasmCurve(module, generators), group, table, c, words);
parentPort.postMessage(points, [points.buffer]);
