// Peak RSS of a process that proves one withdrawal with the native engine: loads the key, builds
// the witness calculator, computes one witness from a JSON input file and proves it. Run by
// engine-bench.ts (plain JS and only what a proof needs, so the figure is the engine's, not the
// bench's). Prints one JSON line: { peakRssMb, baseRssMb, keyRssMb, witnessPeakRssMb } (the last: the peak
// before the proof, i.e. what the witness calculator took).
//   node bench/engine-rss-child.mjs <key.zkey> <circuit.wasm> <input.json>
import { readFileSync } from "node:fs";
import { NativeEngine } from "@zkvault/engine";
import { WitnessCalculatorBuilder } from "circom_runtime";

const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
// The peak RSS of this process image: VmHWM (Linux), which starts afresh at exec. Not
// resourceUsage().maxRSS: Linux keeps ru_maxrss across fork + exec, so a child of the (large)
// bench process would report the parent's peak.
const peakBytes = () => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS * 1024;
};
const [zkeyPath, wasmPath, inputPath] = process.argv.slice(2);
const baseRssMb = mb(process.memoryUsage().rss);
const engine = NativeEngine.require();
const key = await engine.loadKey(new Uint8Array(readFileSync(zkeyPath)));
const keyRssMb = mb(process.memoryUsage().rss);
const calculator = await WitnessCalculatorBuilder(readFileSync(wasmPath));
const input = JSON.parse(readFileSync(inputPath, "utf8"));
const wtns = await calculator.calculateWTNSBin(input, true);
const witnessPeakRssMb = mb(peakBytes());
await engine.prove(key, wtns);
console.log(JSON.stringify({ peakRssMb: mb(peakBytes()), baseRssMb, keyRssMb, witnessPeakRssMb }));
