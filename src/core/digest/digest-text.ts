// Text made fit for a digest: links only to an http(s) dashboard, debtor identifiers masked, long text shortened.

/** A base URL fit for links: absolute http(s), without a trailing slash; null otherwise. */
export function linkBase(baseUrl: string | null): string | null {
  if (!baseUrl) return null;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** Seven to fifteen digits, possibly with +, spaces, dots, dashes, slashes or brackets between them. */
const PHONE_RE = /(?<![\p{L}\p{N}])\+?\(?\d(?:[\s\-()./]{0,2}\d){6,14}(?![\p{N}])/gu;
const DATE_RE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$/;

/**
 * Text with whatever could identify a debtor replaced: the case references the analyser found (however they were
 * written: "LV-4051 2377", "4051-2377"), e-mail addresses, and phone-number-like runs of 7–15 digits (which also
 * covers personal codes and unflagged reference numbers; dates are left alone).
 */
export function maskIdentifiers(text: string, caseRefs: readonly string[], tokens: { caseRef: string; email: string; phone: string }): string {
  let out = text;
  const refs = [...new Set(caseRefs.map((r) => String(r).replace(/\D/g, '')).filter((r) => r.length >= 4))].sort((a, b) => b.length - a.length);
  for (const ref of refs) {
    const digits = ref.split('').map(escapeRe).join('[\\s\\-/.]?');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:\\p{Lu}{1,4}[-\\s]?)?${digits}(?!\\p{N})`, 'gu'), tokens.caseRef);
  }
  out = out.replace(EMAIL_RE, tokens.email);
  out = out.replace(PHONE_RE, (m) => (DATE_RE.test(m.trim()) ? m : tokens.phone));
  return out;
}

/** Up to `max` code points, on one line, cut at a word boundary when one is near, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  let cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s.,;:!?\-–—]+$/u, '')}…`;
}
