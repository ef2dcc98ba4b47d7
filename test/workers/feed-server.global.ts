import type { TestProject } from 'vitest/node';
import { rss, serveBody, startFeedServer } from '../helpers/feed-server.ts';

/** Runs in Node, outside workerd: a real feed server on 127.0.0.1 that the Worker polls. */
export default async function setup(project: TestProject) {
  const server = await startFeedServer({
    '/lumera.xml': serveBody(
      rss([
        { guid: 'w1', title: 'Calls every day', description: 'Lumera called me ten times today. Terrible.', pubDate: 'Wed, 18 Nov 2026 08:00:00 GMT' },
        { guid: 'w2', title: 'Kind agent', description: 'The Lumera agent was kind and helpful; we agreed a payment plan.', pubDate: 'Thu, 19 Nov 2026 08:00:00 GMT' },
        { guid: 'w3', title: 'Piedzinēji', description: 'Lumera piedzinēji zvana katru dienu, briesmīgi.', pubDate: 'Fri, 20 Nov 2026 08:00:00 GMT' },
      ]),
    ),
  });
  project.provide('feedBase', server.base);
  return () => server.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    feedBase: string;
  }
}
