// Every polled source kind and its adapter. (`push` sources receive mentions through the API instead.)
import type { SourceKind } from '../../db/schema/constants.ts';
import { appStoreAdapter } from './app-store.ts';
import { blueskyAdapter } from './bluesky.ts';
import { cfpbAdapter } from './cfpb.ts';
import { jsonAdapter } from './generic-json.ts';
import { googleNewsAdapter } from './google-news.ts';
import { hackerNewsAdapter } from './hacker-news.ts';
import { mastodonAdapter } from './mastodon.ts';
import { PUSH_SECRETS, pushConfig } from './push.ts';
import { redditAdapter } from './reddit.ts';
import { rssAdapter } from './rss.ts';
import { trustpilotAdapter } from './trustpilot.ts';
import type { SourceAdapter } from './types.ts';
import { youtubeAdapter } from './youtube.ts';

// Each adapter checks its own config with its zod schema before polling, so the registry can hold them untyped.
type AnyAdapter = SourceAdapter<any>;

const ADAPTERS: AnyAdapter[] = [
  rssAdapter,
  googleNewsAdapter,
  redditAdapter,
  blueskyAdapter,
  mastodonAdapter,
  hackerNewsAdapter,
  appStoreAdapter,
  trustpilotAdapter,
  youtubeAdapter,
  cfpbAdapter,
  jsonAdapter,
];

const BY_KIND = new Map<SourceKind, AnyAdapter>(ADAPTERS.map((a) => [a.kind, a]));

/** The adapter of a polled kind, or null for kinds that are not polled. */
export function adapterFor(kind: SourceKind): AnyAdapter | null {
  return BY_KIND.get(kind) ?? null;
}

export const POLLED_KINDS = ADAPTERS.map((a) => a.kind);

/** How a source of any kind is set up: its url rule, settings schema and credential fields; null for unknown kinds. */
export function settingsFor(kind: SourceKind): Pick<AnyAdapter, 'url' | 'config' | 'secrets'> | null {
  if (kind === 'push') return { url: 'none', config: pushConfig, secrets: PUSH_SECRETS };
  return adapterFor(kind);
}
