import { afterEach, describe, expect, it, vi } from 'vitest';
import { charsetFromContentType, decodeBody, labelVariants, xmlDeclarationEncoding } from '../../../src/core/ingest/decode-body.ts';
import { SourceFetchError } from '../../../src/core/ingest/fetch-errors.ts';
import { parseFeed } from '../../../src/core/ingest/parse-feed.ts';
import { encodeLegacy, fixtureBytes, utf8 } from './legacy-encode.ts';

const LATVIAN = 'ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž';
const RUSSIAN = 'Коллекторы звонят каждый день, ёлки!';
const LITHUANIAN = 'Skolų išieškojimo bendrovė elgėsi mandagiai, ačiū';
const FRENCH = 'Très poli, reçu à l’heure — merci';

const doc = (decl: string, text: string) => `${decl}<rss version="2.0"><channel><title>${text}</title></channel></rss>`;
const decl = (enc: string) => `<?xml version="1.0" encoding="${enc}"?>`;

describe('decodeBody: encodings', () => {
  it.each<[string, string, string, string | null]>([
    ['windows-1257 via header', LATVIAN, 'windows-1257', 'text/xml; charset=windows-1257'],
    ['windows-1257 via cp1257 alias', LATVIAN, 'windows-1257', 'text/xml; charset=cp1257'],
    ['windows-1251 via header', RUSSIAN, 'windows-1251', 'application/rss+xml; charset="windows-1251"'],
    ['KOI8-R via header', RUSSIAN, 'koi8-r', 'text/xml;charset=KOI8-R'],
    ['KOI8-R via koi8r spelling', RUSSIAN, 'koi8-r', 'text/xml; charset=koi8r'],
    ['ISO-8859-13 Lithuanian', LITHUANIAN, 'iso-8859-13', 'text/xml; charset=ISO-8859-13'],
    ['ISO-8859-13 Latvian', LATVIAN, 'iso-8859-13', 'text/xml; charset=iso-8859-13'],
    ['ISO-8859-4 Latvian', LATVIAN, 'iso-8859-4', 'text/xml; charset=ISO_8859-4'],
    ['ISO-8859-4 Lithuanian', LITHUANIAN, 'iso-8859-4', 'text/xml; charset=iso8859-4'],
    ['ISO-8859-2', 'Zażółć gęślą jaźń', 'iso-8859-2', 'text/xml; charset=iso-8859-2'],
    ['ISO-8859-15', 'Prix: 5 €', 'iso-8859-15', 'text/xml; charset=iso-8859-15'],
    ['windows-1252', FRENCH, 'windows-1252', 'text/xml; charset=windows-1252'],
  ])('%s', (_name, text, encoding, contentType) => {
    const bytes = encodeLegacy(doc('', text), encoding);
    expect(decodeBody(bytes, contentType)).toBe(doc('', text));
  });

  it.each<[string, string]>([
    ['windows-1257', LATVIAN],
    ['windows-1251', RUSSIAN],
    ['KOI8-R', RUSSIAN],
    ['ISO-8859-13', LITHUANIAN],
    ['iso-8859-4', LATVIAN],
  ])('%s from the XML declaration when the header says nothing', (enc, text) => {
    const bytes = encodeLegacy(doc(decl(enc), text), enc.toLowerCase());
    expect(decodeBody(bytes, 'text/xml')).toContain(`<title>${text}</title>`);
    expect(decodeBody(bytes, null)).toContain(`<title>${text}</title>`);
  });

  it('UTF-8 without any declaration', () => {
    expect(decodeBody(utf8(doc('', LATVIAN + RUSSIAN)), null)).toBe(doc('', LATVIAN + RUSSIAN));
  });

  it('UTF-16LE and UTF-16BE with a byte-order mark', () => {
    const text = doc('', LATVIAN);
    const le = [0xff, 0xfe];
    const be = [0xfe, 0xff];
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      le.push(c & 0xff, c >> 8);
      be.push(c >> 8, c & 0xff);
    }
    expect(decodeBody(Uint8Array.from(le), 'text/xml; charset=windows-1251')).toBe(text);
    expect(decodeBody(Uint8Array.from(be), null)).toBe(text);
  });

  it('UTF-16LE without a BOM is recognised from "<?"', () => {
    const text = `${decl('UTF-16')}<rss/>`;
    const bytes: number[] = [];
    for (const ch of text) bytes.push(ch.charCodeAt(0), 0);
    expect(decodeBody(Uint8Array.from(bytes), null)).toBe('<?xml version="1.0"?><rss/>');
  });

  it('strips the UTF-8 BOM', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('<rss/>')]);
    expect(decodeBody(bytes, null)).toBe('<rss/>');
  });
});

