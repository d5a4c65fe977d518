// The NTT against ffjavascript's Fr.fft / Fr.ifft, and the coset step against snarkjs' exact
// sequence (ifft, batchApplyKey(1, inc), fft with inc = Fr.w[k+1]), for sizes 2^0 .. 2^12.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  nativeTestOp,
  packLe,
  referenceCurve,
  seededRandom,
  skipReason,
  terminateReferenceCurve,
  unpackLe,
  type RefCurve,
} from "./support.ts";

let curve: RefCurve;
beforeAll(async () => {
  curve = await referenceCurve();
});
afterAll(terminateReferenceCurve);

describe.skipIf(skipReason)("NTT against ffjavascript", () => {
  for (const k of [0, 1, 2, 3, 5, 8, 12]) {
    it(`size 2^${k}: forward, inverse and snarkjs' coset`, async () => {
      const { Fr } = curve;
      const n = 1 << k;
      const rand = seededRandom(50 + k);
      const values = Array.from({ length: n }, (_, i) => (i === 0 ? curve.r - 1n : rand() % curve.r));
      const mont = new Uint8Array(32 * n);
      values.forEach((v, i) => mont.set(Fr.e(v), 32 * i));
      const toBig = (buf: Uint8Array) => Array.from({ length: n }, (_, i) => Fr.toObject(buf.slice(32 * i, 32 * i + 32)) as bigint);

      const fwd = await Fr.fft(mont);
      expect(unpackLe(nativeTestOp("ntt", "forward", packLe(values)))).toEqual(toBig(fwd));
      const inv = await Fr.ifft(mont);
      expect(unpackLe(nativeTestOp("ntt", "inverse", packLe(values)))).toEqual(toBig(inv));
      const inc = k === Fr.s ? Fr.shift : Fr.w[k + 1];
      const coset = await Fr.fft(await Fr.batchApplyKey(await Fr.ifft(mont), Fr.e(1), inc));
      expect(unpackLe(nativeTestOp("ntt", "coset", packLe(values)))).toEqual(toBig(coset));
    });
  }
});
