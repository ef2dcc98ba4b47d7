// The same story reaches Earshot more than once: a publisher's feed and Google News, a tracking-tagged link
// and a clean one, a feed that changes its GUIDs. Two keys find those copies across sources: the normalised
// URL, and (within DUPLICATE_TITLE_WINDOW_MS) the normalised title.
import { foldDiacritics } from '../nlp/tokenize.ts';
import { DAY_MS } from '../time/durations.ts';

/** Titles this short ("Review", "Re: help") are too common to say two mentions are one. */
const MIN_TITLE_KEY = 24;
export const DUPLICATE_TITLE_WINDOW_MS = 7 * DAY_MS;

/** Query parameters that only say where a click came from. */
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|cmpid|_ga|yclid|spm)$/i;

/** Scheme-less, lower-case host without www, no fragment, no tracking parameters, sorted query, no trailing slash. */
export function urlKey(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const params = [...u.searchParams].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port ? `:${u.port}` : '';
  const path = u.pathname.replace(/\/+$/, '') || '';
  return `${host}${port}${path}${query}`;
}

/** Lower-case, folded, letters and digits only, single spaces; null when too short to identify anything. */
export function titleKey(title: string | null | undefined): string | null {
  if (!title) return null;
  const key = foldDiacritics(title.toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return key.length >= MIN_TITLE_KEY ? key : null;
}
