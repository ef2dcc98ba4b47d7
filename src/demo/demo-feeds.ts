import { demoCaseData } from './demo-cases.ts';
import mentions from './mentions.json' with { type: 'json' };
import { HOUR_MS } from '../core/time/durations.ts';

/**
 * The demo workspace's feeds: realistic public mentions of a fictional collector, "Lumera", written for the
 * demo and served by Earshot itself at `/demo/feeds/:slug`, so the real poller fetches them over HTTP.
 * One feed per common format. Runtime-neutral: no Node APIs, and the time comes in as an argument.
 */
export const DEMO_FEEDS = [
  { slug: 'news', name: 'News', format: 'rss2' },
  { slug: 'reviews', name: 'Reviews', format: 'atom' },
  { slug: 'forum', name: 'Forum', format: 'rss2' },
  { slug: 'social', name: 'Social', format: 'rss1' },
] as const satisfies readonly { slug: string; name: string; format: 'rss2' | 'atom' | 'rss1' }[];

export interface DemoMention {
  id: string;
  feed: string;
  lang: string;
  hours_ago: number;
  title: string;
  text: string;
  author: string;
  link_path: string;
}

export const DEMO_MENTIONS: readonly DemoMention[] = mentions;

const DESCRIPTIONS: Record<string, string> = {
  news: 'News and blog articles mentioning Lumera (demo)',
  reviews: 'Customer reviews of Lumera (demo)',
  forum: 'Forum threads about Lumera (demo)',
  social: 'Short public posts about Lumera (demo)',
};

/** Text → XML character data or attribute value. Drops the control characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The GUID of a demo mention; never changes, so re-polls and restarts do not duplicate anything. */
export const demoGuid = (id: string) => `urn:lumera-demo:${id}`;

let caseAnchor: number | null = null;

/**
 * The anchor of the demo cases in this workspace (see demo-cases.ts), set when they are seeded or found at
 * start: from then on the forum and social feeds also carry the public posts about those cases, dated against
 * the cases' own actions. Null (the default): only the hand-written mentions.
 */
export function setDemoCaseAnchor(anchor: number | null): void {
  caseAnchor = anchor;
}

/**
 * Renders one demo feed, or null for an unknown slug. Publication times hang off the start of the current
 * hour (`anchor - hours_ago`), so a feed is byte-identical between polls within the hour and the demo looks
 * current whenever it runs; items drift forward at most an hour per hour and keep their GUIDs. With demo cases
 * (`caseAnchor`, by default the one set by setDemoCaseAnchor), the forum and social feeds also carry the posts
 * about them, whose times are fixed by the cases' anchor. Text is XML-escaped once: HTML inside a mention comes
 * out as HTML after XML parsing, as in a real feed.
 */
