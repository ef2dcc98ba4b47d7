import Parser from 'rss-parser';

/**
 * rss-parser, hardened. Its per-item builders throw on ordinary oddities (an Atom date it cannot
 * read, a `<link>` without attributes), and one throw loses the whole feed. We wrap those
 * builders so a bad entry becomes a marked item and the rest survive, and we record `xml:lang`,
 * which rss-parser drops. This relies on rss-parser internals (parseItemAtom, parseItemRss,
 * buildAtomFeed, buildRSS*, decorateItunes) of the exact pinned version; the tests exercise it.
 */
export type RawItem = Record<string, unknown>;
export interface RawFeed {
  items: RawItem[];
  [key: string]: unknown;
}

/** Set on an item whose builder threw; the value is a short reason. */
export const ITEM_FAILED = '__earshotFailed';
/** The `xml:lang` of the root element (on the feed) or of an Atom entry (on the item). */
export const XML_LANG = '__earshotXmlLang';

const CUSTOM_FIELDS = {
  feed: [['dc:language', 'dcLanguage']],
  item: [
    ['dc:creator', 'dcCreator'],
    ['dc:date', 'dcDate'],
    ['dc:language', 'dcLanguage'],
    ['content:encoded', 'contentEncoded'],
    ['content', 'rawContent'],
    ['summary', 'rawSummary'],
    ['description', 'rawDescription'],
    ['author', 'rawAuthor'],
    ['published', 'rawPublished'],
    ['updated', 'rawUpdated'],
    // Atom 0.3 dates.
    ['issued', 'rawIssued'],
    ['modified', 'rawModified'],
    ['created', 'rawCreated'],
  ],
};

type Obj = Record<string, unknown>;
interface Internals {
  parseItemAtom(entry: unknown): RawItem;
  parseItemRss(item: unknown, fields: unknown): RawItem;
  buildAtomFeed(xml: Obj): RawFeed;
  buildRSS0_9(xml: Obj): RawFeed;
  buildRSS1(xml: Obj): RawFeed;
  buildRSS2(xml: Obj): RawFeed;
  decorateItunes(feed: unknown, channel: unknown): void;
}

/** A fresh parser per document: xml2js parsers are stateful and cheap to make. */
export function readFeedXml(xml: string): Promise<RawFeed> {
  const parser = new Parser({ customFields: CUSTOM_FIELDS } as ConstructorParameters<typeof Parser>[0]);
  const p = parser as unknown as Internals;

  const atomItem = p.parseItemAtom.bind(parser);
  const rssItem = p.parseItemRss.bind(parser);
  p.parseItemAtom = (entry) =>
    guard(() => {
      const item = atomItem(sanitiseAtom(entry));
      item[XML_LANG] = attr(entry, 'xml:lang');
      return item;
    });
  p.parseItemRss = (item, fields) => guard(() => rssItem(item, fields));
  p.decorateItunes = () => {}; // podcast metadata is of no use here, and it can throw.

  for (const name of ['buildAtomFeed', 'buildRSS0_9', 'buildRSS1', 'buildRSS2'] as const) {
    const build = p[name].bind(parser);
    p[name] = (root: Obj) => {
      const top = Object.values(root)[0];
      const feed = build(name === 'buildAtomFeed' ? { ...root, feed: sanitiseAtom(top) } : root);
      feed[XML_LANG] = attr(top, 'xml:lang') ?? attr(first((top as Obj | undefined)?.channel), 'xml:lang');
      return feed;
    };
  }
  return parser.parseString(xml) as unknown as Promise<RawFeed>;
}

function guard(build: () => RawItem): RawItem {
  try {
    return build();
  } catch (e) {
    return { [ITEM_FAILED]: e instanceof Error ? e.name : 'Error' };
  }
}

/**
 * rss-parser calls `new Date(x).toISOString()` on Atom dates (throws on garbage) and reads
 * `link.$.rel` (throws on `<link>text</link>`). Drop unreadable dates; turn text links into hrefs.
 */
function sanitiseAtom(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const n = { ...(node as Obj) };
  for (const key of ['published', 'updated']) {
    const v = first(n[key]);
    if (v !== undefined && (typeof v !== 'string' || Number.isNaN(new Date(v).getTime()))) delete n[key];
  }
  if (Array.isArray(n.link)) {
    n.link = n.link.map((l) => (typeof l === 'string' ? { $: { href: l.trim() } } : l)).filter((l) => l && typeof l === 'object' && typeof (l as Obj).$ === 'object');
  }
  return n;
}

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : undefined);

function attr(node: unknown, name: string): string | undefined {
  const attrs = node && typeof node === 'object' ? (node as Obj).$ : undefined;
  const v = attrs && typeof attrs === 'object' ? (attrs as Obj)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}
