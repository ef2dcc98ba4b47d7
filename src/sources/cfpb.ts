// US CFPB consumer complaint database: complaints naming one company, usually about debt collection. Keyless.
// The search API answers in an Elasticsearch envelope (hits.hits[]._source) and is re-published once a day.
//
// Two facts shape the polling:
// - A complaint is published only after the company answers it or 15 days have passed, so new complaints appear
//   with a date_received days or weeks in the past. Each pass therefore re-reads a window of `lookback_days`
//   before the newest date seen and keeps the ids it has delivered within that window. A page of complaints
//   already seen says nothing about the older pages, so there is no early stop inside the window.
// - The data changes once a day. Every answer carries `_meta` (when the data was last updated and indexed) and
//   the hit total; while both are what the last completed pass saw, the poll stops after one request.
//
// Paging is by `search_after` ("<sort value>_<id>" of the last hit, sorted by date_received, then id): the current
// API ignores `frm` for the hits it returns (it only uses it to prepare the web page's break points).
import { z } from 'zod';
import { parseDate } from '../core/ingest/parse-feed.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { stripHtml } from '../core/ingest/strip-html.ts';
import { parseJsonAs, quotaSpent } from './common.ts';
import type { PollResult, PollState, SourceAdapter } from './types.ts';
import { DAY_MS } from '../core/time/durations.ts';

export const CFPB_API_BASE = 'https://www.consumerfinance.gov/data-research/consumer-complaints/search/api/v1/';
const DETAIL_URL = 'https://www.consumerfinance.gov/data-research/consumer-complaints/search/detail/';
const PAGE_SIZE = 100;
const MAX_TITLE = 1_000;

