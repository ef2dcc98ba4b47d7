import { SourceFetchError } from './fetch-errors.ts';

/**
 * Bytes → text for feeds. Precedence: byte-order mark > HTTP charset > XML declaration > UTF-8,
 * and windows-1252 when the bytes are not UTF-8 (it maps every byte, so a misconfigured feed
 * still reads instead of failing). A label the runtime does not know falls through to the next
 * source; a "utf-8" claim the bytes contradict also falls through, because servers that send
 * `charset=utf-8` for everything are common and the XML declaration is then the better witness.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const sources: (string | null)[] = [sniffSignature(bytes), charsetFromContentType(contentType), xmlDeclarationEncoding(bytes)];
  for (const label of sources) {
    if (!label) continue;
    const text = tryDecode(bytes, label);
    if (text !== null) return neutraliseXmlEncoding(text);
  }
  const text = tryDecode(bytes, 'utf-8') ?? tryDecode(bytes, 'windows-1252');
  if (text === null) throw new SourceFetchError('BAD_ENCODING', 'The feed uses a text encoding that cannot be read');
  return neutraliseXmlEncoding(text);
}

/** BOMs, plus the BOM-less UTF-16 forms of "<?" that an XML parser is required to recognise. */
function sniffSignature(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0x3c && b[1] === 0x00 && b[2] === 0x3f && b[3] === 0x00) return 'utf-16le';
  if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00 && b[3] === 0x3f) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(contentType);
  const label = (m?.[1] ?? m?.[2] ?? '').trim();
  return label === '' ? null : label;
}

/** Reads `<?xml ... encoding="..."?>` from the first 1 KB as ASCII; it can only be trusted that far. */
export function xmlDeclarationEncoding(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, 1024));
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (!m) return null;
  // A declaration readable as ASCII cannot be in UTF-16; such a claim is a copy-paste error.
  return /^utf-?16/i.test(m[1]) ? 'utf-8' : m[1];
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Decoded text, or null when the label is unknown here or the bytes are not valid UTF-8 for a UTF-8 label. */
function tryDecode(bytes: Uint8Array, label: string): string | null {
  const decoder = makeDecoder(label);
  if (!decoder) return null;
  if (decoder.encoding === 'windows-1252') return fixWindows1252(decoder.decode(bytes));
  if (decoder.encoding !== 'utf-8') return decoder.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** windows-1252 bytes 0x80–0x9F, in order (the five undefined ones map to themselves, as in WHATWG). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Node 20's TextDecoder decodes windows-1252 (and so "iso-8859-1", "latin1", "us-ascii") as
 * ISO-8859-1, turning € and curly quotes into C1 controls. A correct decoder never emits those
 * except for the five undefined bytes, which the table maps to themselves, so this is a no-op there.
 */
function fixWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

function makeDecoder(label: string): TextDecoder | null {
  for (const candidate of labelVariants(label)) {
    try {
      const d = new TextDecoder(candidate);
      // "replacement" is what WHATWG maps unsafe legacy encodings to: it decodes everything to U+FFFD.
      if (d.encoding !== 'replacement') return d;
    } catch {
      // Not a label this runtime knows; try the next spelling.
    }
  }
  return null;
}

/** The WHATWG label list is strict; servers write "cp_1257", "ISO8859_13", "koi8r", "UTF8". */
export function labelVariants(label: string): string[] {
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const dashed = l.replace(/[_\s]+/g, '-');
  const out = [l, dashed];
  let m: RegExpExecArray | null;
  if ((m = /^(?:x-)?(?:cp|win|windows)-?(125\d)$/.exec(dashed))) out.push(`windows-${m[1]}`);
  if ((m = /^iso-?8859-?(\d{1,2})$/.exec(dashed))) out.push(`iso-8859-${m[1]}`);
  if ((m = /^koi8-?([ru])$/.exec(dashed))) out.push(`koi8-${m[1]}`);
  if (/^utf-?8$/.test(dashed)) out.push('utf-8');
  return [...new Set(out)];
}

/**
 * Once decoded, the declaration's encoding is stale: drop it so nothing downstream (a re-parse of
 * stored text, a byte-level XML tool) is misled. rss-parser itself ignores it either way.
 */
function neutraliseXmlEncoding(text: string): string {
  return text.replace(/^(\s*<\?xml\b[^>]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, '$1');
}
