import { describe, expect, it } from 'vitest';
import { flattenAtomXhtml, repairXmlEntities } from '../../../src/core/ingest/xml-repair.ts';

describe('repairXmlEntities', () => {
  it.each<[string, string, string]>([
    ['nothing to do', '<a>plain</a>', '<a>plain</a>'],
    ['valid XML references untouched', '<a>&amp; &lt; &gt; &quot; &apos; &#65; &#x41;</a>', '<a>&amp; &lt; &gt; &quot; &apos; &#65; &#65;</a>'],
    ['bare ampersand', '<a>AT&T</a>', '<a>AT&amp;T</a>'],
    ['ampersand then space', '<a>B & Q</a>', '<a>B &amp; Q</a>'],
    ['query string in an attribute', '<l href="/?a=1&b=2"/>', '<l href="/?a=1&amp;b=2"/>'],
    ['HTML entity becomes numeric', '<a>&nbsp;&eacute;&hellip;</a>', '<a>&#160;&#233;&#8230;</a>'],
    ['entity that is two code points', '<a>&NotEqualTilde;</a>', '<a>&#8770;&#824;</a>'],
    ['unknown entity becomes text', '<a>&bogus;</a>', '<a>&amp;bogus;</a>'],
    ['entity without semicolon becomes text', '<a>&nbsp x</a>', '<a>&amp;nbsp x</a>'],
    ['forbidden character reference dropped', '<a>x&#0;y&#x1;z&#xFFFE;</a>', '<a>xyz</a>'],
    ['out-of-range reference dropped', '<a>x&#1114112;y</a>', '<a>xy</a>'],
    ['CDATA copied verbatim', '<a><![CDATA[AT&T &nbsp;]]> & </a>', '<a><![CDATA[AT&T &nbsp;]]> &amp; </a>'],
    ['comment copied verbatim', '<a><!-- a & b --> & </a>', '<a><!-- a & b --> &amp; </a>'],
    ['unterminated CDATA left alone', '<a>& <![CDATA[ & ', '<a>&amp; <![CDATA[ & '],
  ])('%s', (_name, input, expected) => {
    expect(repairXmlEntities(input)).toBe(expected);
  });

  it('is linear on pathological input', () => {
    const inputs = ['&'.repeat(1_000_000), '<![CDATA['.repeat(100_000), '&amp'.repeat(250_000), '<!--&'.repeat(200_000)];
    for (const s of inputs) {
      const t = performance.now();
      repairXmlEntities(s);
      expect(performance.now() - t).toBeLessThan(2_000);
    }
  });
});

describe('flattenAtomXhtml', () => {
  it('turns an xhtml construct into html in CDATA', () => {
    const xml = '<entry><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b> c</div></content></entry>';
    expect(flattenAtomXhtml(xml)).toBe('<entry><content type="html"><![CDATA[<div xmlns="http://www.w3.org/1999/xhtml">a <b>b</b> c</div>]]></content></entry>');
  });

  it('handles prefixes, other attributes, single quotes and several constructs', () => {
    const xml = `<atom:title xml:lang="en" type='xhtml' x="1"><div>T</div></atom:title><summary type="xhtml"><div>S]]>S</div></summary>`;
    expect(flattenAtomXhtml(xml)).toBe(
      `<atom:title xml:lang="en" type="html" x="1"><![CDATA[<div>T</div>]]></atom:title><summary type="html"><![CDATA[<div>S]]]]><![CDATA[>S</div>]]></summary>`,
    );
  });

  it('leaves html/text constructs and unclosed ones alone', () => {
    for (const xml of ['<content type="html">&lt;b&gt;</content>', '<content type="xhtml"><div>never closed']) {
      expect(flattenAtomXhtml(xml)).toBe(xml);
    }
  });

  it('is fast on many unclosed openings', () => {
    const s = '<content type="xhtml">'.repeat(50_000);
    const t = performance.now();
    flattenAtomXhtml(s);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});
