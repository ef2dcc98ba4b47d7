/** One closed set of error codes; each maps to an HTTP status and the `{error:{code,message,requestId}}` body. */
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  BAD_ENVIRONMENT: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** Validation failures, in words: `field: problem; field: problem`. */
export function describeZodError(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`).join('; ');
}

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * A rule's settings as its kind's schema reads them, defaults filled in, or a bad request naming the first field that
 * is wrong ("params.callWithinHours: …"). Alert rules and next-step rules alike.
 */
export function checkedParams(schema: { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: Issue[] } } }, params: unknown) {
  const r = schema.safeParse(params ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw badRequest(`params${i.path.length ? `.${i.path.map(String).join('.')}` : ''}: ${i.message}`);
  }
  return r.data as Record<string, unknown>;
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const badRequest = (message: string) => new AppError('BAD_REQUEST', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
