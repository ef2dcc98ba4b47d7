// Any URL that answers JSON, read into mentions by JSON pointers (RFC 6901) set in the source's config: one
// pointer to the list of items, and per field a pointer relative to an item. One conditional GET per poll, as
// for feeds; no paging (an API that pages can be added as several sources, or as its own adapter).
import { z } from 'zod';
import { sha256Hex } from '../core/crypto.ts';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { language, parseDate } from '../core/ingest/parse-feed.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { DEFAULT_MAX_TEXT_LENGTH, stripHtml, truncate } from '../core/ingest/strip-html.ts';
import { parseJsonBody } from './common.ts';
import type { PollResult, SourceAdapter } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// JSON pointers (RFC 6901)

/**
 * A pointer's reference tokens, unescaped: "" → [] (the whole document), "/a~1b/~01" → ["a/b", "~1"].
 * Throws on anything that is not a pointer: a missing leading "/", or "~" not followed by 0 or 1.
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error('A JSON pointer is empty or starts with "/"');
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) throw new Error('In a JSON pointer "~" must be followed by 0 or 1 (~0 is "~", ~1 is "/")');
      // ~1 first, then ~0: "~01" is the characters "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

export const isPointer = (pointer: string): boolean => {
  try {
    parsePointer(pointer);
    return true;
  } catch {
    return false;
  }
};

/**
 * The value a pointer refers to in `doc`, or undefined when there is none. Array indexes are decimal without
 * leading zeros ("-", the slot past the end, never exists); objects are searched for own keys only, so
 * "/constructor" finds nothing in an object that has no such key.
 */
export function resolvePointer(doc: unknown, pointer: string | readonly string[]): unknown {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      const index = Number(token);
      if (index >= current.length) return undefined;
      current = current[index];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

// ---------------------------------------------------------------------------------------------------------------
// Config

const pointer = z
  .string({ message: 'must be a JSON pointer such as "/data/posts"' })
  .max(500, { message: 'must be at most 500 characters' })
  .refine(isPointer, { message: 'must be a JSON pointer: empty, or starting with "/" (write "~" as ~0 and "/" as ~1)' });

/** HTTP token characters (RFC 9110). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Set by the fetch itself, or meaningless for one GET; letting a source set them would only break requests. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'te',
  'upgrade',
  'if-none-match',
  'if-modified-since',
]);

const headers = z
  .record(
    z
      .string()
      .regex(HEADER_NAME, { message: 'header names are letters, digits and - (e.g. "X-Api-Key")' })
      .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), { message: 'this header is set by Earshot and cannot be configured' }),
    z
      .string({ message: 'header values must be text' })
      .max(8_192, { message: 'header values must be at most 8192 characters' })
      .refine((v) => !/[\r\n\0]/.test(v), { message: 'header values must be a single line' }),
  )
  .refine((h) => Object.keys(h).length <= 20, { message: 'at most 20 headers' });

const configSchema = z
  .object({
    items: pointer.default(''),
    id: pointer,
    text: pointer,
    title: pointer.optional(),
    url: pointer.optional(),
    author: pointer.optional(),
    published_at: pointer.optional(),
    language: pointer.optional(),
    author_reach: pointer.optional(),
    engagement: pointer.optional(),
    rating: pointer.optional(),
    headers: headers.optional(),
    text_is_html: z.boolean({ message: 'text_is_html must be true or false' }).default(true),
  })
  .strict();
export type JsonSourceConfig = z.infer<typeof configSchema>;

const FIELDS = ['id', 'text', 'title', 'url', 'author', 'published_at', 'language', 'author_reach', 'engagement', 'rating'] as const;
type Field = (typeof FIELDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// The adapter

const MAX_TITLE = 1_000;
const MAX_AUTHOR = 200;
const MAX_URL = 2_048;
const MAX_KEY = 512;
/** Epoch numbers below this are seconds (up to the year 5138); from it on, milliseconds (from March 1973). */
const SECONDS_BELOW = 1e11;

export const jsonAdapter: SourceAdapter<JsonSourceConfig> = {
  kind: 'json',
  title: 'JSON API (fields chosen by JSON pointers)',
  url: 'required',
  config: configSchema,
  // Request headers usually carry an API key: the whole map is sealed at rest and masked in the API.
  secrets: ['headers'],
  async poll({ url, config, state, fetch }): Promise<PollResult> {
    const { accept, rest } = splitAccept(config.headers ?? {});
    const fetched = await fetch(url!, { accept, headers: rest, etag: state.etag, lastModified: state.lastModified });
    if (fetched.status === 'not_modified') return { entries: [], skipped: [], state, notModified: true };

    const doc = parseJsonBody(fetched.body.replace(/^\uFEFF/, ''), 'The address answered with something that is not JSON');
    const items = resolvePointer(doc, config.items);
    if (!Array.isArray(items)) {
      throw new SourceFetchError(
        'PARSE_ERROR',
        config.items === '' ? 'The JSON document is not a list of items; set "items" to the pointer of the list' : `The JSON document has no list of items at ${config.items}`,
      );
    }

    const pointers = Object.fromEntries(FIELDS.filter((f) => config[f] !== undefined).map((f) => [f, parsePointer(config[f]!)])) as Partial<Record<Field, string[]>>;
    const at = (item: unknown, field: Field) => (pointers[field] ? resolvePointer(item, pointers[field]) : undefined);
    const base = fetched.finalUrl;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    const firstIndexById = new Map<string, number>();
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      const id = idOf(at(item, 'id'));
      if (id === null) {
        skipped.push({ index, reason: `The item has no id (nothing usable at ${config.id || 'the item itself'})` });
        continue;
      }
      const rawText = at(item, 'text');
      const text = typeof rawText === 'string' ? plain(rawText, config.text_is_html, DEFAULT_MAX_TEXT_LENGTH) : '';
      if (!text) {
        skipped.push({ index, reason: `The item has no text (nothing usable at ${config.text || 'the item itself'})` });
        continue;
      }
      const repeats = firstIndexById.get(id);
      if (repeats !== undefined) {
        skipped.push({ index, reason: `The item has the same id as item ${repeats}` });
        continue;
      }
      firstIndexById.set(id, index);

      const title = at(item, 'title');
      const author = at(item, 'author');
      const lang = at(item, 'language');
      entries.push({
        externalKey: await keyOf(id),
        url: urlOf(at(item, 'url'), base),
        author: typeof author === 'string' || typeof author === 'number' ? singleLine(String(author), false, MAX_AUTHOR) : null,
        title: typeof title === 'string' ? singleLine(title, config.text_is_html, MAX_TITLE) : null,
        text,
        publishedAt: timeOf(at(item, 'published_at')),
        languageHint: typeof lang === 'string' ? language(lang) : null,
        authorReach: count(at(item, 'author_reach')),
        engagement: count(at(item, 'engagement')),
        rating: ratingOf(at(item, 'rating')),
      });
    }
    return { entries, skipped, state: { etag: fetched.etag, lastModified: fetched.lastModified, cursor: null } };
  },
};

