import { decodeBody } from './decode-body.ts';
import { formatBytes, SourceFetchError } from './fetch-errors.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface FetchFeedOptions {
  etag?: string | null;
  lastModified?: string | null;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Epoch ms; only used to turn an HTTP-date Retry-After into a delay. */
  now: number;
  /**
   * For API sources: what to accept (default: feeds), extra headers (auth), and a POST body (JSON or a form). The
   * headers and the body go to the first origin only.
   */
  accept?: string;
  headers?: Record<string, string>;
  post?: { json: unknown } | { form: Record<string, string> };
}

export type FetchFeedResult =
  | { status: 'ok'; body: string; etag: string | null; lastModified: string | null; finalUrl: string; bytes: number; headers: Headers }
  | { status: 'not_modified'; finalUrl: string };

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One conditional GET of a feed, redirects followed by hand so each hop is checked (scheme, count,
 * loops) and the conditional headers survive; the source's own headers (API keys, tokens) and any request body go to
 * its own origin only. A single deadline covers every hop and the body
 * read, so a server that sends headers and then stalls cannot hold a worker.
 */
export async function fetchFeed(fetchFn: typeof fetch, url: string, opts: FetchFeedOptions): Promise<FetchFeedResult> {
  const controller = new AbortController();
  const deadline = startDeadline(controller, opts.timeoutMs);
  try {
    return await fetchWithRedirects(fetchFn, url, opts, controller.signal, deadline.expired);
  } catch (e) {
    if (e instanceof SourceFetchError) throw e;
    if (deadline.timedOut()) throw timeoutError(opts.timeoutMs);
    throw networkError(e);
  } finally {
    deadline.clear();
    // Releases anything still open (a body we stopped reading, a socket mid-handshake).
    controller.abort();
  }
}

async function fetchWithRedirects(fetchFn: typeof fetch, startUrl: string, opts: FetchFeedOptions, signal: AbortSignal, expired: Promise<never>): Promise<FetchFeedResult> {
  let current = checkUrl(startUrl, 'The source address must start with http:// or https://');
  const seen = new Set<string>([current.href]);
  // Cleared for good at the first hop to another origin: that server never gets them, nor do later hops.
  let withCredentials = true;
  for (let hop = 0; ; hop++) {
    const res = await raceDeadline(
      fetchFn(current.href, {
        method: opts.post ? 'POST' : 'GET',
        headers: requestHeaders(opts, withCredentials),
        body: !opts.post ? undefined : 'json' in opts.post ? JSON.stringify(opts.post.json) : new URLSearchParams(opts.post.form).toString(),
        redirect: 'manual',
        signal,
      }),
      expired,
    );

    if (REDIRECTS.has(res.status)) {
      discard(res);
      const location = res.headers.get('location');
      if (!location) throw httpError(res.status, 'The source answered with a redirect but did not say where to');
      if (hop >= opts.maxRedirects) {
        throw new SourceFetchError('TOO_MANY_REDIRECTS', `The source redirected more than ${opts.maxRedirects} times`, { status: res.status });
      }
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw httpError(res.status, 'The source redirected to an address that is not valid');
      }
      next = checkUrl(next.href, 'The source redirected to an address that is not http:// or https://');
      if (seen.has(next.href)) throw new SourceFetchError('TOO_MANY_REDIRECTS', 'The source redirects in a loop', { status: res.status });
      if (next.origin !== current.origin) {
        // A body here is a sign-in (a password, a client secret): it is never re-sent to another server.
        if (opts.post) throw httpError(res.status, 'The source redirected a request with credentials to another server');
        withCredentials = false;
      }
      seen.add(next.href);
      current = next;
      continue;
    }

    if (res.status === 304) {
      discard(res);
      return { status: 'not_modified', finalUrl: current.href };
    }
    if (res.status < 200 || res.status >= 300) {
      const reason = await errorReason(res, expired);
      const error = statusError(res, opts.now);
      if (reason) error.reason = reason;
      throw error;
    }

    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      discard(res);
      throw tooLarge(opts.maxBytes);
    }
    const bytes = await readBody(res, opts.maxBytes, expired);
    if (bytes.length === 0) throw emptyBody(res.status);
    const body = decodeBody(bytes, res.headers.get('content-type'));
    // An all-whitespace document is as empty as a zero-length one for a feed reader.
    if (body.trim() === '') throw emptyBody(res.status);
    return {
      status: 'ok',
      body,
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
      finalUrl: current.href,
      bytes: bytes.length,
      headers: res.headers,
    };
  }
}

/** The most of an error body read, to find its reason code. */
const MAX_ERROR_BODY = 16 * 1024;
const REASON = /^[A-Za-z][\w.-]{0,63}$/;

/**
 * APIs say why they refused in a JSON body ({"error":"ExpiredToken"}, Google's error.errors[0].reason
 * "quotaExceeded"). That one machine-readable word is kept for adapters; nothing else of the body is read or shown.
 */
async function errorReason(res: Response, expired: Promise<never>): Promise<string | undefined> {
  if (!/json/i.test(res.headers.get('content-type') ?? '') || res.status === 404 || res.status === 410) {
    discard(res);
    return undefined;
  }
  try {
    const bytes = await readBody(res, MAX_ERROR_BODY, expired);
    const body = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const err = body.error as Record<string, unknown> | string | undefined;
    const candidates = [
      typeof err === 'object' ? (err?.errors as { reason?: unknown }[] | undefined)?.[0]?.reason : undefined,
      typeof err === 'string' ? err : undefined,
      typeof err === 'object' ? err?.status : undefined,
      body.code,
    ];
    return candidates.find((c): c is string => typeof c === 'string' && REASON.test(c));
  } catch {
    return undefined; // too large, not JSON, or cut off: no reason, the status says enough
  }
}

