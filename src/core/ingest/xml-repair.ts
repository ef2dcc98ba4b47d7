import { decodeHTMLStrict } from 'entities';

/**
 * The one XML error feeds make all the time: a bare `&` ("AT&T", "?a=1&b=2") or an entity XML does
 * not define. A strict parser rejects the whole document for it, so before parsing every `&` that
 * does not start a well-formed reference is escaped, HTML named entities become numeric references,
 * and references to characters XML forbids are dropped. CDATA sections and comments are copied
 * verbatim. For a document the parser already accepts, the parsed result is unchanged.
 */
export function repairXmlEntities(xml: string): string {
  if (!xml.includes('&')) return xml;
  let out = '';
  let i = 0;
  for (;;) {
    const cdata = xml.indexOf('<![CDATA[', i);
    const comment = xml.indexOf('<!--', i);
    const start = cdata < 0 ? comment : comment < 0 ? cdata : Math.min(cdata, comment);
    if (start < 0) return out + repairText(xml.slice(i));
    out += repairText(xml.slice(i, start));
    const terminator = start === cdata ? ']]>' : '-->';
    const end = xml.indexOf(terminator, start + 4);
    // Unterminated: leave the rest alone and let the parser report it.
    if (end < 0) return out + xml.slice(start);
    out += xml.slice(start, end + terminator.length);
    i = end + terminator.length;
  }
}

const XML_NAMED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const REFERENCE = /&(?:(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{0,31});)?/g;

function repairText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(REFERENCE, (whole, ref: string | undefined) => {
    if (ref === undefined) return '&amp;';
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return isXmlChar(cp) ? `&#${cp};` : '';
    }
    if (XML_NAMED.has(ref)) return whole;
    const decoded = decodeHTMLStrict(whole);
    if (decoded === whole) return `&amp;${ref};`;
    let refs = '';
    for (const ch of decoded) refs += `&#${ch.codePointAt(0)};`;
    return refs;
  });
}

/** XML 1.0 Char production. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

// An Atom text construct declared as XHTML; the opening tag is capped so a stream of unclosed
// "<content" cannot make the scan quadratic.
const XHTML_OPEN = /<((?:[\w-]+:)?(?:content|summary|title|subtitle|rights))(\s[^>]{0,1000}?)\btype\s*=\s*(["'])xhtml\3([^>]{0,1000})>/g;

/**
 * xml2js turns mixed content into `{ _: text, child: [...] }`, losing the order of words and
 * inline elements, so an Atom `type="xhtml"` body would come out scrambled ("Second paragraph.strong").
 * Re-declaring it as `type="html"` with the markup in CDATA keeps it as one string for stripHtml.
 */
export function flattenAtomXhtml(xml: string): string {
  if (!/type\s*=\s*["']xhtml["']/.test(xml)) return xml;
  let out = '';
  let last = 0;
  XHTML_OPEN.lastIndex = 0;
  for (let m = XHTML_OPEN.exec(xml); m; m = XHTML_OPEN.exec(xml)) {
    const [open, name, before, , after] = m;
    const innerStart = m.index + open.length;
    const close = `</${name}>`;
    const innerEnd = xml.indexOf(close, innerStart);
    if (innerEnd < 0) break;
    const inner = xml.slice(innerStart, innerEnd).replaceAll(']]>', ']]]]><![CDATA[>');
    out += `${xml.slice(last, m.index)}<${name}${before}type="html"${after}><![CDATA[${inner}]]>${close}`;
    last = innerEnd + close.length;
    XHTML_OPEN.lastIndex = last;
  }
  return out + xml.slice(last);
}