/** Header names are case-insensitive; lower-cased, a configured Accept replaces the default instead of joining it. */
function splitAccept(headers: Record<string, string>): { accept: string; rest: Record<string, string> } {
  const rest: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) rest[name.toLowerCase()] = value;
  const accept = rest.accept ?? 'application/json';
  delete rest.accept;
  return { accept, rest };
}

/** Ids are non-empty strings or numbers; anything else (objects, booleans) cannot identify an item. */
function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return null;
}

/** `id:<id>`, or its hash when the id would not fit the indexed column. */
async function keyOf(id: string): Promise<string> {
  const key = `id:${id}`;
  return key.length <= MAX_KEY ? key : `id:sha256:${sha256Hex(id)}`;
}

function plain(v: string, isHtml: boolean, max: number): string {
  if (isHtml) return stripHtml(v, max);
  // Declared plain: "<" and "&" are the characters themselves; only control characters and the length are fixed.
  return truncate(
    v
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
      .trim(),
    max,
  );
}

const singleLine = (v: string, isHtml: boolean, max: number): string | null => plain(v, isHtml, max).replace(/\s+/g, ' ') || null;

/** Absolute http(s) URLs, or relative ones resolved against the address polled; anything else is dropped. */
function urlOf(v: unknown, base: string): string | null {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_URL) return null;
  try {
    const u = new URL(v.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * ISO 8601 text (a zone-less time is UTC), or epoch seconds or milliseconds as a number or a string of digits:
 * below 1e11 it is seconds, otherwise milliseconds. Anything unreadable is null, not a reason to drop the item.
 */
function timeOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : null;
  if (n !== null) {
    if (!Number.isFinite(n) || n <= 0) return null;
    const ms = Math.round(n < SECONDS_BELOW ? n * 1000 : n);
    return Number.isFinite(new Date(ms).getTime()) ? ms : null;
  }
  return typeof v === 'string' ? parseDate(v) : null;
}

/** A non-negative whole number (followers, likes): numbers or numeric strings; anything else is null. */
function count(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.round(n) : null;
}

/** Stars 1–5, rounded; other scales are not guessed at. */
function ratingOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 1 && n <= 5 ? Math.round(n) : null;
}
