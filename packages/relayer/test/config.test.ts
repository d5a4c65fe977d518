// The configuration boundary and the retry classification: no Redis, no chain needed.
import { describe, expect, it } from "vitest";
import { isTransient } from "../src/chain.ts";
import { loadConfig, signingKey } from "../src/config.ts";

const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const base = {
  ZKVAULT_RELAYER_RPC_URL: "http://127.0.0.1:8545",
  ZKVAULT_RELAYER_CHAIN_ID: "31337",
  ZKVAULT_RELAYER_POOLS: JSON.stringify([{ address: POOL.toLowerCase(), circuit: "withdraw_a2_d4", vkeySha256: "ab".repeat(32) }]),
};

describe("loadConfig", () => {
  it("reads a complete environment, with defaults for the rest", () => {
    const c = loadConfig({ ...base });
    expect(c).toMatchObject({
      chainId: 31337n,
      host: "127.0.0.1",
      port: 9545,
      corsOrigins: true,
      trustProxy: false,
      pools: [{ address: POOL }],
    });
  });

  it("names the variable that is missing or wrong", () => {
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_RPC_URL: "" })).toThrow(/ZKVAULT_RELAYER_RPC_URL is not set/);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_CHAIN_ID: undefined })).toThrow(TypeError);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_CHAIN_ID: "0" })).toThrow(RangeError);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_PORT: "80.5" })).toThrow(/ZKVAULT_RELAYER_PORT must be an integer/);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_BUMP_BPS: "500" })).toThrow(RangeError); // nodes refuse a < 10 % replacement
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: "{" })).toThrow(/ZKVAULT_RELAYER_POOLS must be JSON/);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: "[]" })).toThrow(TypeError);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: JSON.stringify([{ address: POOL, circuit: "withdraw_a2_d4" }]) })).toThrow(
      TypeError,
    );
    expect(() =>
      loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: JSON.stringify([{ address: POOL, circuit: "x", vkeySha256: "12" }]) }),
    ).toThrow(RangeError);
  });

  it("reads an ERC20 pool's token-per-ETH rate as a bigint, and refuses one that is not a positive decimal string", () => {
    const pool = (tokenPerEth: unknown) =>
      JSON.stringify([{ address: POOL, circuit: "withdraw_a2_d4", vkeySha256: "ab".repeat(32), tokenPerEth }]);
    const rate = "3000000000000000000000"; // 3,000 tokens of 18 decimals per ETH: more than 2^53
    expect(loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: pool(rate) }).pools[0]!.tokenPerEth).toBe(3000n * 10n ** 18n);
    expect(loadConfig({ ...base }).pools[0]!.tokenPerEth).toBeUndefined();
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: pool(3000) })).toThrow(TypeError);
    for (const bad of ["0", "-1", "1.5", "0x10", "", "1".repeat(78)]) {
      expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_POOLS: pool(bad) }), bad).toThrow(/tokenPerEth must be a positive integer/);
    }
  });

  it("reads a worker's metrics port only when it is set", () => {
    expect(loadConfig({ ...base }).metricsPort).toBeUndefined();
    expect(loadConfig({ ...base, ZKVAULT_RELAYER_METRICS_PORT: "0" }).metricsPort).toBe(0);
    expect(() => loadConfig({ ...base, ZKVAULT_RELAYER_METRICS_PORT: "x" })).toThrow(/ZKVAULT_RELAYER_METRICS_PORT must be an integer/);
  });
});

describe("signingKey", () => {
  it("takes the key out of the environment", () => {
    const env: Record<string, string | undefined> = { ZKVAULT_RELAYER_KEY: "11".repeat(32) };
    expect(signingKey(env)).toBe(`0x${"11".repeat(32)}`);
    expect(env.ZKVAULT_RELAYER_KEY).toBeUndefined();
  });

  it("refuses a malformed key without echoing it", () => {
    const secret = "0xdeadbeef" + "22".repeat(20);
    expect(() => signingKey({ ZKVAULT_RELAYER_KEY: secret })).toThrow(TypeError);
    try {
      signingKey({ ZKVAULT_RELAYER_KEY: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain("deadbeef");
    }
    expect(() => signingKey({})).toThrow(/ZKVAULT_RELAYER_KEY is not set/);
  });
});

describe("isTransient", () => {
  it("retries an unreachable or overloaded RPC, never a revert (whatever its text)", () => {
    expect(isTransient(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("server response 503"), { code: "SERVER_ERROR" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("timeout"), { code: "TIMEOUT" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("execution reverted ECONNREFUSED 0x503429"), { code: "CALL_EXCEPTION" }))).toBe(false);
    expect(isTransient(new Error("data 0x0000503000429"))).toBe(false);
  });
});
