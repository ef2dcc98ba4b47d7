import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 (random port) whose routes a test sets and changes as it goes. */
export async function startFeedServer(routes: Record<string, Handler> = {}) {
  const hits: { path: string; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.push({ path, headers: req.headers });
    const handler = routes[path];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    hits,
    url: (path: string) => base + path,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Serves a fixed body with a content type, and optional extra headers. */
export const serveBody =
  (body: string | Uint8Array, contentType = 'application/rss+xml; charset=utf-8', headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    res.writeHead(200, { 'content-type': contentType, ...headers }).end(body);

/** Builds a small RSS 2.0 document from items (our own test texts). */
export function rss(items: { guid?: string; title?: string; link?: string; description?: string; pubDate?: string; author?: string }[], extra = ''): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map(
      (i) =>
        `<item>${i.guid ? `<guid>${esc(i.guid)}</guid>` : ''}${i.title ? `<title>${esc(i.title)}</title>` : ''}${
          i.link ? `<link>${esc(i.link)}</link>` : ''
        }${i.description ? `<description>${esc(i.description)}</description>` : ''}${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}${
          i.author ? `<dc:creator>${esc(i.author)}</dc:creator>` : ''
        }</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Test feed</title><link>http://example.com/</link><description>t</description>${extra}
${body}
</channel></rss>`;
}
