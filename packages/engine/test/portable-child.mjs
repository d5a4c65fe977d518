// Child of portable.test.ts: runs a few native operations with ZKVAULT_ENGINE_PORTABLE set in its
// environment (the portable multiplication) and prints the results as JSON.
import { createRequire } from "node:module";
const addon = createRequire(import.meta.url)(process.argv[2]);
const [a, b, bases, scalars, aq, bq] = process.argv.slice(3).map((hex) => new Uint8Array(Buffer.from(hex, "hex")));
const hex = (u) => Buffer.from(u).toString("hex");
console.log(
  JSON.stringify({
    fq: hex(addon.testOp("fq", "mul", a, b)),
    fr: hex(addon.testOp("fr", "mul", a, b)),
    msm: hex(addon.testOp("g1", "msm", bases, scalars)),
    fqEdge: hex(addon.testOp("fq", "mul", aq, bq)),
  }),
);
