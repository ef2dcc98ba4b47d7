import { entryKey } from './entry-key.ts';
import { SourceFetchError } from './fetch-errors.ts';
import { ITEM_FAILED, type RawFeed, type RawItem, readFeedXml, XML_LANG } from './rss-reader.ts';
import { stripHtml } from './strip-html.ts';
import { flattenAtomXhtml, repairXmlEntities } from './xml-repair.ts';

export interface FeedEntry {
  externalKey: string;
  url: string | null;
  author: string | null;
  title: string | null;
  text: string;
  /** Epoch ms UTC, or null when the feed gives no readable date. */
  publishedAt: number | null;
  /** Lower-case primary language subtag ("lv"), from the entry or else the feed. */
  languageHint: string | null;
}

export interface ParsedFeed {
  title: string | null;
  language: string | null;
  entries: FeedEntry[];
  /** Items of the document not in `entries` (unreadable, empty, duplicate): entries + skipped = items. */
  skipped: { index: number; reason: string }[];
}

const MAX_TITLE = 1_000;
const MAX_AUTHOR = 200;
const MAX_URL = 2_048;

/**
 * RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 text → plain-text entries. Throws SourceFetchError
 * (NOT_A_FEED, PARSE_ERROR) only for the document as a whole; odd entries are skipped, not fatal.
 */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  const raw = await readDocument(xml);
  const feedLang = language(raw.language) ?? language(raw.dcLanguage) ?? language(raw[XML_LANG]);
  const items = Array.isArray(raw.items) ? raw.items : [];

  const skipped: ParsedFeed['skipped'] = [];
  const guidCounts = new Map<string, number>();
  for (const item of items) {
    const g = guidOf(item);
    if (g) guidCounts.set(g, (guidCounts.get(g) ?? 0) + 1);
  }

  const entries: FeedEntry[] = [];
  const firstIndexByKey = new Map<string, number>();
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!item || typeof item !== 'object' || item[ITEM_FAILED]) {
      skipped.push({ index, reason: 'The entry could not be read' });
      continue;
    }
    const title = clean(text(item.title) ?? text(item['dc:title']), MAX_TITLE);
    const body = richestText(item);
    if (!title && !body) {
      skipped.push({ index, reason: 'The entry has neither a title nor any text' });
      continue;
    }
    const guid = guidOf(item);
    const url = httpUrl(text(item.link)) ?? httpUrl(guid) ?? null;
    const externalKey = entryKey({ guid, url, title, text: body, guidRepeats: !!guid && guidCounts.get(guid)! > 1 });
    const seen = firstIndexByKey.get(externalKey);
    if (seen !== undefined) {
      skipped.push({ index, reason: `The entry repeats entry ${seen}` });
      continue;
    }
    firstIndexByKey.set(externalKey, index);
    entries.push({
      externalKey,
      url,
      author: authorOf(item),
      title,
      text: body,
      publishedAt: publishedAt(item),
      languageHint: language(item.dcLanguage) ?? language(item[XML_LANG]) ?? feedLang,
    });
  }

  return { title: clean(text(raw.title), MAX_TITLE), language: feedLang, entries, skipped };
}

async function readDocument(xml: string): Promise<RawFeed> {
  const head = xml
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 2048);
  if (head === '') throw notAFeed('The document is empty');
  if (head[0] === '{' || head[0] === '[') throw notAFeed('The address returned JSON, not an RSS or Atom feed');
  if (head[0] !== '<') throw notAFeed('The address returned plain text, not an RSS or Atom feed');

  let raw: RawFeed;
  try {
    raw = await readFeedXml(repairXmlEntities(flattenAtomXhtml(xml.replace(/^\uFEFF/, ''))));
  } catch (e) {
    if (looksLikeHtml(head)) throw notAFeed('The address returned a web page, not an RSS or Atom feed');
    const message = e instanceof Error ? e.message : '';
    const wellFormed = !/\nLine: \d+/.test(message);
    // An <rss> with no <channel> (or a bare <feed>) is a feed with nothing in it yet, not a wrong address.
    if (wellFormed && FEED_ROOT.test(xml.replace(/<!--[\s\S]*?-->/g, ''))) return { items: [] } as unknown as RawFeed;
    if (/not recognized as RSS/i.test(message)) throw notAFeed('The document is XML but not an RSS or Atom feed');
    // sax messages quote document text; keep only the (zero-based) line number.
    const line = /\nLine: (\d+)/.exec(message);
    if (line) throw parseError(`The feed is not well-formed XML (error on line ${Number(line[1]) + 1})`);
    throw parseError('The feed could not be read as RSS or Atom');
  }
  if (!raw || typeof raw !== 'object') throw parseError('The feed could not be read as RSS or Atom');
  return raw;
}

