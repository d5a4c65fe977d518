// One long-running child process (a chain node, a database, a server under test): spawned,
// awaited until it says it is ready, its output kept (and optionally echoed with a name
// prefix), stopped by its own pid, and killed if this process exits first, so a failed test
// run leaves nothing listening behind it.
import { type ChildProcess, spawn } from "node:child_process";

export interface ServiceOptions {
  /** For messages and the echo prefix, e.g. "hardhat node". */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** Added to this process's environment (or the whole environment with `inheritEnv: false`). */
  env?: Readonly<Record<string, string>>;
  /** false: the child sees `env` and PATH only. Default true. */
  inheritEnv?: boolean;
  /** Ready when the output (stdout and stderr) matches. */
  ready: RegExp;
  /** How long to wait for `ready`. Default 120 s (a loaded 2-core machine is slow to start a node). */
  timeoutMs?: number;
  /** Write each output line to stderr as `[name] line`. Default false. */
  echo?: boolean;
}

export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  /** What it printed so far, stdout and stderr interleaved (the last 16 MiB). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: a crash, no clean-up; resolves once it has exited. */
  kill(): Promise<void>;
}

/** Why a service did not become ready, with what it printed. */
export class ServiceStartError extends Error {
  readonly output: string;
  constructor(message: string, output: string, options?: ErrorOptions) {
    super(`${message}\n${output}`, options);
    this.name = "ServiceStartError";
    this.output = output;
  }
}

const KEPT_OUTPUT = 16 * 1024 * 1024;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** On exit (normal or after an uncaught error) only synchronous work runs: SIGKILL what is left. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
}

const hasExited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

function signalAndWait(child: ChildProcess, signal: NodeJS.Signals, graceMs?: number): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) return resolve();
    const force = graceMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * Starts `command` and resolves once its output matches `ready`.
 * @throws TypeError on malformed options; ServiceStartError when it exits or times out first
 *   (the child is killed), with its output
 * @example
 * const redis = await startService({ name: "redis", command: "redis-server", args: ["--port", "6390"], ready: /Ready to accept connections/ });
 * await redis.stop();
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const { name, command, args = [], cwd, env = {}, inheritEnv = true, ready, timeoutMs = 120_000, echo = false } = options;
  if (typeof name !== "string" || name === "") throw new TypeError("options.name must be a non-empty string");
  if (typeof command !== "string" || command === "") throw new TypeError("options.command must be a non-empty string");
  if (!Array.isArray(args) || args.some((a) => typeof a !== "string")) throw new TypeError("options.args must be an array of strings");
  if (!(ready instanceof RegExp)) throw new TypeError("options.ready must be a RegExp");
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`options.timeoutMs must be a positive number, got ${timeoutMs}`);

  installExitHook();
  const child = spawn(command, args, {
    cwd,
    env: inheritEnv ? { ...process.env, ...env } : { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let out = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    if (out.length > KEPT_OUTPUT) out = out.slice(out.length - KEPT_OUTPUT);
    if (echo)
      process.stderr.write(
        text
          .split("\n")
          .filter(Boolean)
          .map((l) => `[${name}] ${l}\n`)
          .join(""),
      );
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout!.off("data", check);
      child.stderr!.off("data", check);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) {
        child.kill("SIGKILL");
        reject(error);
      } else resolve();
    };
    const check = () => {
      if (ready.test(out)) done();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new ServiceStartError(`${name} exited (${signal ?? `code ${code}`}) before it was ready`, out));
    const onError = (cause: Error) =>
      done(new ServiceStartError(`${name} could not be started (${command}): ${cause.message}`, out, { cause }));
    const timer = setTimeout(() => done(new ServiceStartError(`${name} was not ready after ${timeoutMs / 1000} s`, out)), timeoutMs);
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", onExit);
    child.once("error", onError);
  });

  return {
    name,
    child,
    output: () => out,
    stop: (graceMs = 10_000) => signalAndWait(child, "SIGTERM", graceMs),
    kill: () => signalAndWait(child, "SIGKILL"),
  };
}
