import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TEXT_LENGTH, stripHtml, truncate } from '../../../src/core/ingest/strip-html.ts';

/** Anything a browser could read as the start of a tag, comment, doctype or processing instruction. */
const TAG_LIKE = /<[a-zA-Z!/?]/;

describe('stripHtml: text and structure', () => {
  it.each<[string, string, string]>([
    ['plain text', 'Hello world', 'Hello world'],
    ['simple tags', '<b>bold</b> and <i>italic</i>', 'bold and italic'],
    ['paragraphs become a blank line', '<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['br becomes a line break', 'a<br>b<br/>c', 'a\nb\nc'],
    ['two brs make a blank line', 'a<br><br>b', 'a\n\nb'],
    ['divs become single lines', '<div>a</div><div>b</div>', 'a\nb'],
    ['list items', '<ul><li>one</li><li>two</li></ul>', 'one\ntwo'],
    ['headings', '<h1>Title</h1>Body', 'Title\n\nBody'],
    ['table rows and cells', '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\nc'],
    ['blockquote', 'said:<blockquote>quoted</blockquote>end', 'said:\n\nquoted\n\nend'],
    ['HTML source newlines are spaces', '<p>one\ntwo\n\n   three</p>', 'one two three'],
    ['no more than one blank line', '<p>a</p><p></p><p></p><br><br><br><p>b</p>', 'a\n\nb'],
    ['trimmed', '  <p>  padded  </p>  ', 'padded'],
    ['inline elements do not break words', 'un<b>believ</b>able', 'unbelievable'],
    ['plain text keeps its line breaks', 'line one\nline two\n\n\n\nline three', 'line one\nline two\n\nline three'],
    ['CRLF plain text', 'a\r\nb\rc', 'a\nb\nc'],
    ['empty', '', ''],
    ['only markup', '<p><br></p>', ''],
  ])('%s', (_name, input, expected) => {
    expect(stripHtml(input)).toBe(expected);
  });
});

describe('stripHtml: entities', () => {
  it.each<[string, string, string]>([
    ['named', 'Tom &amp; Jerry &mdash; &eacute;t&eacute; &euro;5', 'Tom & Jerry — été €5'],
    ['decimal', '&#65;&#66;&#1040;', 'ABА'],
    ['hex', '&#x41;&#X42;&#x1F600;', 'AB😀'],
    ['nbsp collapses like a space', 'a&nbsp;&nbsp;b', 'a b'],
    ['legacy entity without semicolon', 'AT&ampT', 'AT&T'],
    ['bare ampersand survives', 'AT&T and B & Q', 'AT&T and B & Q'],
    ['unknown entity is left as text', 'x &bogus; y', 'x &bogus; y'],
    ['escaped markup is decoded once into literal text', '&lt;script&gt;alert(1)&lt;/script&gt;', '<script>alert(1)</script>'],
    ['double-escaped is decoded only once', '&amp;lt;script&amp;gt;', '&lt;script&gt;'],
    ['escaped markup inside real markup', '<p>&lt;b&gt;not bold&lt;/b&gt;</p>', '<b>not bold</b>'],
  ])('%s', (_name, input, expected) => {
    expect(stripHtml(input)).toBe(expected);
  });
});

describe('stripHtml: legitimate angle brackets survive as text', () => {
  it.each<[string, string]>([
    ['a < b and c > d', 'a < b and c > d'],
    ['5 < 6', '5 < 6'],
    ['5<6 and 7>3', '5<6 and 7>3'],
    ['x <= y >= z', 'x <= y >= z'],
    ['<p>if a < b then</p>', 'if a < b then'],
    ['love <3', 'love <3'],
    ['-> arrow <- back', '-> arrow <- back'],
  ])('%j', (input, expected) => {
    expect(stripHtml(input)).toBe(expected);
  });
});

describe('stripHtml: hostile input', () => {
  it.each<[string, string, string]>([
    ['script with content', 'a<script>alert(1)</script>b', 'ab'],
    ['script with markup inside', 'a<script>document.write("<b>x</b>")</script>b', 'ab'],
    ['script with a fake close in a string', '<script>var s="</scr"+"ipt>"; alert(1)</script>ok', 'ok'],
    ['upper-case script', 'a<SCRIPT SRC=//evil>alert(1)</SCRIPT>b', 'ab'],
    ['nested script', '<script><script>alert(1)</script></script>ok', 'ok'],
    ['split script tag', '<scr<script>ipt>alert(1)</script>', 'ipt>alert(1)'],
    ['unclosed script eats the rest', 'safe<script>alert(1)', 'safe'],
    ['style', '<style>body{background:url(javascript:alert(1))}</style>text', 'text'],
    ['noscript', '<noscript><img src=x onerror=alert(1)>no js</noscript>text', 'text'],
    ['template', '<template><p>hidden</p></template>text', 'text'],
    ['iframe', '<iframe src="javascript:alert(1)">fallback</iframe>text', 'text'],
    ['object', '<object data="x.swf"><param name=a value=b>fallback</object>text', 'text'],
    ['head', '<html><head><title>T</title><meta http-equiv=refresh content="0;url=javascript:alert(1)"></head><body>body text</body></html>', 'body text'],
    ['img onerror', '<img src=x onerror=alert(1)>', ''],
    ['img onerror with text', 'see <img src=x onerror="alert(1)"> here', 'see here'],
    ['event handler on a visible element', '<p onclick="alert(1)" onmouseover=alert(2)>click</p>', 'click'],
    ['javascript: link keeps only its text', '<a href="javascript:alert(1)">link</a>', 'link'],
    ['svg onload', '<svg onload=alert(1)><text>svg text</text></svg>ok', 'ok'],
    ['math', '<math><mi>x</mi></math>ok', 'ok'],
    ['textarea content is not reparsed', '<textarea><script>alert(1)</script></textarea>ok', 'ok'],
    ['title content', '<title><script>alert(1)</script></title>ok', 'ok'],
    ['comment', 'a<!-- <script>alert(1)</script> -->b', 'ab'],
    ['unclosed comment', 'a<!-- <script>alert(1)</script>', 'a'],
    ['conditional comment', 'a<!--[if IE]><script>alert(1)</script><![endif]-->b', 'ab'],
    ['CDATA with markup is unwrapped and stripped', 'a<![CDATA[<script>alert(1)</script><b>bold</b>]]>b', 'aboldb'],
    ['unterminated CDATA', 'a<![CDATA[<img src=x onerror=alert(1)>text', 'atext'],
    ['processing instruction', 'a<?php echo 1 ?>b', 'ab'],
    ['doctype', '<!DOCTYPE html>text', 'text'],
    ['unclosed tag at the end', 'text <a href="x', 'text'],
    ['unclosed attribute quote', '<p title="x>y<script>alert(1)</script>">ok</p>', 'ok'],
    ['broken closing tags', 'a</p></div></b>b', 'a\n\nb'],
    ['tag with newline in name position', '<img\nsrc=x\nonerror=alert(1)>ok', 'ok'],
    ['self-closed script still hides what follows', 'a<script/>alert(1)</script>b', 'ab'],
    ['self-closed style still hides what follows', 'a<style/>p{}</style>b', 'ab'],
    ['XHTML-style self-closed iframe does not hide the rest', 'a<iframe src="https://v.example/1"/> b', 'a b'],
    ['self-closed svg does not hide the rest', 'a<svg/>b', 'ab'],
    ['null byte in tag name', '<scr\u0000ipt>alert(1)</scr\u0000ipt>ok', 'alert(1)ok'],
  ])('%s', (_name, input, expected) => {
    const out = stripHtml(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(TAG_LIKE);
  });

  it('never lets an element or handler through for a pile of hostile fragments', () => {
    const fragments = [
      '<script>',
      '</script>',
      '<img src=x onerror=alert(1)>',
      '<svg/onload=alert(1)>',
      '<iframe>',
      '<a href="javascript:x">',
      '<<script>>',
      '<scr<script>ipt>',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<style>',
      '<b',
      '">',
      "'>",
      '<object>',
      'text',
      ' ',
      '<',
      '>',
      '<p>',
      '</p>',
      '<br/>',
      '<noscript>',
      '</noscript>',
      '<template>',
      '<head>',
      '</head>',
      '<body>',
      '<div onclick=alert(2)>',
    ];
    // Adjacent text pieces may legitimately read "<ipt>" (a browser shows that text too), so the
    // check is about the input's elements and handlers, which must never come out.
    const LEAK = /<\/?(?:script|img|svg|iframe|a|style|object|b|p|br|noscript|template|head|body|div)\b|on(?:error|load|click)\s*=|javascript:|alert/i;
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 2_000; n++) {
      let s = '';
      for (let k = 0; k < 12; k++) s += fragments[Math.floor(rand() * fragments.length)];
      const out = stripHtml(s);
      expect(out, JSON.stringify(s)).not.toMatch(LEAK);
    }
  });

  it('removes control characters but keeps newlines (tabs collapse to spaces)', () => {
    expect(stripHtml('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).toBe('abcdefg');
    expect(stripHtml('a\tb\nc')).toBe('a b\nc');
    expect(stripHtml('a&#1;b&#x7;c')).toBe('abc');
    expect(stripHtml('line\u2028next')).toBe('line\nnext');
  });

  it('is linear on pathological input', () => {
    const cases = [
      '<'.repeat(500_000),
      '<a'.repeat(250_000),
      `<p title="${'x'.repeat(1_000_000)}">ok</p>`,
      '<![CDATA['.repeat(100_000),
      '<!--'.repeat(100_000),
      '&amp;'.repeat(200_000),
      '<div>'.repeat(100_000),
      '<script>'.repeat(100_000),
      `${'a '.repeat(500_000)}`,
    ];
    for (const input of cases) {
      const start = performance.now();
      const out = stripHtml(input);
      const ms = performance.now() - start;
      expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_TEXT_LENGTH);
      expect(ms, `${input.slice(0, 12)}… took ${ms.toFixed(0)} ms`).toBeLessThan(2_000);
    }
  });

  it('keeps the attribute-only huge input from leaking', () => {
    expect(stripHtml(`<img alt="${'<script>'.repeat(10_000)}">done`)).toBe('done');
  });
});

describe('stripHtml: length limit', () => {
  it('defaults to 20,000 characters', () => {
    const out = stripHtml('word '.repeat(10_000));
    expect(out.length).toBeLessThanOrEqual(20_000);
    expect(out.length).toBeGreaterThan(19_990);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('cuts at a word boundary with an ellipsis', () => {
    expect(stripHtml('<p>The quick brown fox jumps</p>', 16)).toBe('The quick brown…');
    expect(stripHtml('short', 16)).toBe('short');
  });

  it('hard-cuts a single enormous word', () => {
    const out = stripHtml('x'.repeat(100), 10);
    expect(out).toBe(`${'x'.repeat(9)}…`);
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('😀'.repeat(10), 6)).toBe('😀😀…');
  });

  it('stops reading a huge document early but still returns the right prefix', () => {
    const big = `<p>${'lorem ipsum '.repeat(200_000)}</p><script>alert(1)</script>`;
    const out = stripHtml(big, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.startsWith('lorem ipsum lorem')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
  });
});
