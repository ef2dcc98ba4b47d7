import { describe, expect, it } from 'vitest';
import { HighlightedText } from '../../../dashboard/components/highlight.tsx';
import { evidenceClass, evidenceTitle, highlightSegments, parseEvidence } from '../../../dashboard/lib/evidence.ts';
import type { Evidence } from '../../../src/core/nlp/types.ts';
import { checkXml, render } from './well-formed.ts';

const ev = (start: number | undefined, end: number | undefined, extra: Partial<Evidence> = {}): Evidence => ({
  field: 'sentiment',
  label: 'negative',
  match: '',
  weight: -1,
  rule: 'en:afinn',
  start,
  end,
  ...extra,
});

/** Segments as `[text, highlighted]` pairs, highlighted runs in brackets for readability. */
const shape = (text: string, evidence: Evidence[]) =>
  highlightSegments(text, evidence)
    .map((s) => (s.evidence.length ? `[${s.text}]` : s.text))
    .join('|');

describe('highlightSegments', () => {
  it.each<[string, string, Evidence[], string]>([
    ['no evidence', 'hello world', [], 'hello world'],
    ['empty text', '', [ev(0, 3)], ''],
    ['one span', 'they called me', [ev(5, 11)], 'they |[called]| me'],
    ['span at the start and the end', 'bad and awful', [ev(0, 3), ev(8, 13)], '[bad]| and |[awful]'],
    ['whole text', 'awful', [ev(0, 5)], '[awful]'],
    ['adjacent spans stay separate', 'abcdef', [ev(0, 3), ev(3, 6)], '[abc]|[def]'],
    ['unsorted input', 'abcdef', [ev(3, 6), ev(0, 2)], '[ab]|c|[def]'],
    ['overlap: the later start is skipped', 'abcdefgh', [ev(0, 4), ev(2, 6)], '[abcd]|efgh'],
    ['overlap: same start keeps the longer', 'abcdefgh', [ev(0, 2), ev(0, 5)], '[abcde]|fgh'],
    ['nested span is skipped', 'abcdefgh', [ev(1, 7), ev(2, 4)], 'a|[bcdefg]|h'],
    ['end past the text is clamped', 'abc', [ev(1, 99)], 'a|[bc]'],
    ['negative start is clamped', 'abc', [ev(-5, 2)], '[ab]|c'],
    ['span entirely past the text is dropped', 'abc', [ev(10, 20)], 'abc'],
    ['empty and reversed spans are dropped', 'abc', [ev(1, 1), ev(2, 1)], 'abc'],
    ['spans without offsets are not highlighted', 'abc', [ev(undefined, undefined), ev(0, undefined)], 'abc'],
    ['fractional offsets are truncated', 'abcdef', [ev(1.7, 3.2)], 'a|[bc]|def'],
    ['NaN and Infinity are ignored', 'abc', [ev(NaN, 2), ev(0, Infinity)], 'abc'],
    ['multi-byte: UTF-16 offsets around an emoji', 'I 😡 hate it', [ev(5, 9)], 'I 😡 |[hate]| it'],
    ['multi-byte: an offset inside a surrogate pair widens to the whole character', 'a😡b', [ev(2, 3)], 'a|[😡]|b'],
    ['multi-byte: an end inside a surrogate pair widens too', 'a😡b', [ev(0, 2)], '[a😡]|b'],
    ['multi-byte: Latvian and Cyrillic', 'piedzinēji звонят', [ev(0, 10), ev(11, 17)], '[piedzinēji]| |[звонят]'],
  ])('%s', (_name, text, evidence, want) => {
    expect(shape(text, evidence)).toBe(want);
    // Whatever the offsets, the runs put back together are the text.
    expect(
      highlightSegments(text, evidence)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });

  it('merges evidence with exactly the same span into one run', () => {
    const a = ev(0, 6, { field: 'tactics', label: 'contact_frequency', weight: 1, rule: 't' });
    const b = ev(0, 6, { field: 'channel', label: 'phone', weight: 1, rule: 'c' });
    const segs = highlightSegments('called me', [a, b]);
    expect(segs[0]!.evidence).toEqual([a, b]);
    expect(segs[1]).toEqual({ text: ' me', evidence: [] });
  });
});

describe('HighlightedText', () => {
  it('marks spans with a class and a title, and escapes everything', async () => {
    const text = '<script>alert(1)</script> Lumera called "me" & my boss';
    const start = text.indexOf('called');
    const html = await render(
      <HighlightedText
        text={text}
        evidence={[
          ev(0, 8, { weight: -0.6, match: '<script>' }),
          { field: 'tactics', label: 'contact_frequency', match: 'called', start, end: start + 6, weight: 1, rule: 'tactic:contact_frequency:en' },
        ]}
      />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<mark class="ev ev-negative" title="sentiment −0.6 (en:afinn)">&lt;script&gt;</mark>alert(1)&lt;/script&gt; Lumera ');
    expect(html).toContain('<mark class="ev ev-tactics" title="tactics: contact_frequency (tactic:contact_frequency:en)">called</mark>');
    expect(html).toContain('&quot;me&quot; &amp; my boss');
    expect(html).toMatch(/^<div class="mention-text" data-testid="mention-text">/);
  });

  it('escapes evidence text that ends up in the title attribute', async () => {
    const html = await render(<HighlightedText text="abc" evidence={[ev(0, 1, { field: 'channel', label: '"><img src=x onerror=alert(1)>', rule: '<r>' })]} />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toContain('<img');
    expect(html).toContain('title="channel: &quot;&gt;&lt;img src=x onerror=alert(1)&gt; (&lt;r&gt;)"');
  });
});

describe('evidence helpers', () => {
  it('keeps only well-formed evidence from the stored JSON', () => {
    const good = { field: 'sentiment', label: 'negative', match: 'awful', start: 0, end: 5, weight: -3, rule: 'en:afinn' };
    expect(parseEvidence([good, null, 'x', 42, { field: 'tactics' }, { field: 'channel', label: 'phone', start: '1', weight: 'x' }])).toEqual([
      good,
      { field: 'channel', label: 'phone', match: '', weight: 0, rule: '' },
    ]);
    expect(parseEvidence(null)).toEqual([]);
    expect(parseEvidence({ 0: good })).toEqual([]);
  });

  it.each<[Partial<Evidence>, string]>([
    [{ field: 'sentiment', label: 'negative' }, 'ev ev-negative'],
    [{ field: 'sentiment', label: 'positive', weight: 2 }, 'ev ev-positive'],
    [{ field: 'sentiment', label: 'odd', weight: 2 }, 'ev ev-positive'],
    [{ field: 'sentiment', label: 'odd', weight: 0 }, 'ev ev-neutral'],
    [{ field: 'tactics', label: 'contact_frequency' }, 'ev ev-tactics'],
    [{ field: 'Bad Field!' as never, label: 'x' }, 'ev ev-other'],
  ])('class for %o is %s', (e, want) => expect(evidenceClass(ev(0, 1, e))).toBe(want));

  it('titles sentiment by weight with a real minus sign, other fields by label', () => {
    expect(evidenceTitle(ev(0, 1, { weight: -0.6 }))).toBe('sentiment −0.6 (en:afinn)');
    expect(evidenceTitle(ev(0, 1, { weight: 2 }))).toBe('sentiment +2 (en:afinn)');
    expect(evidenceTitle(ev(0, 1, { field: 'case_refs', label: '40512377', rule: '' }))).toBe('case_refs: 40512377');
  });
});
