// Test-set circuits from the circuit build (circuits/build, circuits/keys), as CircuitSpecs.
import { circuitSpec as keySetCircuitSpec } from "@zkvault/circuits/key-sets";
import type { CircuitSpec } from "../../src/index.ts";

/** The CircuitSpec of a built circuit, by id: the development keys the prover ships pins for. */
export const circuitSpec = (id: string): CircuitSpec => keySetCircuitSpec(id, "dev");

export const POOL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
export const OTHER_POOL = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
export const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
export const RELAYER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