export function renderDemoFeed(slug: string, opts: { now: number; baseUrl: string; caseAnchor?: number | null }): { contentType: string; body: string } | null {
  const feed = DEMO_FEEDS.find((f) => f.slug === slug);
  if (!feed) return null;
  const x = escapeXml;
  const base = opts.baseUrl.replace(/\/+$/, '');
  const anchor = Math.floor(opts.now / HOUR_MS) * HOUR_MS;
  const written = DEMO_MENTIONS.filter((m) => m.feed === slug).map((m) => ({ ...m, at: new Date(anchor - m.hours_ago * HOUR_MS) }));
  // Posts about the demo cases have fixed times (the cases' anchor day); none is shown before its time.
  const cases = opts.caseAnchor === undefined ? caseAnchor : opts.caseAnchor;
  const generated = cases === null ? [] : demoCaseData(cases).mentions.filter((m) => m.feed === slug && m.published_at <= anchor);
  const items = [...written, ...generated.map((m) => ({ ...m, at: new Date(m.published_at) }))]
    .map((m) => ({ ...m, guid: demoGuid(m.id), link: `${base}/demo${m.link_path}` }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.id.localeCompare(b.id));
  const title = `Lumera mentions: ${feed.name} (Earshot demo)`;
  const home = `${base}/demo`;
  const self = `${base}/demo/feeds/${slug}`;
  const description = DESCRIPTIONS[slug] ?? title;
  const xmlDecl = '<?xml version="1.0" encoding="utf-8"?>';

  if (feed.format === 'atom') {
    const entries = items.map((m) =>
      [
        `  <entry xml:lang="${x(m.lang)}">`,
        `    <id>${x(m.guid)}</id>`,
        `    <title>${x(m.title)}</title>`,
        `    <link rel="alternate" type="text/html" href="${x(m.link)}"/>`,
        `    <author><name>${x(m.author)}</name></author>`,
        `    <published>${m.at.toISOString()}</published>`,
        `    <updated>${m.at.toISOString()}</updated>`,
        `    <content type="html">${x(m.text)}</content>`,
        '  </entry>',
      ].join('\n'),
    );
    return {
      contentType: 'application/atom+xml; charset=utf-8',
      body: [
        xmlDecl,
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        `  <title>${x(title)}</title>`,
        `  <subtitle>${x(description)}</subtitle>`,
        `  <id>urn:lumera-demo:feed:${x(slug)}</id>`,
        `  <link rel="alternate" type="text/html" href="${x(home)}"/>`,
        `  <link rel="self" type="application/atom+xml" href="${x(self)}"/>`,
        `  <updated>${new Date(anchor).toISOString()}</updated>`,
        ...entries,
        '</feed>',
        '',
      ].join('\n'),
    };
  }

  if (feed.format === 'rss1') {
    const entries = items.map((m) =>
      [
        `  <item rdf:about="${x(m.guid)}">`,
        `    <title>${x(m.title)}</title>`,
        `    <link>${x(m.link)}</link>`,
        `    <description>${x(m.text)}</description>`,
        `    <dc:creator>${x(m.author)}</dc:creator>`,
        `    <dc:date>${m.at.toISOString()}</dc:date>`,
        `    <dc:language>${x(m.lang)}</dc:language>`,
        '  </item>',
      ].join('\n'),
    );
    return {
      contentType: 'application/rdf+xml; charset=utf-8',
      body: [
        xmlDecl,
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        `  <channel rdf:about="${x(self)}">`,
        `    <title>${x(title)}</title>`,
        `    <link>${x(home)}</link>`,
        `    <description>${x(description)}</description>`,
        `    <dc:date>${new Date(anchor).toISOString()}</dc:date>`,
        '    <items>',
        '      <rdf:Seq>',
        ...items.map((m) => `        <rdf:li rdf:resource="${x(m.guid)}"/>`),
        '      </rdf:Seq>',
        '    </items>',
        '  </channel>',
        ...entries,
        '</rdf:RDF>',
        '',
      ].join('\n'),
    };
  }

  // RSS 2.0 (news articles and forum threads). No channel <language>: both feeds mix languages, and a
  // channel-wide hint would mislabel most of their items.
  const entries = items.map((m) =>
    [
      '    <item>',
      `      <title>${x(m.title)}</title>`,
      `      <link>${x(m.link)}</link>`,
      `      <guid isPermaLink="false">${x(m.guid)}</guid>`,
      `      <dc:creator>${x(m.author)}</dc:creator>`,
      `      <pubDate>${m.at.toUTCString()}</pubDate>`,
      `      <description>${x(m.text)}</description>`,
      '    </item>',
    ].join('\n'),
  );
  return {
    contentType: 'application/rss+xml; charset=utf-8',
    body: [
      xmlDecl,
      '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
      '  <channel>',
      `    <title>${x(title)}</title>`,
      `    <link>${x(home)}</link>`,
      `    <description>${x(description)}</description>`,
      `    <atom:link rel="self" type="application/rss+xml" href="${x(self)}"/>`,
      `    <lastBuildDate>${new Date(anchor).toUTCString()}</lastBuildDate>`,
      '    <ttl>60</ttl>',
      ...entries,
      '  </channel>',
      '</rss>',
      '',
    ].join('\n'),
  };
}
