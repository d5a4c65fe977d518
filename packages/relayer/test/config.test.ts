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
