// Progress output for long steps: every step says when it starts and how long it took, and a
// snarkjs logger passes through its progress lines (throttled) so nothing runs silently.
const t0 = Date.now();
const clock = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`;

export function say(msg) {
  process.stdout.write(`[${clock()}] ${msg}\n`);
}

/** Runs `fn`, printing its start, a heartbeat every 15 s, and its duration. */
export async function step(label, fn) {
  say(`${label} ...`);
  const start = Date.now();
  const heartbeat = setInterval(() => say(`  ... ${label}: still running (${((Date.now() - start) / 1000).toFixed(0)} s)`), 15_000);
  try {
    const result = await fn();
    say(`${label} done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return result;
  } finally {
    clearInterval(heartbeat);
  }
}

/** A snarkjs-compatible logger: info lines and at most one debug line every 5 s. */
export function snarkjsLogger(prefix) {
  let lastDebug = 0;
  const out = (m) => say(`  ${prefix}: ${m}`);
  return {
    error: out,
    warn: out,
    info: out,
    debug: (m) => {
      if (Date.now() - lastDebug > 5000) {
        lastDebug = Date.now();
        out(m);
      }
    },
  };
}

export const INSECURE_BANNER = [
  "",
  "################################################################################",
  "#  INSECURE DEVELOPMENT SETUP. The Groth16 keys built here derive their toxic  #",
  "#  waste (tau, alpha, beta, gamma, delta) from a fixed public seed: anyone can #",
  "#  recompute it and forge proofs. Use them for tests and local chains only.    #",
  "#  For a deployment with real value, run the ceremony path (README:            #",
  "#  Production trusted setup).                                                  #",
  "################################################################################",
  "",
].join("\n");
