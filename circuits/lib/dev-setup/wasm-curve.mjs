// A private instance of ffjavascript's bn128 wasm (the code snarkjs' curve runs in its workers),
// called directly: the fixed-base loops below make millions of point additions, each a short
// wasm call, and ffjavascript's task format would need one message object per call.
// Points in this memory are Montgomery little-endian, jacobian (x, y, z) or affine (x, y):
// the affine form is the zkey's "LEM" form as is.

const PAGE = 0x10000;

/** Group layouts in ffjavascript's wasm: export prefix and coordinate size (Fq or Fq2). */
export const GROUPS = {
  G1: { prefix: "g1m", n8: 32, jacobian: 96, affine: 64 },
  G2: { prefix: "g2m", n8: 64, jacobian: 192, affine: 128 },
};

export class WasmCurve {
  /**
   * @param {WebAssembly.Module} module ffjavascript's compiled bn128 code
   * @param {{ G1: number, G2: number }} generators pointers of the jacobian generators in the module's data
   */
  constructor(module, generators) {
    this.memory = new WebAssembly.Memory({ initial: 25 });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports;
    this.generators = generators;
  }

  /**
   * Bump allocation as ffjavascript does (the free pointer lives at address 0), growing memory.
   * Batch functions (batchToAffine) take their scratch above the free pointer without growing
   * memory, so as much again plus 4 MB is kept free above each allocation.
   */
  alloc(length) {
    const u32 = new Uint32Array(this.memory.buffer, 0, 1);
    const at = (u32[0] + 7) & ~7;
    u32[0] = at + length;
    const needed = at + 2 * length + (4 << 20) - this.memory.buffer.byteLength;
    if (needed > 0) this.memory.grow(Math.ceil(needed / PAGE));
    return at;
  }

  /** Frees everything allocated since `mark()` returned `mark`. */
  mark() {
    return new Uint32Array(this.memory.buffer, 0, 1)[0];
  }

  release(mark) {
    new Uint32Array(this.memory.buffer, 0, 1)[0] = mark;
  }

  bytes(at, length) {
    return new Uint8Array(this.memory.buffer, at, length);
  }
}
