import { sha256Hex } from '../crypto.ts';

/**
 * Stable identity of a feed entry across polls, so re-reading a feed never duplicates mentions.
 * The kind prefix keeps keys from different sources of identity from ever colliding.
 */
export const MAX_KEY_LENGTH = 512;

export type EntryKeyKind = 'guid' | 'guid+url' | 'url' | 'hash';

export interface EntryKeyParts {
  /** RSS guid, Atom id or RDF rdf:about, trimmed; empty counts as missing. */
  guid?: string | null;
  /** The entry's absolute http(s) URL, already validated. */
  url?: string | null;
  title?: string | null;
  text?: string | null;
  /** True when this guid occurs more than once in the same document (a broken feed); URL disambiguates. */
  guidRepeats?: boolean;
}

/** guid → guid+url (when guids repeat) → url → hash of title and text. */
export function entryKey(parts: EntryKeyParts): string {
  const guid = parts.guid?.trim() || null;
  const url = parts.url?.trim() || null;
  if (guid && parts.guidRepeats) return cap('guid+url', `${guid} ${url ?? ''}`);
  if (guid) return cap('guid', guid);
  if (url) return cap('url', url);
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  return `hash:${sha256Hex(`${parts.title ?? ''}\u0000${parts.text ?? ''}`)}`;
}

/** Keys fit an indexed column: anything longer is replaced by its hash, keeping the kind. */
function cap(kind: EntryKeyKind, value: string): string {
  const key = `${kind}:${value}`;
  return key.length <= MAX_KEY_LENGTH ? key : `${kind}:sha256:${sha256Hex(value)}`;
}
