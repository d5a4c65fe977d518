// timed(): the one place an operation is timed and reported to the audit hook.
import { describe, expect, it } from "vitest";
import { timed, type TimedEvent } from "../src/audit.ts";
import { AbortedError, WitnessError } from "../src/index.ts";

describe("timed", () => {
  it("reports an ok outcome with the circuit id the work set, its timing and what the result adds", async () => {
    const events: TimedEvent[] = [];
    const before = Date.now();
    const result = await timed(
      (e) => events.push(e),
      { operation: "prove", thread: "worker", batch: { index: 1, size: 2 } },
      async (event) => {
        event.circuitId = "withdraw_a2_d4";
        await new Promise((r) => setTimeout(r, 5));
        return { publicSignals: ["1", "2"] };
      },
      (r) => ({ publicSignals: r.publicSignals }),
    );
    expect(result.publicSignals).toEqual(["1", "2"]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: "prove",
      thread: "worker",
      batch: { index: 1, size: 2 },
      circuitId: "withdraw_a2_d4",
      outcome: "ok",
      publicSignals: ["1", "2"],
    });
    expect(events[0].startedAt).toBeGreaterThanOrEqual(before);
    expect(events[0].durationMs).toBeGreaterThan(0);
  });

  it("lets the result turn the outcome into an error (a proof that does not verify)", async () => {
    const events: TimedEvent[] = [];
    expect(
      await timed(
        (e) => events.push(e),
        { operation: "verify" },
        async () => false,
        () => ({ outcome: "error", errorName: "InvalidProof" }),
      ),
    ).toBe(false);
    expect(events[0]).toMatchObject({ outcome: "error", errorName: "InvalidProof", circuitId: "unknown" });
  });

  it("rethrows, reporting the error's class (or aborted) and 'unknown' when the circuit was not known yet", async () => {
    const events: TimedEvent[] = [];
    const emit = (e: TimedEvent) => events.push(e);
    const failure = new WitnessError("no witness");
    await expect(
      timed(emit, { operation: "prove" }, async (event) => {
        event.circuitId = "vault_owner";
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(
      timed(emit, { operation: "warm-up" }, async () => {
        throw new AbortedError("warm-up was aborted");
      }),
    ).rejects.toThrow(AbortedError);
    await expect(
      timed(emit, { operation: "load" }, async () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
        throw "a string"; // what a foreign callback may do
      }),
    ).rejects.toBe("a string");
    expect(events.map((e) => [e.operation, e.circuitId, e.outcome, e.errorName])).toEqual([
      ["prove", "vault_owner", "error", "WitnessError"],
      ["warm-up", "unknown", "aborted", "AbortedError"],
      ["load", "unknown", "error", "string"],
    ]);
    for (const e of events) expect(e.publicSignals).toBeUndefined();
  });
});
