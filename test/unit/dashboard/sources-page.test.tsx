import { describe, expect, it } from 'vitest';
import type { Source } from '../../../db/schema/index.ts';
import { Sparkline } from '../../../dashboard/components/charts.tsx';
import { relativeTime } from '../../../dashboard/lib/relative-time.ts';
import { flashFor, sortSourceRows, SourcesPage, type SourceRow } from '../../../dashboard/pages/sources.tsx';
import type { SourceHealth } from '../../../src/sources/health.ts';
import { checkXml, render } from './well-formed.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const MIN = 60_000;

describe('Sparkline', () => {
  it('is an accessible SVG with one bar per day that had mentions', async () => {
    const svg = await render(<Sparkline id="s1" title="Forum: 6 mentions in the last 14 days" values={[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3]} />);
    expect(checkXml(svg).problems).toEqual([]);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('aria-label="Forum: 6 mentions in the last 14 days"');
    expect(svg).toContain('<title>Forum: 6 mentions in the last 14 days</title>');
    expect(svg).toContain('<desc id="s1-desc">Per day, oldest first: 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3.</desc>');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).not.toMatch(/\sstyle=/);
    // The tallest bar reaches (almost) the top; x positions stay inside the chart.
    const ys = [...svg.matchAll(/ y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeLessThan(3);
    for (const m of svg.matchAll(/x="([\d.]+)%"/g)) expect(Number(m[1])).toBeLessThan(100);
  });

  it('an empty or silent series is just the baseline', async () => {
    for (const values of [[], new Array(14).fill(0)]) {
      const svg = await render(<Sparkline id="s2" title="Quiet" values={values} />);
      expect(checkXml(svg).problems).toEqual([]);
      expect(svg).not.toContain('<rect');
      expect(svg).toContain('class="baseline"');
    }
  });
});

describe('relativeTime', () => {
  it('is coarse, rounded down, in both directions', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(relativeTime(NOW + 10_000, NOW)).toBe('in under a minute');
    expect(relativeTime(NOW - MIN, NOW)).toBe('1 minute ago');
    expect(relativeTime(NOW - 59.9 * MIN, NOW)).toBe('59 minutes ago');
    expect(relativeTime(NOW + 90 * MIN, NOW)).toBe('in 1 hour');
    expect(relativeTime(NOW - 50 * 60 * MIN, NOW)).toBe('2 days ago');
  });
});

function source(id: number, name: string, over: Partial<Source> = {}): Source {
  return {
    id,
    name,
    kind: 'rss',
    brand: null,
    url: `https://example.com/${id}.xml`,
    config: {},
    cursor: null,
    isPaused: false,
    isDemo: false,
    pollIntervalSeconds: 900,
    etag: null,
    lastModified: null,
    nextPollAt: NOW + 10 * MIN,
    lastPolledAt: null,
    lastSuccessAt: NOW - 5 * MIN,
    lastError: null,
    errorCount: 0,
    createdAt: NOW - 86_400_000,
    updatedAt: NOW,
    ...over,
  };
}
const row = (s: Source, health: SourceHealth, polled = true): SourceRow => ({ source: s, kindTitle: 'RSS or Atom feed', health, volume: undefined, itemsPerDay: 0, polled });

describe('the message after adding a source', () => {
  it('names the sources already polling the address, by id, with names from the database only', () => {
    const names = new Map([
      [1, 'Forum'],
      [2, 'Forum again'],
    ]);
    expect(flashFor({ done: 'added', id: '2', also: '1' }, names)).toEqual({
      tone: 'ok',
      text: 'Added “Forum again”. Note: “Forum” (#1) already polls this address: a mention both bring in is stored once, and the other counts it as a duplicate.',
    });
    expect(flashFor({ done: 'added', id: '2', also: '9,<b>x' }, names)).toEqual({ tone: 'ok', text: 'Added “Forum again”.' });
  });
});

describe('the source list', () => {
  it('puts failing and silent sources first, then degraded, healthy and paused, by name within each', () => {
    const rows = [
      row(source(1, 'b'), 'healthy'),
      row(source(2, 'a'), 'paused'),
      row(source(3, 'z'), 'degraded'),
      row(source(4, 'y'), 'silent'),
      row(source(5, 'x'), 'failing'),
      row(source(6, 'a'), 'healthy'),
    ];
    expect(sortSourceRows(rows).map((r) => `${r.health}:${r.source.name}`)).toEqual(['failing:x', 'silent:y', 'degraded:z', 'healthy:a', 'healthy:b', 'paused:a']);
  });

  it('renders well formed, with untrusted names and errors as text, and actions only for admins', async () => {
    const evil = source(1, '<img src=x onerror=alert(1)>', { lastError: 'The source answered <b>500</b>', errorCount: 2, lastSuccessAt: null });
    const push = source(2, 'Webhook', { kind: 'push', url: null, lastSuccessAt: null });
    const rows = [row(evil, 'degraded'), row(push, 'healthy', false)];
    const user = { id: 1, email: 'a@x.example', name: 'A', role: 'admin' as const, creditor: null };
    const admin = await render(<SourcesPage user={user} csrfToken="tok" now={NOW} rows={rows} canWrite={true} flash={{ tone: 'ok', text: 'Added “<b>x</b>”.' }} />);
    const body = admin.slice(admin.indexOf('<body>'));
    expect(checkXml(body.replace('</html>', '')).problems).toEqual([]);
    expect(admin).not.toContain('<img');
    expect(admin).not.toContain('<b>');
    expect(admin).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(admin).toContain('The source answered &lt;b&gt;500&lt;/b&gt;');
    expect(admin).toContain('2 failed polls in a row');
    expect(admin).toContain('<form method="post" action="/sources/1/pause" class="row-action"><input type="hidden" name="_csrf" value="tok"/>');
    expect(admin).toContain('action="/sources/1/poll"');
    // A push source is not polled: no "Poll now", and it says so instead of a next poll.
    expect(admin).not.toContain('action="/sources/2/poll"');
    expect(admin).toContain('not polled: receives pushes');
    expect(admin).toContain('href="/sources/2/delete"');

    const viewer = await render(<SourcesPage user={{ ...user, role: 'viewer' }} csrfToken="tok" now={NOW} rows={rows} canWrite={false} flash={null} />);
    expect(viewer).not.toContain('<form method="post" action="/sources/');
    expect(viewer).not.toContain('/delete');
    expect(viewer).not.toContain('>Actions<');
    expect(viewer).toContain('>degraded</span>');
  });
});
