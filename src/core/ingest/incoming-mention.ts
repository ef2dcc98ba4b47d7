import type { FeedEntry } from './parse-feed.ts';

/** A mention as a source delivers it, before storing: a feed entry plus what social and review sources add. */
export interface IncomingMention extends FeedEntry {
  authorReach?: number | null;
  engagement?: number | null;
  /** Stars 1–5. */
  rating?: number | null;
}