function requestHeaders(opts: FetchFeedOptions, withCredentials: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: opts.accept ?? ACCEPT, 'user-agent': opts.userAgent, ...(withCredentials ? opts.headers : {}) };
  if (opts.post) h['content-type'] = 'json' in opts.post ? 'application/json' : 'application/x-www-form-urlencoded';
  if (opts.etag) h['if-none-match'] = opts.etag;
  if (opts.lastModified) h['if-modified-since'] = opts.lastModified;
  return h;
}

function checkUrl(raw: string, message: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SourceFetchError('HTTP_CLIENT_ERROR', 'The source address is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new SourceFetchError('HTTP_CLIENT_ERROR', message);
  // fetch refuses these with an opaque TypeError; say what is wrong instead.
  if (u.username || u.password) throw new SourceFetchError('HTTP_CLIENT_ERROR', 'The source address must not contain a user name or password');
  return u;
}

/** Streams the body, counting bytes, and stops the moment it passes the limit. */
async function readBody(res: Response, maxBytes: number, expired: Promise<never>): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await raceDeadline(reader.read(), expired);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The loser of the race still settles (rejects on abort); mark it handled so it is not reported. */
function raceDeadline<T>(p: Promise<T>, expired: Promise<never>): Promise<T> {
  p.catch(() => {});
  return Promise.race([p, expired]);
}

/** Unread bodies keep sockets busy; cancel them and ignore a body that is already gone. */
function discard(res: Response): void {
  res.body?.cancel().catch(() => {});
}

/**
 * Rejects when time is up, and aborts the request so the runtime stops too. Racing against it
 * (not only passing the signal) keeps the deadline even if a fetch implementation ignores signals.
 */
function startDeadline(controller: AbortController, timeoutMs: number) {
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutError(timeoutMs));
      controller.abort();
    }, timeoutMs);
  });
  expired.catch(() => {}); // handled by whoever races it; never an unhandled rejection
  return { expired, timedOut: () => timedOut, clear: () => clearTimeout(timer) };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
const describe = (status: number) => `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;

function statusError(res: Response, now: number): SourceFetchError {
  const s = res.status;
  const answered = `The source answered ${describe(s)}`;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  if (s === 404) return new SourceFetchError('HTTP_NOT_FOUND', answered, { status: s });
  if (s === 410) return new SourceFetchError('HTTP_GONE', `${answered}; it has been removed for good`, { status: s });
  if (s === 429) return new SourceFetchError('TOO_MANY_REQUESTS', `${answered}; it wants fewer requests`, { status: s, retryAfterMs });
  if (s === 503) return new SourceFetchError('SERVICE_UNAVAILABLE', `${answered}; it is down for now`, { status: s, retryAfterMs });
  if (s >= 500) return new SourceFetchError('HTTP_SERVER_ERROR', answered, { status: s, retryAfterMs });
  // 408 is the server timing out our request: transient, unlike the rest of 4xx.
  if (s >= 400) return new SourceFetchError('HTTP_CLIENT_ERROR', answered, { status: s, retryable: s === 408 });
  return httpError(s, `${answered}, which is not a feed response`);
}

const httpError = (status: number, message: string) => new SourceFetchError('HTTP_CLIENT_ERROR', message, { status });
const tooLarge = (maxBytes: number) => new SourceFetchError('RESPONSE_TOO_LARGE', `The response was larger than ${formatBytes(maxBytes)}`);
const timeoutError = (ms: number) => new SourceFetchError('TIMEOUT', `The source did not answer within ${formatSeconds(ms)}`);
const emptyBody = (status: number) => new SourceFetchError('EMPTY_BODY', 'The source answered with an empty document', { status });
const formatSeconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} seconds` : `${(ms / 1000).toFixed(1)} seconds`);

/** The runtime's outbound guard refused a private or local address (see src/runtime/guarded-fetch.ts). */
const BLOCKED_ADDRESS = 'EARSHOT_BLOCKED_ADDRESS';
/** Low-level causes as words; the codes are what undici and most runtimes put on `cause`. */
const NETWORK_CAUSES: Record<string, string> = {
  [BLOCKED_ADDRESS]: 'its address is private or local',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not exist',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection broke',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for a different name',
};

function networkError(e: unknown): SourceFetchError {
  const code = causeCode(e);
  if (code === BLOCKED_ADDRESS) {
    return new SourceFetchError('BLOCKED_ADDRESS', 'The source server is on a private or local network address; add it to EARSHOT_FETCH_ALLOW to poll it', { cause: e });
  }
  const why = code ? NETWORK_CAUSES[code] : undefined;
  const message = why ? `Could not reach the source server: ${why}` : 'Could not reach the source server';
  return new SourceFetchError('NETWORK_ERROR', message, { cause: e });
}

/** Whether a fetch failed because the runtime's guard refused a private or local destination. */
export const isBlockedAddress = (e: unknown): boolean => causeCode(e) === BLOCKED_ADDRESS;

function causeCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_CAUSES) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