describe('decodeBody: precedence', () => {
  it('BOM beats the header and the declaration', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(doc(decl('windows-1257'), LATVIAN))]);
    expect(decodeBody(bytes, 'text/xml; charset=koi8-r')).toContain(LATVIAN);
  });

  it('header beats the XML declaration', () => {
    // Bytes are windows-1251, the document wrongly claims windows-1257.
    const bytes = encodeLegacy(doc(decl('windows-1257'), RUSSIAN), 'windows-1251');
    expect(decodeBody(bytes, 'text/xml; charset=windows-1251')).toContain(RUSSIAN);
  });

  it('a header "utf-8" that the bytes contradict yields to the declaration', () => {
    const bytes = encodeLegacy(doc(decl('windows-1257'), LATVIAN), 'windows-1257');
    expect(decodeBody(bytes, 'text/xml; charset=utf-8')).toContain(LATVIAN);
  });

  it('an unknown header label falls back to the declaration', () => {
    const bytes = encodeLegacy(doc(decl('windows-1257'), LATVIAN), 'windows-1257');
    expect(decodeBody(bytes, 'text/xml; charset=x-klingon')).toContain(LATVIAN);
  });

  it('an unknown declared label falls back to UTF-8', () => {
    expect(decodeBody(utf8(doc(decl('x-klingon'), LATVIAN)), null)).toContain(LATVIAN);
  });

  it('bytes that are not UTF-8 and have no label decode as windows-1252 instead of failing', () => {
    const bytes = encodeLegacy(doc('', FRENCH), 'windows-1252');
    expect(decodeBody(bytes, null)).toBe(doc('', FRENCH));
    expect(decodeBody(Uint8Array.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x80]), 'text/xml')).toBe('<a>ÿþ€');
  });

  it('windows-1252 means WHATWG windows-1252 (€ and curly quotes), also when labelled ISO-8859-1', () => {
    const bytes = Uint8Array.from([0x80, 0x20, 0x91, 0x92, 0x93, 0x94, 0x20, 0x96, 0x97, 0x20, 0xe9]);
    for (const label of ['windows-1252', 'ISO-8859-1', 'latin1', 'us-ascii']) {
      expect(decodeBody(bytes, `text/xml; charset=${label}`)).toBe('€ ‘’“” –— é');
    }
  });

  it('a "utf-16" declaration readable as ASCII is ignored', () => {
    expect(decodeBody(utf8(doc(decl('utf-16'), LATVIAN)), null)).toContain(LATVIAN);
  });

  it('"replacement" labels (ISO-2022-KR etc.) are treated as unknown, not as U+FFFD soup', () => {
    expect(decodeBody(utf8(doc('', 'ok')), 'text/xml; charset=iso-2022-kr')).toBe(doc('', 'ok'));
  });
});

