/** Base of the engine's actionable errors; `code` is the native status name (e.g. "ZKEY_TRUNCATED"). */
export class EngineError extends Error {
  override name = "EngineError";
  readonly code: string;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** The proving key (zkey bytes) is not a usable BN254 Groth16 key: truncated, corrupted, off-curve. */
export class EngineKeyError extends EngineError {
  override name = "EngineKeyError";
}

/** The native addon is not built or does not load on this platform. */
export class EngineUnavailableError extends EngineError {
  override name = "EngineUnavailableError";
}

/** A native rejection (Error with a status `code`) as the typed error users catch. */
export function typedError(error: unknown, context: string): Error {
  const native = error as { code?: unknown; message?: unknown };
  const code = typeof native?.code === "string" ? native.code : "UNKNOWN";
  const message = `${context}: ${typeof native?.message === "string" ? native.message : String(error)}`;
  if (code.startsWith("ZKEY_")) return new EngineKeyError(message, code, { cause: error });
  // Wrong sizes and values outside the field are RangeErrors, as everywhere in the project.
  if (code === "WITNESS_WRONG_LENGTH" || code === "WITNESS_VALUE_NOT_REDUCED" || code === "VALUE_NOT_REDUCED") {
    return Object.assign(new RangeError(message, { cause: error }), { code });
  }
  if (code === "ERR_INVALID_ARG_TYPE") return new TypeError(message, { cause: error });
  return new EngineError(message, code, { cause: error });
}
