// The relayer's refusals: one stable code each (clients match on the code, never the message),
// with the HTTP status the API answers with.

/** Every code the API or a job can report. Stable: clients match on these. */
export const ERROR_CODES = {
  INVALID_REQUEST: 400,
  VALUE_OUT_OF_FIELD: 400,
  UNKNOWN_POOL: 400,
  WRONG_RELAYER: 400,
  FEE_TOO_LOW: 400,
  FEE_EXCEEDS_DENOMINATION: 400,
  EXT_DATA_MISMATCH: 400,
  UNKNOWN_ROOT: 400,
  INVALID_PROOF: 400,
  DRY_RUN_FAILED: 400,
  NULLIFIER_SPENT: 409,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  RPC_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  // Job outcomes (GET /v1/withdrawals/:id `reason.code`), never an HTTP answer.
  SPENT_BY_ANOTHER_TX: 0,
  TX_REVERTED: 0,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A refusal with a stable code; the API turns it into `{ error: { code, message } }`. */
export class RelayerError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RelayerError";
    this.code = code;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code] || 500;
  }
}
