import { describe, expect, it } from 'vitest';
import { AlertsPage } from '../../../dashboard/pages/alerts.tsx';
import { alertJson } from '../../../src/core/alerts/alert-view.ts';
import { checkXml, render } from './well-formed.ts';

const comms = { id: 2, email: 'desk@lumera.example', name: 'Desk', role: 'comms' as const, creditor: null };
const NOW = Date.UTC(2026, 10, 20, 12);

const alert = (id: number, o: { market?: string; openedAt?: number; ruleId?: number } = {}) =>
  alertJson(
    {
      id,
      ruleId: o.ruleId ?? null,
      ruleKind: 'escalation',
      groupKey: `g${id}`,
      status: 'open',
      severity: 'high',
      title: `Regulator threat <b>${id}</b>`,
      reasons: ['The author says they will go to the regulator'],
      evidence: null,
      brand: 'Lumera',
      market: o.market ?? 'lv',
      sourceKind: 'rss',
      caseId: null,
      mentionCount: 1,
      assigneeUserId: null,
      snoozedUntil: null,
      openedAt: o.openedAt ?? NOW - 3_600_000,
      lastSeenAt: o.openedAt ?? NOW - 3_600_000,
      acknowledgedAt: null,
      resolvedAt: null,
      updatedAt: NOW,
    } as never,
    null,
  );

describe('the alert inbox page', () => {
  it("shows each alert's latest mention with its evidence marked, its source, reach and engagement, escaped", async () => {
    const text = 'Lumera <script>x</script> calls me daily. I will complain to the consumer ombudsman tomorrow.';
    const start = text.indexOf('complain');
    const latest = new Map([
      [
        7,
        {
          title: null,
          text,
          evidence: JSON.stringify([{ field: 'escalation', label: 'regulator', match: 'complain to the consumer ombudsman', start, end: start + 34, weight: 2, rule: 'model' }]),
          publishedAt: NOW - 2 * 3_600_000,
          sourceName: 'Forum <i>lv</i>',
          sourceKind: 'rss',
          reach: 12_400,
          engagement: 31,
        },
      ],
    ]);
    const html = await render(
      <AlertsPage
        user={comms}
        csrfToken="tok"
        now={NOW}
        filter={{ status: 'active', severity: '', rule: '', market: '', each: false }}
        alerts={[alert(7)]}
        latest={latest}
        canAct
      />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toMatch(/<script>|<i>lv/);
    expect(html).toContain('data-testid="alert-snippet"');
    expect(html).toMatch(/<mark class="[^"]*"[^>]*>complain to the consumer ombudsman<\/mark>/);
    expect(html).toContain('Forum &lt;i&gt;lv&lt;/i&gt; (rss) · published 2 hours ago · author reach 12 400 · engagement 31');
    expect(html).toContain('Riskiest first');
    expect(html).toContain('1 alert</p>');
  });

  it('cuts a long mention at a word, and pages with the total', async () => {
    const long = `${'word '.repeat(100)}end`;
    const latest = new Map([[1, { title: null, text: long, evidence: null, publishedAt: NOW, sourceName: 'S', sourceKind: 'push', reach: null, engagement: null }]]);
    const alerts = [1, 2].map((id) => alert(id));
    const html = await render(
      <AlertsPage
        user={comms}
        csrfToken="tok"
        now={NOW}
        filter={{ status: 'active', severity: 'high', rule: '', market: '', each: false }}
        alerts={alerts}
        latest={latest}
        total={120}
        offset={50}
        pageSize={50}
        canAct
      />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('word word…');
    expect(html).not.toContain('end</div>');
    expect(html).toContain('51–52 of 120 alerts');
    expect(html).toContain('href="/alerts?severity=high&amp;offset=0" rel="prev"');
    expect(html).toContain('href="/alerts?severity=high&amp;offset=52" rel="next"');
  });

  it('collapses alerts of one rule and market opened within a day into one card that ticks them all, and shows each on asking', async () => {
    const alike = [alert(1), alert(2, { openedAt: NOW - 20 * 3_600_000 }), alert(3, { market: 'et' }), alert(4, { openedAt: NOW - 30 * 3_600_000 }), alert(5)];
    const filter = { status: 'active', severity: '', rule: '', market: '', each: false };
    const html = await render(<AlertsPage user={comms} csrfToken="tok" now={NOW} filter={filter} alerts={alike} canAct />);
    expect(checkXml(html).problems).toEqual([]);
    // 1, 2 and 5 alike; 3 is another market; 4 was opened 29 hours before the first of them.
    expect([...html.matchAll(/data-testid="alert-item" data-alert="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '3', '4']);
    expect(html).toContain('value="1,2,5"');
    expect(html).toContain('and 2 more alerts like it');
    expect(html).toContain('href="/alerts?status=open&amp;rule=escalation&amp;market=lv&amp;each=1"');
    const each = await render(<AlertsPage user={comms} csrfToken="tok" now={NOW} filter={{ ...filter, rule: 'escalation', market: 'lv', each: true }} alerts={alike} canAct />);
    expect([...each.matchAll(/data-testid="alert-item" data-alert="(\d+)"/g)]).toHaveLength(5);
    expect(each).not.toContain('more alerts like it');
  });
});
