/**
 * Why a feed could not be fetched or read. The code is stable (stored, counted, shown as a badge);
 * the message is plain words for a person and never contains response bodies.
 */
export const FETCH_ERROR_CODES = [
  'HTTP_NOT_FOUND',
  'HTTP_GONE',
  'HTTP_CLIENT_ERROR',
  'HTTP_SERVER_ERROR',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'NETWORK_ERROR',
  'BLOCKED_ADDRESS',
  'RESPONSE_TOO_LARGE',
  'TOO_MANY_REDIRECTS',
  'EMPTY_BODY',
  'BAD_ENCODING',
  'PARSE_ERROR',
  'NOT_A_FEED',
  'BAD_SETTINGS',
] as const;
export type FetchErrorCode = (typeof FETCH_ERROR_CODES)[number];

/** Whether trying again later (with backoff) can plausibly succeed without anyone changing anything. */
const RETRYABLE_BY_DEFAULT: Record<FetchErrorCode, boolean> = {
  HTTP_NOT_FOUND: false,
  HTTP_GONE: false,
  HTTP_CLIENT_ERROR: false,
  HTTP_SERVER_ERROR: true,
  TOO_MANY_REQUESTS: true,
  SERVICE_UNAVAILABLE: true,
  TIMEOUT: true,
  NETWORK_ERROR: true,
  BLOCKED_ADDRESS: false,
  RESPONSE_TOO_LARGE: false,
  TOO_MANY_REDIRECTS: false,
  EMPTY_BODY: true,
  BAD_ENCODING: false,
  PARSE_ERROR: false,
  NOT_A_FEED: false,
  BAD_SETTINGS: false,
};

export interface SourceFetchErrorOptions {
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  reason?: string;
  cause?: unknown;
}

export class SourceFetchError extends Error {
  readonly code: FetchErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  /** An API's own reason code from a JSON error body ("quotaExceeded", "ExpiredToken"); never free text. */
  reason?: string;

  constructor(code: FetchErrorCode, message: string, opts: SourceFetchErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SourceFetchError';
    this.code = code;
    this.retryable = opts.retryable ?? RETRYABLE_BY_DEFAULT[code];
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.reason !== undefined) this.reason = opts.reason;
  }
}

export const isSourceFetchError = (e: unknown): e is SourceFetchError => e instanceof SourceFetchError;

/** "10 MiB", "512 KiB", "900 bytes": sizes in messages people read. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
