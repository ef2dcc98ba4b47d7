import { LANGUAGES, SENTIMENT_LABELS, TACTICS, type Language, type SentimentLabel, type Tactic } from '../../db/schema/constants.ts';
import { toFtsQuery, type Cursor, type MentionFilters } from '../../db/queries/mention-list.ts';
import { decodeCursor } from '../../src/core/cursor.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { parseIsoDay } from './format.ts';

/** The filter form's fields, as the form shows them back (only values that were accepted). */
export interface FilterValues {
  source: string;
  language: string;
  sentiment: string;
  tactic: string;
  from: string;
  to: string;
  q: string;
  relevant: string;
}

export interface ParsedFilters {
  filters: MentionFilters;
  values: FilterValues;
  cursor: Cursor | null;
  /** One sentence per filter that was ignored, for the page to show. */
  problems: string[];
}

const MAX_Q = 200;

/** Quotes a user-supplied value for a message, shortened so a huge parameter does not flood the page. */
const shown = (v: string) => `“${v.length > 40 ? `${v.slice(0, 40)}…` : v}”`;

const includes = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/**
 * Reads the mention list's query parameters. Each bad value is dropped with a message instead of failing
 * the page; a bad cursor is dropped silently (the list starts from the newest).
 */
export function parseFilters(query: Record<string, string | undefined>, sourceIds: ReadonlySet<number>): ParsedFilters {
  const filters: MentionFilters = {};
  const values: FilterValues = { source: '', language: '', sentiment: '', tactic: '', from: '', to: '', q: '', relevant: '' };
  const problems: string[] = [];
  const get = (k: string) => (query[k] ?? '').trim();

  const source = get('source');
  if (source) {
    const id = /^\d{1,15}$/.test(source) ? Number(source) : NaN;
    if (sourceIds.has(id)) {
      filters.sourceId = id;
      values.source = String(id);
    } else problems.push(`There is no source ${shown(source)}; showing all sources.`);
  }

  const language = get('language');
  if (language) {
    if (includes<Language>(LANGUAGES, language)) {
      filters.language = language;
      values.language = language;
    } else problems.push(`Unknown language ${shown(language)}; showing all languages.`);
  }

  const sentiment = get('sentiment');
  if (sentiment) {
    if (includes<SentimentLabel>(SENTIMENT_LABELS, sentiment)) {
      filters.sentiment = sentiment;
      values.sentiment = sentiment;
    } else problems.push(`Unknown sentiment ${shown(sentiment)}; showing every sentiment.`);
  }

  const tactic = get('tactic');
  if (tactic) {
    if (includes<Tactic>(TACTICS, tactic)) {
      filters.tactic = tactic;
      values.tactic = tactic;
    } else problems.push(`Unknown tactic ${shown(tactic)}; showing every tactic.`);
  }

  const fromText = get('from');
  const toText = get('to');
  let from = fromText ? parseIsoDay(fromText) : null;
  let to = toText ? parseIsoDay(toText) : null;
  if (fromText && from === null) problems.push(`The “from” date ${shown(fromText)} is not a date (YYYY-MM-DD); ignored.`);
  if (toText && to === null) problems.push(`The “to” date ${shown(toText)} is not a date (YYYY-MM-DD); ignored.`);
  if (from !== null && to !== null && from > to) {
    problems.push(`The “from” date is after the “to” date; both ignored.`);
    from = to = null;
  }
  if (from !== null) {
    filters.from = from;
    values.from = fromText;
  }
  if (to !== null) {
    // `to` is inclusive: up to the last millisecond of that UTC day.
    filters.to = to + DAY_MS - 1;
    values.to = toText;
  }

  const q = get('q');
  if (q) {
    const trimmed = Array.from(q).slice(0, MAX_Q).join('');
    if (toFtsQuery(trimmed)) {
      filters.q = trimmed;
      values.q = trimmed;
    } else problems.push(`The search ${shown(q)} has no letters or digits to look for; ignored.`);
  }

  const relevant = get('relevant');
  if (relevant === '1') {
    filters.relevant = true;
    values.relevant = '1';
  } else if (relevant) problems.push(`“relevant” can only be 1; ignored.`);

  const cursorText = get('cursor');
  const cursor = cursorText && cursorText.length <= 200 ? decodeCursor(cursorText) : null;

  return { filters, values, cursor, problems };
}
