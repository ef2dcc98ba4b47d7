import { base64url, fromBase64url } from './crypto.ts';

/** Opaque keyset cursor: base64url of `[time, id]`, the sort key of a list (a mention's published_at, a case's opened_at). */
export function encodeCursor(c: { publishedAt: number; id: number }): string {
  return base64url(new TextEncoder().encode(JSON.stringify([c.publishedAt, c.id])));
}

export function decodeCursor(text: string): { publishedAt: number; id: number } | null {
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(fromBase64url(text)));
    if (Array.isArray(v) && v.length === 2 && v.every((n) => Number.isSafeInteger(n))) return { publishedAt: v[0], id: v[1] };
  } catch {
    // fall through: not a cursor we issued
  }
  return null;
}
