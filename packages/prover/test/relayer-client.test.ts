// RelayerClient's boundary: bad arguments are refused before any request. Its conversations
// with a real relayer, and an unreachable one, are tested in packages/relayer (real Redis,
// hardhat node, API processes).
import { describe, expect, it } from "vitest";
import { RelayerClient, relayerWithdrawalRequest, type WithdrawProof } from "../src/index.ts";
import { POOL, RECIPIENT, RELAYER } from "./support/circuits.ts";

const w: WithdrawProof = {
  circuitId: "withdraw_a2_d4",
  proof: {
    a: [1n, 2n],
    b: [
      [3n, 4n],
      [5n, 6n],
    ],
    c: [7n, 8n],
  },
  root: 9n,
  nullifierHash: 10n,
  extDataHash: 11n,
  chainId: 31337n,
  pool: POOL,
  recipient: RECIPIENT.toLowerCase(),
  relayer: RELAYER,
  fee: 12n,
  refund: 0n,
};

describe("RelayerClient", () => {
  it("refuses a URL that is not http(s), a bad timeout and a fetch that is not a function", () => {
    expect(() => new RelayerClient("not a url")).toThrow(TypeError);
    expect(() => new RelayerClient("ftp://relayer.example")).toThrow(TypeError);
    expect(() => new RelayerClient("http://relayer.example", { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new RelayerClient("http://relayer.example", { fetch: 42 as unknown as typeof fetch })).toThrow(TypeError);
    expect(new RelayerClient("http://relayer.example/").url).toBe("http://relayer.example");
  });

  it("refuses a pool that is not an address and an empty job id before sending anything", () => {
    let called = 0;
    const client = new RelayerClient("http://relayer.example", {
      fetch: (async () => {
        called++;
        throw new Error("unreachable");
      }) as typeof fetch,
    });
    expect(() => client.quote("0x1234")).toThrow(TypeError);
    expect(() => client.submit("pool", w)).toThrow(TypeError);
    expect(() => client.withdrawal("")).toThrow(TypeError);
    expect(called).toBe(0);
  });
});

describe("relayerWithdrawalRequest", () => {
  it("puts a withdraw proof in wire form: decimal strings, checksummed addresses, proof in verifier order", () => {
    expect(relayerWithdrawalRequest(POOL.toLowerCase(), w)).toEqual({
      pool: POOL,
      proof: {
        a: ["1", "2"],
        b: [
          ["3", "4"],
          ["5", "6"],
        ],
        c: ["7", "8"],
      },
      root: "9",
      nullifierHash: "10",
      extDataHash: "11",
      recipient: RECIPIENT,
      relayer: RELAYER,
      fee: "12",
      refund: "0",
    });
  });

  it("refuses a value that is not a bigint and an address that is not one", () => {
    expect(() => relayerWithdrawalRequest(POOL, { ...w, fee: 12 as unknown as bigint })).toThrow(TypeError);
    expect(() => relayerWithdrawalRequest(POOL, { ...w, recipient: "0xnope" })).toThrow(TypeError);
    expect(() => relayerWithdrawalRequest(POOL, null as unknown as WithdrawProof)).toThrow(TypeError);
  });
});
