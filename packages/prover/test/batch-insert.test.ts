// BatchedPoolTree's bad options (batchInsertInput, queueChain and MerkleTree.subtreePath are
// @zkvault/tree's and tested there).
import { describe, expect, it } from "vitest";
import { BatchedPoolTree } from "../src/index.ts";

describe("BatchedPoolTree.connect", () => {
  it("refuses malformed options before any request", async () => {
    await expect(BatchedPoolTree.connect(null as never)).rejects.toThrow(TypeError);
    await expect(BatchedPoolTree.connect({ provider: {} as never, pool: "0x" })).rejects.toThrow(/provider/);
    const provider = { getLogs: () => [] } as never;
    await expect(BatchedPoolTree.connect({ provider, pool: "not an address" })).rejects.toThrow(TypeError);
    await expect(BatchedPoolTree.connect({ provider, pool: "0x0000000000000000000000000000000000000001", fromBlock: -1 })).rejects.toThrow(
      RangeError,
    );
  });
});