/** The first element of the document is a feed root. */
const FEED_ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<(?:rss|feed|rdf:RDF|RDF)[\s>/]/i;
const notAFeed = (m: string) => new SourceFetchError('NOT_A_FEED', m);
const parseError = (m: string) => new SourceFetchError('PARSE_ERROR', m);
const looksLikeHtml = (head: string) => /<!doctype\s+html\b|<html[\s>]/i.test(head);

/** xml2js values are strings, `{ _: text, $: attrs }`, or nested elements; collect their text. */
function text(v: unknown, depth = 0): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!v || typeof v !== 'object' || depth > 8) return null;
  if (Array.isArray(v)) return joinText(v.map((x) => text(x, depth + 1)));
  // Mixed content: xml2js keeps the element's own text in `_` and children by name (order is lost).
  const o = v as Record<string, unknown>;
  const children = Object.entries(o)
    .filter(([k]) => k !== '$' && k !== '_')
    .map(([, x]) => text(x, depth + 1));
  return joinText([typeof o._ === 'string' ? o._ : null, ...children]);
}

function joinText(parts: (string | null)[]): string | null {
  const s = parts.filter((p): p is string => !!p).join(' ');
  return s === '' ? null : s;
}

/** Titles and names are single-line plain text, or null when nothing is left. */
function clean(v: string | null, max: number): string | null {
  if (v === null) return null;
  return stripHtml(v, max).replace(/\s+/g, ' ') || null;
}

/** The longest plain text among the places feeds put an entry's body. */
function richestText(item: RawItem): string {
  let best = '';
  const sources = [item.contentEncoded, item['content:encoded'], item.content, item.rawContent, item.rawDescription, item.summary, item.rawSummary];
  for (const source of new Set(sources.map((s) => text(s)))) {
    if (!source) continue;
    const t = stripHtml(source);
    if (t.length > best.length) best = t;
  }
  return best;
}

function guidOf(item: RawItem): string | null {
  if (!item || typeof item !== 'object') return null;
  for (const v of [item.guid, item.id, item['rdf:about']]) {
    const g = text(v)?.trim();
    if (g) return g;
  }
  return null;
}

/** Absolute http(s) URLs only: `javascript:`, `data:` and relative links are dropped. */
function httpUrl(v: string | null): string | null {
  if (!v) return null;
  const s = v.trim();
  if (!/^https?:\/\//i.test(s) || s.length > MAX_URL) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function authorOf(item: RawItem): string | null {
  const raw = [item.creator, item.dcCreator, item.author, item.rawAuthor]
    .map((v) => (v && typeof v === 'object' && 'name' in v ? (v as { name: unknown }).name : v))
    .map((v) => text(v))
    .find((v) => v?.trim());
  if (!raw) return null;
  // RSS 2.0 <author> is "email (Name)"; the name is what people recognise.
  const named = /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(raw);
  return clean(named ? named[1] : raw, MAX_AUTHOR);
}

function publishedAt(item: RawItem): number | null {
  const candidates = [item.rawPublished, item.rawIssued, item.pubDate, item.dcDate, item.date, item.rawCreated, item.isoDate, item.rawUpdated, item.rawModified];
  for (const c of candidates) {
    const t = parseDate(text(c));
    if (t !== null) return t;
  }
  return null;
}

/** Epoch ms or null. A zone-less ISO time is read as UTC so the result never depends on the host's zone. */
export function parseDate(s: string | null): number | null {
  if (!s) return null;
  let v = s.trim();
  // V8's Date.parse accepts almost anything ("5" is 2001); demand a year before trusting it.
  if (v.length > 100 || !/\d{4}|\d{1,2}[ -][A-Za-z]{3}[ -]\d{2}\b/.test(v)) return null;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v = `${v.replace(' ', 'T')}Z`;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** "lv-LV", "en_us", "LV" → "lv"; anything that is not a 2–3 letter primary subtag → null. */
export function language(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  const primary = s.trim().split(/[-_]/)[0].toLowerCase();
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