describe('decodeBody: the XML declaration after decoding', () => {
  it('drops the stale encoding attribute and keeps the rest', () => {
    const bytes = encodeLegacy(`<?xml version="1.0" encoding='windows-1257' standalone="yes"?><rss/>`, 'windows-1257');
    expect(decodeBody(bytes, null)).toBe('<?xml version="1.0" standalone="yes"?><rss/>');
  });

  it('leaves "encoding=" in the body alone', () => {
    const text = '<rss><channel><title>encoding="koi8-r"</title></channel></rss>';
    expect(decodeBody(utf8(text), null)).toBe(text);
  });

  it('rss-parser accepts the decoded text either way (the attribute is neutralised for downstream tools, not for it)', async () => {
    const text = `${decl('windows-1257')}<rss version="2.0"><channel><title>x</title><item><title>${LATVIAN}</title></item></channel></rss>`;
    const withAttr = await parseFeed(text);
    const decoded = await parseFeed(decodeBody(encodeLegacy(text, 'windows-1257'), null));
    expect(withAttr.entries[0].title).toBe(LATVIAN);
    expect(decoded.entries[0].title).toBe(LATVIAN);
  });

  it('decodes the committed windows-1257 and KOI8-R fixtures from their declarations', () => {
    expect(decodeBody(fixtureBytes('latvian-windows-1257.xml'), 'application/xml')).toContain('ā č ē ģ ī ķ ļ ņ š ū ž');
    expect(decodeBody(fixtureBytes('russian-koi8-r.xml'), null)).toContain('Коллекторское агентство звонит каждый день');
  });
});

describe('decodeBody on a runtime whose TextDecoder only knows UTF-8', () => {
  afterEach(() => vi.unstubAllGlobals());
  const Real = TextDecoder;
  const utf8Only = class extends Real {
    constructor(label = 'utf-8', options?: TextDecoderOptions) {
      if (!/^utf-?8$/i.test(label.trim())) throw new RangeError(`unsupported: ${label}`);
      super(label, options);
    }
  };

  it('legacy labels fall through; valid UTF-8 still decodes', () => {
    vi.stubGlobal('TextDecoder', utf8Only);
    expect(decodeBody(utf8(doc(decl('windows-1257'), LATVIAN)), 'text/xml; charset=koi8-r')).toContain(LATVIAN);
  });

  it('bytes nothing here can decode → BAD_ENCODING', () => {
    const bytes = encodeLegacy(doc('', RUSSIAN), 'windows-1251');
    vi.stubGlobal('TextDecoder', utf8Only);
    let err: unknown;
    try {
      decodeBody(bytes, 'text/xml; charset=windows-1251');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SourceFetchError);
    expect((err as SourceFetchError).code).toBe('BAD_ENCODING');
  });
});

describe('helpers', () => {
  it.each<[string | null, string | null]>([
    [null, null],
    ['text/xml', null],
    ['text/xml; charset=UTF-8', 'UTF-8'],
    ['text/xml;charset="windows-1257"', 'windows-1257'],
    ['text/xml; CHARSET = koi8-r ; foo=bar', 'koi8-r'],
    ['text/xml; charset=', null],
  ])('charsetFromContentType(%j) = %j', (ct, expected) => {
    expect(charsetFromContentType(ct)).toBe(expected);
  });

  it('reads the declaration only at the start, and only the first 1 KB', () => {
    expect(xmlDeclarationEncoding(utf8(`${decl('koi8-r')}<rss/>`))).toBe('koi8-r');
    expect(xmlDeclarationEncoding(utf8(`\n ${decl('koi8-r')}<rss/>`))).toBe('koi8-r');
    expect(xmlDeclarationEncoding(utf8(`<rss>${decl('koi8-r')}</rss>`))).toBeNull();
    expect(xmlDeclarationEncoding(utf8(`<?xml version="1.0" ${' '.repeat(1100)}encoding="koi8-r"?>`))).toBeNull();
  });

  it('spells labels the way servers do', () => {
    expect(labelVariants('CP_1257')).toContain('windows-1257');
    expect(labelVariants('Win-1251')).toContain('windows-1251');
    expect(labelVariants('ISO8859_13')).toContain('iso-8859-13');
    expect(labelVariants('KOI8_R')).toContain('koi8-r');
    expect(labelVariants('"UTF8"')).toContain('utf-8');
  });
});
