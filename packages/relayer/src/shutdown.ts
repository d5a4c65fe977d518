/**
 * Runs `close` once, on the first SIGINT or SIGTERM, then exits with 0: the process stops taking
 * work and closes its connections before it leaves. A second signal while closing is ignored
 * (an operator's double Ctrl-C must not cut the close short).
 * @example closeOnSignals(async () => { await app.close(); redis.disconnect(); });
 */
export function closeOnSignals(close: () => Promise<void> | void): void {
  if (typeof close !== "function") throw new TypeError("close must be a function");
  let closing = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (closing) return;
      closing = true;
      await close();
      process.exit(0);
    });
  }
}