const httpUrl = z
  .string()
  .trim()
  .refine((s) => /^https?:\/\/[^/?#\s]+/i.test(s) && URL.canParse(s), { message: 'must be an http:// or https:// address' });

const configSchema = z
  .object({
    company: z
      .string({ message: 'company is required: the company name exactly as the CFPB lists it' })
      .trim()
      .min(1, { message: 'company is required: the company name exactly as the CFPB lists it' })
      .max(300, { message: 'company must be at most 300 characters' }),
    product: z.string().trim().min(1, { message: 'product must not be empty' }).max(300).default('Debt collection'),
    api_base: httpUrl.default(CFPB_API_BASE),
    has_narrative: z.boolean({ message: 'has_narrative must be true or false' }).default(true),
    lookback_days: z
      .number({ message: 'lookback_days must be a number of days' })
      .int({ message: 'lookback_days must be a whole number of days' })
      .min(0, { message: 'lookback_days must be 0 or more' })
      .max(365, { message: 'lookback_days must be at most 365' })
      .default(30),
  })
  .strict();
export type CfpbConfig = z.infer<typeof configSchema>;

/** What one hit must look like to become a mention; anything else in it is ignored. */
const hitSchema = z.object({
  _id: z.union([z.string(), z.number()]).optional(),
  _source: z.object({
    complaint_id: z.union([z.string().trim().min(1), z.number().int().nonnegative()]).optional(),
    date_received: z.string().optional(),
    issue: z.string().nullish(),
    sub_issue: z.string().nullish(),
    complaint_what_happened: z.string().nullish(),
  }),
});

const envelopeSchema = z.object({
  hits: z.object({
    hits: z.array(z.unknown()),
    total: z.union([z.number(), z.object({ value: z.number() })]).optional(),
  }),
  _meta: z.object({ last_updated: z.string().nullish(), last_indexed: z.string().nullish() }).nullish(),
});
type Envelope = z.infer<typeof envelopeSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const cursorSchema = z.object({
  /** Newest date_received seen (YYYY-MM-DD as the CFPB writes it). */
  newest: z.string().regex(DAY).nullable(),
  /** Complaint ids delivered, by date_received, for the days still inside the window. */
  seen: z.record(z.string().regex(DAY), z.array(z.string())),
  /** What the first page of the last completed pass said about the data (see `signature`). */
  indexed: z.string().nullable(),
  /** A window pass cut short by the page cap: where the next poll carries on. */
  resume: z.object({ min: z.string().regex(DAY).nullable(), after: z.string(), indexed: z.string().nullable() }).nullable(),
});
type Cursor = z.infer<typeof cursorSchema>;

const EMPTY_CURSOR: Cursor = { newest: null, seen: {}, indexed: null, resume: null };

export const cfpbAdapter: SourceAdapter<CfpbConfig> = {
  kind: 'cfpb',
  title: 'CFPB consumer complaints (US)',
  url: 'none',
  config: configSchema,
  secrets: [],
  async poll({ config, state, fetch, maxPages }): Promise<PollResult> {
    const previous = readCursor(state.cursor);
    const seenIds = new Set(Object.values(previous.seen).flat());
    const seen: Record<string, string[]> = structuredClone(previous.seen);
    let newest = previous.newest;

    // A resumed pass keeps its window; otherwise the window starts `lookback_days` before the newest date seen.
    // The very first pass has no window: it reads the newest pages up to the cap and leaves older history alone.
    const resuming = previous.resume;
    const min = resuming ? resuming.min : newest ? daysBefore(newest, config.lookback_days) : null;
    let after = resuming?.after ?? null;
    let passIndexed = resuming?.indexed ?? null;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let offset = 0; // index of the first hit of the page within this poll, for `skipped`
    let complete = false;

    for (let page = 0; page < maxPages; page++) {
      const fetched = await fetch(searchUrl(config, min, after), { accept: 'application/json' });
      // No conditional headers are sent, so a 304 would be a broken server; read it as "nothing more".
      if (fetched.status === 'not_modified') {
        complete = true;
        break;
      }
      const body = readEnvelope(fetched.body);
      const signature = signatureOf(body);
      if (page === 0 && !resuming) {
        // Same data as the last completed pass: nothing can be new.
        if (signature !== null && signature === previous.indexed) return { entries: [], skipped: [], state, notModified: true };
        passIndexed = signature;
      }

      const hits = body.hits.hits;
      hits.forEach((raw, i) => {
        const read = readHit(raw);
        if ('reason' in read) return skipped.push({ index: offset + i, reason: read.reason });
        if (seenIds.has(read.id)) return; // delivered by an earlier poll (or earlier on this one)
        seenIds.add(read.id);
        (seen[read.day] ??= []).push(read.id);
        if (!newest || read.day > newest) newest = read.day;
        entries.push(read.mention);
      });
      offset += hits.length;

      const next = hits.length >= PAGE_SIZE ? searchAfterOf(hits[hits.length - 1]) : null;
      if (next === null) {
        // A short page is the end; so is a full one whose last hit carries no sort values to page after.
        complete = true;
        break;
      }
      after = next;
      if (quotaSpent(fetched)) break;
    }

    // The first pass does not resume into history; a window pass that hit the cap carries on next time.
    const resume = complete || min === null ? null : { min, after: after!, indexed: passIndexed };
    const cursor: Cursor = {
      newest,
      // While a pass is unfinished its whole window stays remembered, or its older days would come back as new.
      seen: prune(seen, resume ? resume.min : newest ? daysBefore(newest, config.lookback_days) : null),
      // Only a finished pass may let the next poll skip unchanged data.
      indexed: resume ? previous.indexed : complete ? passIndexed : null,
      resume,
    };
    return { entries, skipped, state: { etag: null, lastModified: null, cursor } satisfies PollState };
  },
};

function searchUrl(config: CfpbConfig, min: string | null, after: string | null): string {
  const u = new URL(config.api_base);
  const q = u.searchParams;
  q.set('company', config.company);
  q.set('product', config.product);
  if (config.has_narrative) q.set('has_narrative', 'true');
  if (min) q.set('date_received_min', min);
  q.set('size', String(PAGE_SIZE));
  q.set('sort', 'created_date_desc');
  // Aggregations and highlights are for the web page; they cost time and bytes and are never read here.
  q.set('no_aggs', 'true');
  q.set('no_highlight', 'true');
  if (after) q.set('search_after', after);
  return u.href;
}

function readEnvelope(body: string): Envelope {
  return parseJsonAs(body, envelopeSchema, 'The CFPB answered with something that is not JSON', 'The CFPB answer has no list of complaints (hits.hits)');
}

/** Changes whenever the data behind the query does: the dataset's update and index dates, and the hit count. */
function signatureOf(body: Envelope): string | null {
  const meta = body._meta;
  const total = body.hits.total;
  const count = typeof total === 'number' ? total : (total?.value ?? null);
  if (!meta?.last_indexed && !meta?.last_updated) return null;
  return JSON.stringify([meta.last_updated ?? null, meta.last_indexed ?? null, count]);
}

type ReadHit = { id: string; day: string; mention: IncomingMention } | { reason: string };

function readHit(raw: unknown): ReadHit {
  const parsed = hitSchema.safeParse(raw);
  if (!parsed.success) return { reason: 'The complaint could not be read (no _source)' };
  const { _id, _source: s } = parsed.data;
  const id = String(s.complaint_id ?? _id ?? '').trim();
  if (!id) return { reason: 'The complaint has no complaint_id' };
  const publishedAt = parseDate(s.date_received ?? null);
  const day = s.date_received?.trim().slice(0, 10) ?? '';
  if (publishedAt === null || !DAY.test(day)) return { reason: 'The complaint has no readable date_received' };

  const issue = line(s.issue);
  const subIssue = line(s.sub_issue);
  const title = issue && subIssue ? `${issue} — ${subIssue}` : (issue ?? subIssue);
  // Narratives are plain text, but HTML-looking input and entities must never reach storage as markup.
  const text = s.complaint_what_happened ? stripHtml(s.complaint_what_happened) : '';
  if (!title && !text) return { reason: 'The complaint has neither an issue nor a narrative' };

  return {
    id,
    day,
    mention: {
      externalKey: `id:${id}`,
      url: `${DETAIL_URL}${encodeURIComponent(id)}`,
      author: null, // the consumer is never named
      title: title ? title.slice(0, MAX_TITLE) : null,
      text,
      publishedAt,
      languageHint: 'en',
    },
  };
}

const line = (v: string | null | undefined): string | null => (v ? stripHtml(v, MAX_TITLE).replace(/\s+/g, ' ') || null : null);

/** "<sort value>_<id>" of a hit, as the API's search_after wants it, or null when the hit has no sort values. */
function searchAfterOf(raw: unknown): string | null {
  const sort = raw && typeof raw === 'object' ? (raw as { sort?: unknown }).sort : undefined;
  if (!Array.isArray(sort) || sort.length !== 2) return null;
  const [value, id] = sort.map((v) => (typeof v === 'number' && Number.isFinite(v) ? String(Math.trunc(v)) : typeof v === 'string' ? v : ''));
  return /^\d+$/.test(value!) && /^[^_\s]+$/.test(id!) ? `${value}_${id}` : null;
}

function readCursor(raw: unknown): Cursor {
  // A cursor from an older version, or none at all, starts afresh rather than failing the source.
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success ? parsed.data : EMPTY_CURSOR;
}

function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** Keeps the ids of days inside the window; the API will not return the others again. */
function prune(seen: Record<string, string[]>, from: string | null): Record<string, string[]> {
  if (!from) return seen;
  return Object.fromEntries(Object.entries(seen).filter(([day]) => day >= from));
}
