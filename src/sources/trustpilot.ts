// Trustpilot: the public reviews of one business unit, read with a (free) API key, newest first.
import { z } from 'zod';
import { SourceFetchError } from '../core/ingest/fetch-errors.ts';
import { language, parseDate } from '../core/ingest/parse-feed.ts';
import { stripHtml } from '../core/ingest/strip-html.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';
import { assertAnswered, httpAddress, parseJsonAs, quotaSpent, raiseWatermark, watermarkCovers, watermarkSchema, withoutTrailingSlashes } from './common.ts';
import type { PollResult, SourceAdapter, SourceFetch } from './types.ts';

const DEFAULT_API_BASE = 'https://api.trustpilot.com/v1';
/** The most reviews the API returns per page. */
const PER_PAGE = 100;

const configSchema = z
  .object({
    business_unit_id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{8,64}$/, 'The business unit id is the id Trustpilot gives the company (24 letters and digits; look it up with /v1/business-units/find?name=…)'),
    api_key: z.string().trim().min(1, 'The Trustpilot API key is required'),
    api_base: httpAddress('The API address must start with https://').transform(withoutTrailingSlashes).default(DEFAULT_API_BASE),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^([a-z]{2}|all)$/, 'The language is a two-letter code such as sv, or "all"')
      .optional(),
  })
  .strict();

export type TrustpilotConfig = z.output<typeof configSchema>;

/**
 * Watermarks are a review time and the ids that share it. `newest`: every review at or before it has been read.
 * `backlog`: a sweep from the top that the page cap cut short — the page to go on from and the newest review that
 * sweep saw; the next poll finishes it before starting anew, so a burst of reviews leaves no gap. (Reviews arriving
 * meanwhile push the list down, so going on by page number re-reads a few, never skips any.) `scope` is the
 * business unit and language filter; changing either starts afresh.
 */
const cursorSchema = z.object({
  scope: z.string(),
  newest: watermarkSchema.nullable(),
  backlog: z.object({ page: z.number().int().min(2), top: watermarkSchema.nullable() }).nullable(),
});
type Cursor = z.output<typeof cursorSchema>;

const reviewSchema = z.object({
  id: z.string().min(1),
  stars: z.number().nullish().catch(null),
  title: z.string().nullish(),
  text: z.string().nullish(),
  language: z.string().nullish(),
  createdAt: z.string(),
  consumer: z.object({ displayName: z.string().nullish() }).nullish(),
});
const pageSchema = z.object({
  reviews: z.array(z.unknown()),
  links: z
    .array(z.object({ rel: z.string().optional() }))
    .nullish()
    .catch(null),
});
const idAndTime = z.object({ id: z.string().min(1), createdAt: z.string() });

export const trustpilotAdapter: SourceAdapter<TrustpilotConfig> = {
  kind: 'trustpilot',
  title: 'Trustpilot reviews',
  url: 'none',
  config: configSchema,
  secrets: ['api_key'],
  async poll({ config, state, fetch, maxPages }) {
    const scope = `${config.business_unit_id}|${config.language ?? ''}`;
    const parsed = cursorSchema.safeParse(state.cursor).data;
    const previous = parsed?.scope === scope ? parsed : null;
    const since = previous?.newest ?? null;
    let top = previous?.backlog?.top ?? null;
    let page = previous?.backlog?.page ?? 1;

    const entries: IncomingMention[] = [];
    const skipped: PollResult['skipped'] = [];
    let index = 0;
    let finished = false;
    for (let read = 0; read < maxPages; read++) {
      const body = await readPage(fetch, config, page);
      let reachedSeen = false;
      for (const raw of body.reviews) {
        const at = index++;
        const key = idAndTime.safeParse(raw).data;
        const time = key ? parseDate(key.createdAt) : null;
        if (key && time !== null && since && watermarkCovers(since, time, key.id)) {
          reachedSeen = true;
          continue;
        }
        if (key && time !== null) top = raiseWatermark(top, time, key.id);
        const m = toMention(raw);
        if ('reason' in m) skipped.push({ index: at, reason: m.reason });
        else entries.push(m);
      }
      page++;
      // Newest first: once we meet a review we already have, the rest are older still.
      const hasNext = body.links ? body.links.some((l) => l.rel === 'next-page') : body.reviews.length >= PER_PAGE;
      if (reachedSeen || !hasNext || body.reviews.length === 0) {
        finished = true;
        break;
      }
      // Out of quota: stop here and go on next time.
      if (quotaSpent(body.headers)) break;
    }

    // The first poll reads the newest pages only; history beyond the cap is not back-filled.
    const cursor: Cursor = finished || !since ? { scope, newest: top ?? since, backlog: null } : { scope, newest: since, backlog: { page, top } };
    return {
      entries,
      skipped,
      state: { etag: null, lastModified: null, cursor },
      notModified: entries.length === 0 && skipped.length === 0,
    };
  },
};

async function readPage(fetch: SourceFetch, config: TrustpilotConfig, page: number) {
  const params = new URLSearchParams({ orderBy: 'createdat.desc', perPage: String(PER_PAGE), page: String(page) });
  if (config.language) params.set('language', config.language);
  const url = `${config.api_base}/business-units/${encodeURIComponent(config.business_unit_id)}/reviews?${params}`;
  let res;
  try {
    // The key goes in a header, not the query, so it never sits in an address that might be logged.
    res = await fetch(url, { accept: 'application/json', headers: { apikey: config.api_key } });
  } catch (e) {
    throw explain(e);
  }
  assertAnswered(res, 'Trustpilot');
  const body = parseJsonAs(res.body, pageSchema, 'Trustpilot did not answer with JSON', 'The Trustpilot answer has no list of reviews');
  return { ...body, headers: res.headers };
}

/** An API key cannot be renewed by the adapter, so a refusal is a settings problem: say which. */
function explain(e: unknown): unknown {
  if (!(e instanceof SourceFetchError)) return e;
  if (e.status === 401 || e.status === 403) {
    return new SourceFetchError('HTTP_CLIENT_ERROR', `Trustpilot refused the API key (${e.status}); check the key in the source's settings`, { status: e.status, cause: e });
  }
  if (e.status === 404) {
    return new SourceFetchError('HTTP_NOT_FOUND', 'Trustpilot does not know this business unit id (404)', { status: e.status, cause: e });
  }
  return e;
}

function toMention(raw: unknown): IncomingMention | { reason: string } {
  const p = reviewSchema.safeParse(raw);
  if (!p.success) return { reason: `not a readable review (${p.error.issues[0]?.path.join('.') || 'item'} is missing or not valid)` };
  const r = p.data;
  // The API sends plain text; stripping also copes with markup or entities should any come through.
  const title = stripHtml(r.title ?? '', 1_000) || null;
  const text = stripHtml(r.text ?? '');
  if (!title && !text) return { reason: 'the review has no text' };
  const stars = r.stars;
  return {
    externalKey: `id:${r.id}`,
    url: `https://www.trustpilot.com/reviews/${encodeURIComponent(r.id)}`,
    author: r.consumer?.displayName?.trim() || null,
    title,
    text,
    publishedAt: parseDate(r.createdAt),
    languageHint: language(r.language),
    // consumer.numberOfReviews counts what the reviewer has written, not who reads them: it is not reach.
    authorReach: null,
    engagement: null,
    rating: stars != null && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? stars : null,
  };
}
