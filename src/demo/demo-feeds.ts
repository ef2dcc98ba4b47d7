import mentions from './mentions.json' with { type: 'json' };

/**
 * The demo workspace's feeds: realistic public mentions of a fictional collector, "Lumera", written for the
 * demo, served by Earshot itself so the real poller fetches them over HTTP. One feed per common format.
 */
export const DEMO_FEEDS = [
  { slug: 'news', name: 'News', format: 'rss2' },
  { slug: 'reviews', name: 'Reviews', format: 'atom' },
  { slug: 'forum', name: 'Forum', format: 'rss2' },
  { slug: 'social', name: 'Social', format: 'rss1' },
] as const satisfies readonly { slug: string; name: string; format: 'rss2' | 'atom' | 'rss1' }[];

interface DemoMention {
  id: string;
  feed: string;
  lang: string;
  hours_ago: number;
  author: string;
  title: string;
  text: string;
}

const HOUR = 3_600_000;

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Renders one demo feed. Publication times hang off the current hour, so they are stable between polls within
 * the hour and the feed looks current whenever the demo runs; GUIDs never change, so nothing duplicates.
 */
export function renderDemoFeed(slug: string, opts: { now: number; baseUrl: string }): { contentType: string; body: string } | null {
  const feed = DEMO_FEEDS.find((f) => f.slug === slug);
  if (!feed) return null;
  const anchor = Math.floor(opts.now / HOUR) * HOUR;
  const items = (mentions as DemoMention[])
    .filter((m) => m.feed === slug)
    .map((m) => ({ ...m, guid: `urn:lumera-demo:${m.id}`, link: `${opts.baseUrl}/demo/posts/${m.id}`, at: new Date(anchor - m.hours_ago * HOUR) }))
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const title = `Lumera mentions — ${feed.name} (demo)`;
  const home = escapeXml(`${opts.baseUrl}/demo`);
  const x = escapeXml;

  if (feed.format === 'atom') {
    const entries = items.map(
      (m) => `<entry xml:lang="${m.lang}"><id>${x(m.guid)}</id><title>${x(m.title || m.text.slice(0, 60))}</title><link href="${x(m.link)}"/><author><name>${x(m.author)}</name></author><updated>${m.at.toISOString()}</updated><content type="html">${x(m.text)}</content></entry>`,
    );
    return {
      contentType: 'application/atom+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${x(title)}</title><id>urn:lumera-demo:${slug}</id><link href="${home}"/><updated>${new Date(anchor).toISOString()}</updated>\n${entries.join('\n')}\n</feed>\n`,
    };
  }
  if (feed.format === 'rss1') {
    const entries = items.map(
      (m) => `<item rdf:about="${x(m.link)}"><title>${x(m.title || m.text.slice(0, 60))}</title><link>${x(m.link)}</link><description>${x(m.text)}</description><dc:creator>${x(m.author)}</dc:creator><dc:date>${m.at.toISOString()}</dc:date><dc:language>${m.lang}</dc:language></item>`,
    );
    return {
      contentType: 'application/rdf+xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="${home}"><title>${x(title)}</title><link>${home}</link><description>Short public posts (demo)</description><items><rdf:Seq>${items.map((m) => `<rdf:li resource="${x(m.link)}"/>`).join('')}</rdf:Seq></items></channel>\n${entries.join('\n')}\n</rdf:RDF>\n`,
    };
  }
  const entries = items.map(
    (m) => `<item><guid isPermaLink="false">${x(m.guid)}</guid><title>${x(m.title || m.text.slice(0, 60))}</title><link>${x(m.link)}</link><description>${x(m.text)}</description><dc:creator>${x(m.author)}</dc:creator><pubDate>${m.at.toUTCString()}</pubDate></item>`,
  );
  return {
    contentType: 'application/rss+xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${x(title)}</title><link>${home}</link><description>Mentions of Lumera (demo)</description>\n${entries.join('\n')}\n</channel></rss>\n`,
  };
}
