// HMAC-SHA256 request signatures, one scheme both ways: webhooks Earshot receives (push sources) and webhooks it
// sends (alert notifications). The signed payload is "<unix seconds>.<raw body>", so a replay needs a fresh timestamp.

/** How old a signed request may be: enough for clock skew and a retry, too little to replay it later. */
export const SIGNATURE_TOLERANCE_S = 300;
export const SIGNATURE_HEADER = 'earshot-signature';

const encoder = new TextEncoder();

/** The MAC of "<t>." followed by the body's exact bytes: text is signed as its UTF-8 bytes. */
async function hmacHex(secret: string, t: number, body: string | Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = encoder.encode(`${t}.`);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const payload = new Uint8Array(prefix.length + bytes.length);
  payload.set(prefix);
  payload.set(bytes, prefix.length);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, payload));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The header a sender puts on a request: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export async function signatureHeader(secret: string, body: string | Uint8Array, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, unixSeconds, body)}`;
}

/** The timestamp and MAC of a signature header, or null when it is not "t=<unix seconds>,v1=<hex>". */
export function parseSignatureHeader(header: string): { t: number; v1: string } | null {
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  return Number.isInteger(t) && /^[0-9a-f]{64}$/.test(v1) ? { t, v1 } : null;
}

/**
 * Why a signature is not accepted, in words for the sender; null when it is good. Give the body as received,
 * bytes and all: checked over decoded text, bytes that are not UTF-8 would all read as U+FFFD and verify alike.
 */
export async function verifySignature(secret: string, header: string | null | undefined, body: string | Uint8Array, nowMs: number): Promise<string | null> {
  if (!header) return `the ${SIGNATURE_HEADER} header is missing`;
  const parsed = parseSignatureHeader(header);
  if (!parsed) return `the ${SIGNATURE_HEADER} header is not "t=<unix seconds>,v1=<hex>"`;
  const { t, v1: given } = parsed;
  if (Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_S) return `the signature timestamp is more than ${SIGNATURE_TOLERANCE_S} seconds from now`;
  const expected = await hmacHex(secret, t, body);
  let diff = 0;
  for (let i = 0; i < 64; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0 ? null : 'the signature does not match the body';
}
