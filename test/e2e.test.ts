// End to end, per arity of the manifest's test set, on Hardhat's in-process chain: the user's
// Ignition module, deposits from several accounts, the tree rebuilt from events by the prover
// package, a proof made off-chain by the prover package, a relayed withdrawal to a fresh
// address, and the same note refused the second time. Prints the gas-per-arity table at the end.
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { artifactPaths } from "@zkvault/circuits/manifest";
import { Prover } from "@zkvault/prover";
import { type FlowResult, flowTable, runPoolFlow } from "../deploy/flows/pool-flow.ts";
import { testCircuits } from "./support/pool.ts";

const connection = await network.getOrCreate();
const prover = new Prover();
const results: FlowResult[] = [];

describe("end to end: deposit, sync, prove, relayed withdraw, per arity", function () {
  after(async function () {
    await prover.close();
    const constraints = (id: string) => JSON.parse(readFileSync(artifactPaths(id).info, "utf8")).constraints;
    console.log("\n  Gas per arity (test set, small depth; the 2^36 figures are in reports/gas.md)\n");
    console.log(flowTable(results, constraints).replace(/^/gm, "  "));
  });

  for (const entry of testCircuits) {
    const { ARITY: arity, DEPTH: depth } = entry.params;
    it(`arity ${arity}, depth ${depth}: every balance moves as it should and the note cannot be spent twice`, async function () {
      const r = await runPoolFlow(connection, entry, prover, { depositors: 3 });
      results.push(r);
      expect(r.syncedRootMatches).to.equal(true);
      expect(r.recipientReceived).to.equal(r.denomination - r.fee);
      expect(r.relayerNet).to.equal(r.fee - r.relayerGasCost);
      expect(r.poolBalanceBefore).to.equal(3n * r.denomination);
      expect(r.poolBalanceAfter).to.equal(2n * r.denomination);
      expect(r.nullifierSpent).to.equal(true);
      expect(r.secondWithdrawError).to.equal("NullifierAlreadySpent");
      expect(r.verifyGas < r.withdrawGas).to.equal(true);
    });
  }
});
