// Small helpers that several source adapters need in the same form: settings checks, reading an answer's JSON,
// the rate-limit header, bearer-token requests and newest-first watermarks. An adapter keeps what is specific to
// its API (addresses, shapes, its own error messages); what is here carries no API's name.
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import type { FetchFeedResult } from '../core/ingest/fetch-feed.ts';
import { stripHtml } from '../core/ingest/strip-html.ts';
import type { SourceFetch } from './types.ts';

type Answered = Extract<FetchFeedResult, { status: 'ok' }>;

// ---------------------------------------------------------------------------------------------------------------
// Settings

/** Whether `s` parses as an absolute http:// or https:// URL. */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Trailing slashes dropped, so an API base and a path that starts with "/" join without a double slash. */
export const withoutTrailingSlashes = (s: string): string => s.replace(/\/+$/, '');

/**
 * An API base address setting (`api_base`, `auth_base`): a URL that starts with http:// or https://, without
 * trailing slashes. The messages name the setting, `field`.
 */
export const httpBaseUrl = (field: string) =>
  z
    .string()
    .trim()
    .url(`${field} must be a URL`)
    .refine((s) => /^https?:\/\//i.test(s), `${field} must start with http:// or https://`)
    .transform(withoutTrailingSlashes);

/** A trimmed string that must be an http(s) URL (isHttpUrl), with the adapter's own `message` when it is not. */
export const httpAddress = (message: string) => z.string().trim().refine(isHttpUrl, message);

// ---------------------------------------------------------------------------------------------------------------
// Reading answers

/**
 * Narrows an answer to one with a body. Adapters that send no conditional headers cannot be told "not modified";
 * a 304 then means a broken server or proxy, and fails the poll as a PARSE_ERROR naming `who` ("Reddit").
 */
export function assertAnswered(fetched: FetchFeedResult, who: string): asserts fetched is Answered {
  if (fetched.status !== 'ok') throw new SourceFetchError('PARSE_ERROR', `${who} answered "not modified" to a plain request`);
}

/**
 * JSON.parse that fails the poll as a PARSE_ERROR with the adapter's `message` (an HTML error page, a captcha),
 * never a bare SyntaxError and never the body itself.
 */
export function parseJsonBody(text: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceFetchError('PARSE_ERROR', message);
  }
}

/** parseJsonBody, then `schema`: JSON of another shape is a PARSE_ERROR with `wrongShape`. */
export function parseJsonAs<T>(text: string, schema: z.ZodType<T>, notJson: string, wrongShape: string): T {
  const parsed = schema.safeParse(parseJsonBody(text, notJson));
  if (!parsed.success) throw new SourceFetchError('PARSE_ERROR', wrongShape);
  return parsed.data;
}

/**
 * Whether the API says the rate limit is used up, from the IETF draft `RateLimit-Remaining` header or, failing
 * that, the older `X-RateLimit-Remaining`. APIs send whole numbers or decimals ("598.0"), so anything below 1 is
 * spent. An absent, empty or non-numeric header, or an answer without headers (a 304), says nothing: not spent.
 * A poll that finds it spent stops and leaves the rest to its cursor, rather than be refused on the next request.
 */
export function quotaSpent(answer: FetchFeedResult | Headers): boolean {
  const headers = !('status' in answer) ? answer : answer.status === 'ok' ? answer.headers : null;
  const remaining = (headers?.get('ratelimit-remaining') ?? headers?.get('x-ratelimit-remaining'))?.trim();
  if (!remaining) return false;
  const n = Number(remaining);
  return Number.isFinite(n) && n < 1;
}

/**
 * Text that is plain already (a post, Markdown) made safe to store: stripHtml decodes stray entities, drops control
 * characters and anything tag-like, and caps the length. Its line breaks mean something, so they go through as
 * <br>: a tag in the text would otherwise make the stripper read it as HTML, where line breaks are only spaces.
 */
export function plainTextKeepingLineBreaks(s: string): string {
  return stripHtml(s.replace(/\r\n?|\n/g, '<br>'));
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/**
 * GETs JSON with a bearer token from `signIn`, signing in on first use and keeping the token for the requests that
 * follow. When `refused` says the API turned the token down (expired or revoked), signs in again once and retries
 * that request; any other failure, or a second refusal, is thrown.
 */
export function bearerGet(fetch: SourceFetch, signIn: () => Promise<string>, refused: (e: SourceFetchError) => boolean) {
  let token: Promise<string> | null = null;
  return async (url: string): Promise<FetchFeedResult> => {
    for (let attempt = 0; ; attempt++) {
      token ??= signIn();
      const bearer = await token;
      try {
        return await fetch(url, { accept: 'application/json', headers: { authorization: `Bearer ${bearer}` } });
      } catch (e) {
        if (attempt === 0 && e instanceof SourceFetchError && refused(e)) {
          token = null;
          continue;
        }
        throw e;
      }
    }
  };
}

/**
 * A request whose answer only adds to mentions already read, such as their authors' reach. Refused for good, or
 * answered with something `read` cannot read (it throws), it gives null and the mentions are kept without it.
 * Passing trouble (rate limit, outage) is thrown: the poll fails, and the next one reads the mentions again with
 * what this adds. `quotaLeft` is false when the answer says the rate limit is spent (quotaSpent).
 */
export async function optionalLookup<T>(
  get: (url: string) => Promise<FetchFeedResult>,
  url: string,
  read: (fetched: FetchFeedResult) => T,
): Promise<{ value: T | null; quotaLeft: boolean }> {
  let fetched: FetchFeedResult;
  try {
    fetched = await get(url);
  } catch (e) {
    if (!(e instanceof SourceFetchError) || e.retryable) throw e;
    return { value: null, quotaLeft: true };
  }
  let value: T | null = null;
  try {
    value = read(fetched);
  } catch {
    // Unreadable: nothing is added.
  }
  return { value, quotaLeft: !quotaSpent(fetched) };
}

// ---------------------------------------------------------------------------------------------------------------
// Newest-first watermarks

/**
 * A point in a newest-first list: a time and the ids of the items at that time. Times can tie (whole seconds, or
 * a burst), so the time alone cannot tell a new item from one already read.
 */
export const watermarkSchema = z.object({ at: z.number(), ids: z.array(z.string()) });
export type Watermark = z.output<typeof watermarkSchema>;

/** Whether the item (`time`, `id`) is at or below the watermark `mark`: read already. */
export function watermarkCovers(mark: Watermark, time: number, id: string): boolean {
  return time < mark.at || (time === mark.at && mark.ids.includes(id));
}

/** The watermark moved up to the item (`time`, `id`) when that item is newer than it, or ties with it. */
export function raiseWatermark(mark: Watermark | null, time: number, id: string): Watermark {
  if (!mark || time > mark.at) return { at: time, ids: [id] };
  if (time === mark.at && !mark.ids.includes(id)) return { at: time, ids: [...mark.ids, id] };
  return mark;
}
