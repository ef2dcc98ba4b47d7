import { Tokenizer } from 'htmlparser2';

export const DEFAULT_MAX_TEXT_LENGTH = 20_000;

/** Dropped with everything inside: never readable text, and the usual carriers of hostile payloads. */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  // Raw-text/RCDATA elements whose content would otherwise come out as literal markup.
  'title',
  'textarea',
  'xmp',
  'noembed',
  'noframes',
  'svg',
  'math',
  'applet',
  'frameset',
]);
/** Paragraph-like: a blank line around them. */
const PARAGRAPH = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'table',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'figure',
  'address',
  'fieldset',
  'details',
]);
/** Line-like: a single line break around them. */
const LINE = new Set(['div', 'li', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'summary', 'option', 'legend']);
const CELL = new Set(['td', 'th']);
/**
 * XHTML-style `<iframe ... />` and `<svg/>` are common in feed content; treating them as unclosed
 * would hide the rest of the entry. Not for raw-text elements: after `<script/>` the tokenizer
 * reads the script body as ordinary text, so that one must stay open (and its content dropped).
 */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
const SELF_CLOSABLE = new Set([...DROP].filter((name) => !RAW_TEXT.has(name)));

const MARKUP = /[<&]/;
/** Tag-like openings; a cheap test that decides whether newlines in the input mean anything. */
const LOOKS_LIKE_HTML = /<\/?[a-zA-Z][\w:-]*[\s/>]|<!--|<!\[CDATA\[/;
// Everything in Cc except \t and \n (\r is normalised first); also DEL and the C1 block.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * HTML (or plain text) → plain text. Entities are decoded exactly once, by the tokenizer, and the
 * decoded text is never parsed again, so `&lt;script&gt;` comes out as the characters "<script>"
 * and cannot become a tag. htmlparser2's Tokenizer is used without its Parser: the Parser keeps an
 * element stack with O(depth) operations, which 100k unclosed `<div>`s turn quadratic, and plain
 * text needs no tree. Linear; stops reading once the limit is certainly exceeded.
 */
export function stripHtml(html: string, maxLength: number = DEFAULT_MAX_TEXT_LENGTH): string {
  if (!html || maxLength <= 0) return '';
  // Without a tag or an entity there is nothing to parse (most pushed and social text).
  if (!MARKUP.test(html)) return truncate(tidy(html), maxLength);
  // Plain text keeps its line breaks; in HTML, source newlines are just spaces.
  const isHtml = LOOKS_LIKE_HTML.test(html);
  const input = isHtml ? unwrapCdata(html) : html;

  const out: string[] = [];
  let dropDepth = 0; // inside DROP elements
  let inHead = false; // <head> ends at </head> or, unclosed, at <body>
  let tag = ''; // the open tag being read, until its ">" or "/>"
  let visible = 0; // non-whitespace characters emitted so far
  // Breaks are held until the next text so "</div><div>" is one line break, not two.
  let pendingBreaks = 0;
  const hidden = () => dropDepth > 0 || inHead;
  const block = (n: number) => {
    if (!hidden()) pendingBreaks = Math.max(pendingBreaks, n);
  };
  const emit = (text: string) => {
    if (hidden()) return;
    const t = isHtml ? text.replace(/[\t\n\f\r ]+/g, ' ') : text;
    if (pendingBreaks > 0 && t.trim() !== '') {
      out.push('\n'.repeat(pendingBreaks));
      pendingBreaks = 0;
    }
    out.push(t);
    visible += t.replace(/\s+/g, '').length;
    // More visible characters than the limit: the kept prefix can no longer change.
    if (visible > maxLength) tokenizer.pause();
  };
  const structure = (name: string, closing: boolean) => {
    if (DROP.has(name)) dropDepth = closing ? Math.max(0, dropDepth - 1) : dropDepth + 1;
    else if (name === 'head') inHead = !closing;
    else if (name === 'body') inHead = false;
    else if (name === 'br') {
      if (!hidden()) pendingBreaks = Math.min(pendingBreaks + 1, 2);
    } else if (PARAGRAPH.has(name)) block(2);
    else if (LINE.has(name)) block(1);
    else if (CELL.has(name) && !hidden()) out.push(' ');
  };

  const ignore = () => {};
  const tokenizer: Tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      ontext: (start, end) => emit(input.slice(start, end)),
      ontextentity: (cp) => emit(String.fromCodePoint(cp)),
      onopentagname: (start, end) => {
        tag = input.slice(start, end).toLowerCase();
        structure(tag, false);
      },
      onselfclosingtag: () => {
        if (SELF_CLOSABLE.has(tag)) structure(tag, true);
      },
      onclosetag: (start, end) => {
        const name = input.slice(start, end).toLowerCase();
        // </br> is a <br> to browsers; other closers of void elements mean nothing.
        structure(name, name !== 'br');
      },
      // Comments, CDATA, doctypes, processing instructions and attributes carry no visible text.
      oncomment: ignore,
      oncdata: ignore,
      ondeclaration: ignore,
      onprocessinginstruction: ignore,
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      onopentagend: ignore,
      onend: ignore,
    },
  );
  tokenizer.write(input);
  tokenizer.end();

  return truncate(tidy(out.join('')), maxLength);
}

/**
 * `<![CDATA[...]]>` inside HTML is a bogus comment to a browser, which would throw away the text a
 * doubly-wrapped feed meant to show; unwrap it and let its markup be stripped like any other.
 * indexOf-based so an unterminated section stays linear.
 */
function unwrapCdata(s: string): string {
  if (!s.includes('<![CDATA[')) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const start = s.indexOf('<![CDATA[', i);
    if (start < 0) return out + s.slice(i);
    out += s.slice(i, start);
    const end = s.indexOf(']]>', start + 9);
    if (end < 0) return out + s.slice(start + 9);
    out += s.slice(start + 9, end);
    i = end + 3;
  }
}

function tidy(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL, '')
    .replace(/[ \t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cuts at the last word boundary that fits, leaving room for "…"; never splits a surrogate pair. */
export function truncate(s: string, maxLength: number): string {
  if (s.length <= maxLength) return s;
  if (maxLength <= 1) return '…'.slice(0, maxLength);
  const room = maxLength - 1;
  const boundary = Math.max(s.lastIndexOf(' ', room), s.lastIndexOf('\n', room));
  let cut = boundary > room * 0.5 ? boundary : room;
  const code = s.charCodeAt(cut - 1);
  if (cut === room && code >= 0xd800 && code <= 0xdbff) cut--;
  return `${s.slice(0, cut).trimEnd()}…`;
}
