// The development setup's "toxic waste" τ, α, β, γ, δ, derived from a public seed and the
// circuit. INSECURE by construction: anyone with the seed and the r1cs recomputes them and can
// forge proofs. Deterministic, so the committed verification keys can be checked for staleness.
import { createHash } from "node:crypto";
import { modPow } from "./field.mjs";

/** The public seed of zkvault's development keys. Changing it changes every dev key. */
export const DEV_SEED = "zkvault development setup - INSECURE - public seed - v1";

/**
 * @param {{ seed: string, circuitDigest: string, prime: bigint, domainSize: number }} input
 *   circuitDigest: hex SHA-256 of the .r1cs file; domainSize: n (τ is kept off the 2n-domain)
 * @returns {{ tau: bigint, alpha: bigint, beta: bigint, gamma: bigint, delta: bigint }}
 * @example
 * const toxic = deriveToxicWaste({ seed: DEV_SEED, circuitDigest: sha256(r1csBytes), prime: r, domainSize: 1 << 11 });
 */
export function deriveToxicWaste({ seed, circuitDigest, prime, domainSize }) {
  if (typeof seed !== "string" || seed.length === 0) throw new TypeError("deriveToxicWaste: seed must be a non-empty string");
  if (typeof circuitDigest !== "string" || !/^[0-9a-f]{64}$/.test(circuitDigest))
    throw new TypeError("deriveToxicWaste: circuitDigest must be a hex SHA-256");
  if (!Number.isInteger(domainSize) || domainSize < 1) throw new RangeError("deriveToxicWaste: domainSize must be a positive integer");
  const draw = (name, acceptable) => {
    for (let counter = 0; ; counter++) {
      // 512 bits reduced mod r (254 bits): the bias is below 2^-250.
      const digest = createHash("sha512").update(`zkvault/dev-setup/${name}/${counter}\0${seed}\0${circuitDigest}`).digest("hex");
      const x = BigInt("0x" + digest) % prime;
      if (x !== 0n && acceptable(x)) return x;
    }
  };
  const any = () => true;
  return {
    // τ must not be a root of unity of the 2n-domain (the Lagrange formulas divide by τ − ω^j).
    tau: draw("tau", (t) => modPow(t, BigInt(2 * domainSize), prime) !== 1n),
    alpha: draw("alpha", any),
    beta: draw("beta", any),
    gamma: draw("gamma", any),
    delta: draw("delta", any),
  };
}
