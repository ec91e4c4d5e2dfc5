// Typed errors of the Experience API client. They carry what a caller needs to decide (status,
// the API's error type, which request) and never the request options: got's own errors hold the
// headers, Authorization included, so the client never lets one escape.

/** The API answered with an error (4xx, or 5xx/429 once retries ran out), or never answered. */
/** The type of the ApiError a request gets when it was never sent because the command was stopped (ExperienceClient.stopSending). */
export const NOT_SENT_TYPE = 'Stopped';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived (network error or timeout), or when no one answer was wrong (`ListChanged`: a list's pages disagreed). */
  readonly status: number;
  /** The API's error type (`Validation`, `NotFound`, `AlreadyExists`, `RateLimit`, …); for no response, `Network` or `Timeout`; `ListChanged` from the client itself. */
  readonly type: string;
  readonly method: string;
  /** Path (and query) of the request, relative to the API's origin. */
  readonly path: string;
  /** For no response: the low-level code (ECONNRESET, ETIMEDOUT, …). */
  readonly code?: string;

  constructor(init: { status: number; type: string; message: string; method: string; path: string; code?: string }) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.method = init.method;
    this.path = init.path;
    if (init.code !== undefined) this.code = init.code;
  }

  /** One line for a person: `POST /applications/…/experience/views → 400 Validation: name is required`. */
  describe(): string {
    const outcome = this.status === 0 ? this.type : `${this.status} ${this.type}`;
    return `${this.method} ${this.path} → ${outcome}: ${this.message}`;
  }
}
