// One interface for every kind of source that Earshot polls. An adapter knows one API's shape: how to ask
// (URL, paging, auth) and how to read the answer into mentions. Everything else — limits, redirects, private
// addresses, errors in plain words, back-off, health, storage — is shared and lives outside the adapters.
import type { z } from 'zod';
import type { SourceKind } from '../../db/schema/constants.ts';
import type { FetchFeedOptions, FetchFeedResult } from '../core/ingest/fetch-feed.ts';
import type { IncomingMention } from '../core/ingest/incoming-mention.ts';

/** One request with the project's fetch discipline; failures throw SourceFetchError with a plain message. */
export type SourceFetch = (url: string, options?: Pick<FetchFeedOptions, 'accept' | 'headers' | 'post' | 'etag' | 'lastModified'>) => Promise<FetchFeedResult>;

/** What a source remembers between polls. `cursor` belongs to the adapter (JSON). */
export interface PollState {
  etag: string | null;
  lastModified: string | null;
  cursor: unknown;
}

export interface PollRequest<C> {
  url: string | null;
  config: C;
  state: PollState;
  fetch: SourceFetch;
  /** Epoch ms of this poll. */
  now: number;
  /** Most pages one poll may read (a cap per run; the cursor carries on next time). */
  maxPages: number;
}

export interface PollResult {
  entries: IncomingMention[];
  /** Items the source sent that could not be read, with why (never their content). */
  skipped: { index: number; reason: string }[];
  state: PollState;
  /** Nothing changed since the last poll (304, or an unchanged first page). */
  notModified?: boolean;
}

export interface SourceAdapter<C = Record<string, unknown>> {
  kind: SourceKind;
  /** Shown in the dashboard's "add a source" form. */
  title: string;
  /** Whether the source is addressed by a URL (feeds, generic JSON) or by its config alone. */
  url: 'required' | 'none';
  config: z.ZodType<C>;
  /** Config fields holding credentials: encrypted at rest and never returned by the API. */
  secrets: readonly string[];
  poll(request: PollRequest<C>): Promise<PollResult>;
}
