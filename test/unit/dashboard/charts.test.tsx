import { describe, expect, it } from 'vitest';
import { axisLabelIndexes, fillDays, HBars, niceCeil, StackedBars, type DayCounts } from '../../../dashboard/components/charts.tsx';
import { checkXml, render } from './well-formed.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 7, 24);

function days(n: number, f: (i: number) => Omit<DayCounts, 'day'>): DayCounts[] {
  return Array.from({ length: n }, (_, i) => ({ day: D0 + i * DAY, ...f(i) }));
}

const href = (day: number, s?: string) => `/mentions?from=${new Date(day).toISOString().slice(0, 10)}${s ? `&sentiment=${s}` : ''}`;

function expectAccessibleSvg(svg: string, title: string) {
  const { problems, elements } = checkXml(svg);
  expect(problems).toEqual([]);
  expect(elements[0]).toBe('svg');
  expect(svg).toMatch(/^<svg [^>]*role="img"/);
  expect(svg).toContain(`aria-label="${title}"`);
  expect(svg).toContain(`<title>${title}</title>`);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  // The CSP forbids inline styles: colours and sizes come from classes and presentation attributes.
  expect(svg).not.toMatch(/\sstyle=/);
  expect(svg).not.toContain('<script');
  const described = /aria-describedby="([^"]+)"/.exec(svg)?.[1];
  expect(svg).toContain(`<desc id="${described}">`);
}

describe('StackedBars', () => {
  it('renders a valid, labelled chart with no data at all', async () => {
    const svg = await render(<StackedBars id="c" title="Per day" days={[]} href={href} />);
    expectAccessibleSvg(svg, 'Per day');
    expect(svg).toContain('No mentions in this period');
    expect(svg).not.toContain('<rect');
  });

  it('renders days without mentions as an empty chart with axis labels', async () => {
    const svg = await render(<StackedBars id="c" title="Per day" days={days(7, () => ({ negative: 0, neutral: 0, positive: 0 }))} />);
    expectAccessibleSvg(svg, 'Per day');
    expect(svg).toContain('No mentions in this period');
    expect(svg.match(/class="tick"/g)).toHaveLength(7 + 1);
  });

  it('renders one day as stacked, linked segments with text labels and tooltips', async () => {
    const svg = await render(<StackedBars id="one" title="One day" days={[{ day: D0, negative: 3, neutral: 1, positive: 2 }]} href={href} />);
    expectAccessibleSvg(svg, 'One day');
    const rects = svg.match(/<rect [^>]*>/g) ?? [];
    expect(rects.map((r) => /class="bar (s-\w+)"/.exec(r)?.[1])).toEqual(['s-negative', 's-neutral', 's-positive']);
    expect(svg).toContain('<title>24 Aug 2026: 3 negative</title>');
    expect(svg).toContain('href="/mentions?from=2026-08-24&amp;sentiment=negative"');
    expect(svg).toContain('>24 Aug</text>');
    expect(svg).toContain('6 mentions, 24 Aug 2026 to 24 Aug 2026');
    expect(svg).not.toContain('No mentions in this period');
    // Heights add up to the tallest bar: the top of the stack reaches the top gridline (niceCeil(6) = 10 → 60%).
    const heights = rects.map((r) => Number(/height="([\d.]+)"/.exec(r)![1]));
    expect(heights.reduce((a, b) => a + b, 0)).toBeCloseTo(196 * 0.6, 0);
  });

  it('renders 90 days with bars inside the plot and a handful of axis labels', async () => {
    const data = days(90, (i) => ({ negative: i % 4, neutral: i % 3, positive: (i * 7) % 5 }));
    const svg = await render(<StackedBars id="q" title="Ninety" days={data} href={href} />);
    expectAccessibleSvg(svg, 'Ninety');
    const expected = data.reduce((a, d) => a + [d.negative, d.neutral, d.positive].filter((v) => v > 0).length, 0);
    expect(svg.match(/<rect /g)).toHaveLength(expected);
    for (const r of svg.match(/<rect [^>]*>/g)!) {
      const x = Number(/ x="([\d.]+)%"/.exec(r)![1]);
      const w = Number(/ width="([\d.]+)%"/.exec(r)![1]);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(100.001);
      expect(Number(/ y="([\d.]+)"/.exec(r)![1])).toBeGreaterThanOrEqual(0);
    }
    const labels = [...svg.matchAll(/<text class="tick"[^>]*text-anchor="(\w+)"[^>]*>([^<]+)<\/text>/g)].map((m) => [m[1], m[2]]);
    expect(labels).toEqual([
      ['start', '24 Aug'],
      ['middle', '15 Sep'],
      ['middle', '8 Oct'],
      ['middle', '30 Oct'],
      ['end', '21 Nov'],
    ]);
  });

  it('escapes whatever it is given as a title', async () => {
    const svg = await render(<StackedBars id="x" title={'<b>"x"</b> & co'} days={[]} />);
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
  });
});

describe('HBars', () => {
  it('renders an empty state', async () => {
    const svg = await render(<HBars id="h" title="By language" items={[]} empty="No mentions" />);
    expectAccessibleSvg(svg, 'By language');
    expect(svg).toContain('No mentions');
    expect(svg).not.toContain('class="bar');
  });

  it('renders labelled, linked bars scaled to the largest value', async () => {
    const svg = await render(
      <HBars
        id="h"
        title="Tactics"
        barClass="b-tactic"
        items={[
          { label: 'contact frequency', value: 10, href: '/mentions?tactic=contact_frequency' },
          { label: 'fees <amount>', value: 5 },
          { label: 'zero', value: 0 },
        ]}
      />,
    );
    expectAccessibleSvg(svg, 'Tactics');
    const widths = [...svg.matchAll(/class="bar b-tactic"[^>]*width="([\d.]+)%"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([100, 50, 0]);
    expect(svg).toContain('href="/mentions?tactic=contact_frequency"');
    expect(svg).toContain('>fees &lt;amount&gt;</text>');
    expect(svg.match(/<a /g)).toHaveLength(1);
  });

  it('ignores a bar class that is not a plain class name', async () => {
    const svg = await render(<HBars id="h" title="T" barClass={'x" onclick="y'} items={[{ label: 'a', value: 1 }]} />);
    expect(svg).toContain('class="bar b-default"');
  });
});

describe('chart helpers', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [6, 10],
    [11, 20],
    [200, 200],
    [201, 500],
  ])('niceCeil(%i) = %i', (n, want) => expect(niceCeil(n)).toBe(want));

  it('labels every day of a short period, five days of a long one', () => {
    expect(axisLabelIndexes(0)).toEqual([]);
    expect(axisLabelIndexes(7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(axisLabelIndexes(30)).toEqual([0, 7, 15, 22, 29]);
  });

  it('fills missing days and sums rows into their UTC day, whatever instant they carry', () => {
    const filled = fillDays(
      [
        { day: D0 + DAY + 3_600_000, negative: 1, neutral: 0, positive: 0 },
        { day: D0 + DAY + 7_200_000, negative: 2, neutral: 1, positive: 0 },
        { day: D0 - 1, negative: 9, neutral: 9, positive: 9 },
        { day: D0 + 5 * DAY, negative: 9, neutral: 9, positive: 9 },
      ],
      D0,
      3,
    );
    expect(filled).toEqual([
      { day: D0, negative: 0, neutral: 0, positive: 0 },
      { day: D0 + DAY, negative: 3, neutral: 1, positive: 0 },
      { day: D0 + 2 * DAY, negative: 0, neutral: 0, positive: 0 },
    ]);
  });
});

describe('the well-formedness check used above', () => {
  it.each([
    ['<svg><g></svg>', '</svg> closes <g>'],
    ['<svg><text>a < b</text></svg>', 'malformed tag'],
    ['<svg><text a="x<y"></text></svg>', 'raw <'],
    ['<svg a="1" a="2"></svg>', 'duplicate attribute'],
    ['<svg>AT&T</svg>', 'bare &'],
    ['<svg><g>', 'unclosed'],
    ['<svg x=1></svg>', 'malformed tag'],
  ])('rejects %s', (xml, problem) => {
    expect(checkXml(xml).problems.join('; ')).toContain(problem);
  });
});
