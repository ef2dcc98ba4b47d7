import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StepOnCase } from '../../../db/queries/steps.ts';
import { auditLog, cases, mentionCaseLinks, mentions, sources } from '../../../db/schema/index.ts';
import { createUser, login } from '../../../src/core/auth/accounts.ts';
import { setupApi, type ApiHarness } from '../../helpers/api.ts';
import type { CaseRow } from '../../../db/queries/case-view.ts';
import { caseFlashFor, CasePage, LinkedCases, timeline, type CaseAction, type CaseLinkItem } from '../../../dashboard/pages/case.tsx';
import { CasesPage } from '../../../dashboard/pages/cases.tsx';
import { checkXml, render } from './well-formed.ts';

const T = (d: number, h = 12) => Date.UTC(2026, 0, d, h, 0, 0);
const credit = { id: 1, email: 'cm@lumera.example', name: 'C', role: 'credit_manager' as const, creditor: null };
const comms = { ...credit, role: 'comms' as const };

const kase: CaseRow = {
  id: 7,
  case_ref: 'LV-40512377',
  creditor: 'Telia <b>SIA</b>',
  segment: 'unable',
  country: 'LV',
  opened_at: T(5, 0),
  closed_at: null,
  status: 'open',
  amount: 120.5,
  currency: 'EUR',
  language: 'lv',
  team: 'Riga & Co',
};
const actions: CaseAction[] = [
  { at: T(10), channel: 'sms', action_type: 'reminder', team: null, agent: 'agent7', outcome: null },
  { at: T(14), channel: 'phone', action_type: 'call', team: null, agent: '<script>x</script>', outcome: 'promise_to_pay' },
];
const links: CaseLinkItem[] = [
  {
    mentionId: 3,
    publishedAt: T(12),
    sentimentLabel: 'negative',
    sentimentScore: -0.8,
    excerpt: 'Lumera sent <img src=x onerror=alert(1)> again & again',
    sourceName: 'Forum',
    method: 'case_ref',
    confidence: 0.9,
    status: 'suggested',
  },
  { mentionId: 4, publishedAt: T(14), sentimentLabel: 'positive', sentimentScore: 0.5, excerpt: 'Thanks', sourceName: null, method: 'manual', confidence: 1, status: 'confirmed' },
];

describe('the case timeline', () => {
  it('puts actions and mentions in time order, an action first at the same time', () => {
    expect(timeline(actions, links).map((i) => (i.kind === 'action' ? `a:${i.action.action_type}` : `m:${i.link.mentionId}`))).toEqual(['a:reminder', 'm:3', 'a:call', 'm:4']);
  });
});

const steps: StepOnCase[] = [
  {
    id: 7,
    caseId: 1,
    mentionId: 3,
    ruleId: 1,
    step: 'pause_and_call',
    reasonCode: 'vulnerability_care',
    reason: 'The author mentions health problems',
    status: 'proposed',
    dueAt: Date.UTC(2026, 0, 6, 9),
    note: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: T(5),
  },
  {
    id: 8,
    caseId: 1,
    mentionId: 3,
    ruleId: 2,
    step: 'send_validation',
    reasonCode: 'validation',
    reason: 'The author says “debt not owed or already paid”',
    status: 'dismissed',
    dueAt: T(9),
    note: 'Paid <b>in full</b>',
    decidedBy: 1,
    decidedAt: Date.UTC(2026, 0, 7, 8),
    createdAt: T(5),
  },
  {
    id: 9,
    caseId: 1,
    mentionId: 3,
    ruleId: 3,
    step: 'lower_contact_frequency',
    reasonCode: 'contact_pattern',
    reason: 'A complaint about “too many calls or messages”',
    status: 'accepted',
    dueAt: T(9),
    note: null,
    decidedBy: 1,
    decidedAt: Date.UTC(2026, 0, 7, 8),
    createdAt: T(5),
    handOff: { status: 'sent', sentAt: Date.UTC(2026, 0, 7, 8, 5), lastError: null },
  },
];

describe('CasePage', () => {
  it('renders facts, the timeline and the link forms, escaped and well formed', async () => {
    const html = await render(
      <CasePage
        user={credit}
        csrfToken="tok"
        kase={kase}
        identifiers={{ handle: 1, email: 2, phone: 0 }}
        actions={actions}
        links={links}
        steps={steps}
        canWrite={true}
        flash={{ tone: 'ok', text: 'Confirmed <i>x</i>' }}
      />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).not.toMatch(/<script|\sstyle=|<img|<b>SIA|<i>x/);
    expect(html).toContain('Telia &lt;b&gt;SIA&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; again &amp; again');
    expect(html).toContain('agent &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('Riga &amp; Co');
    expect(html).toContain('1 handle, 2 e-mails');
    expect(html).toContain('aria-current="page"');
    expect(html).toContain('href="/cases"');
    // Only the suggested link can be confirmed; both can be removed; each form carries the token.
    expect(html.match(/action="\/cases\/LV-40512377\/links\/3\/confirm"/g)).toHaveLength(1);
    expect(html).not.toContain('/links/4/confirm');
    expect(html).toContain('action="/cases/LV-40512377/links/4/remove"');
    expect(html.match(/name="_csrf" value="tok"/g)).toHaveLength(5); // 3 link forms, 1 step form + log out
    // The next steps: the open one to accept or dismiss, due on the case country's clock; the decided one with its note.
    const next = html.slice(html.indexOf('data-testid="next-steps"'));
    expect(next).toContain('<strong>Pause automated contact; a trained colleague calls the person</strong>');
    expect(next).toContain('Due 6 Jan 2026, 11:00 Riga time (UTC+2)');
    expect(next.match(/action="\/cases\/LV-40512377\/steps\/7"/g)).toHaveLength(1);
    expect(next).not.toContain('/steps/8"');
    expect(next).toContain('Dismissed 7 Jan 2026, 10:00 Riga time (UTC+2) — Paid &lt;b&gt;in full&lt;/b&gt;');
    // An accepted one says what became of its hand-off to the collection system.
    expect(next).toContain('Sent to the collection system 7 Jan 2026, 10:05 Riga time (UTC+2)');
    expect(html).toContain('case reference in the text');
    expect(html).toContain('90% confidence');
    expect(html).toContain('class="badge sentiment s-negative"');
    expect(html.indexOf('data-mention="3"')).toBeLessThan(html.indexOf('promise_to_pay'));
  });

  it('shows each time on the clocks of the case country, the zone named, and in UTC where the country has no zone', async () => {
    const at = Date.UTC(2026, 0, 5, 19, 41);
    const one = (country: string) =>
      render(
        <CasePage
          user={credit}
          csrfToken="tok"
          kase={{ ...kase, country }}
          identifiers={{ handle: 0, email: 0, phone: 0 }}
          actions={[{ ...actions[0]!, at }]}
          links={[]}
          steps={[]}
          canWrite={false}
          flash={null}
        />,
      );
    // 19:41 UTC is 21:41 in Riga in January (UTC+2) and 20:41 in Stockholm.
    expect(await one('LV')).toContain('5 Jan 2026, 21:41 Riga time (UTC+2)');
    expect(await one('se')).toContain('5 Jan 2026, 20:41 Stockholm time (UTC+1)');
    expect(await one('ZZ')).toContain('5 Jan 2026, 19:41 UTC');
  });

  it('shows no forms without cases:write, and an empty timeline plainly', async () => {
    const html = await render(
      <CasePage user={credit} csrfToken="tok" kase={kase} identifiers={{ handle: 0, email: 0, phone: 0 }} actions={[]} links={[]} steps={[]} canWrite={false} flash={null} />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('Nothing has happened on this case yet.');
    expect(html).not.toContain('/links/');
    const read = await render(
      <CasePage
        user={credit}
        csrfToken="tok"
        kase={kase}
        identifiers={{ handle: 0, email: 0, phone: 0 }}
        actions={actions}
        links={links}
        steps={[]}
        canWrite={false}
        flash={null}
      />,
    );
    expect(read).not.toMatch(/\/links\/\d+\/(confirm|remove)/);
  });

  it('encodes a reference with odd characters in links and form actions', async () => {
    const odd = { ...kase, case_ref: 'A/1 "x"?' };
    const html = await render(
      <CasePage user={credit} csrfToken="tok" kase={odd} identifiers={{ handle: 0, email: 0, phone: 0 }} actions={[]} links={links} steps={[]} canWrite={true} flash={null} />,
    );
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('action="/cases/A%2F1%20%22x%22%3F/links/3/confirm"');
    expect(html).toContain('A/1 &quot;x&quot;?');
  });
});

describe('caseFlashFor', () => {
  it('reads only known words and a number', () => {
    expect(caseFlashFor({ done: 'confirmed', mention: '3' })).toEqual({ tone: 'ok', text: 'Confirmed the link to mention 3.' });
    expect(caseFlashFor({ done: 'removed', mention: '<b>' })).toEqual({ tone: 'ok', text: 'Removed the link.' });
    expect(caseFlashFor({ done: 'hacked' })).toBeNull();
    expect(caseFlashFor({})).toBeNull();
  });
});

const listProps = { creditorsFound: ['Telia', '<b>Bite'], teams: ['Riga B'], cases: [], next: null };

describe('CasesPage', () => {
  it('is a GET form with every value escaped', async () => {
    const html = await render(<CasesPage user={credit} csrfToken="tok" form={{ ref: '"><b>x', creditor: '<b>Bite' }} {...listProps} problem="status: bad" />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('<form method="get" action="/cases"');
    expect(html).toContain('value="&quot;&gt;&lt;b&gt;x"');
    expect(html).toContain('<option value="&lt;b&gt;Bite" selected="">&lt;b&gt;Bite</option>');
    expect(html).toContain('status: bad');
    expect(html).toContain('No case matches');
  });

  it('lists cases with links to them, and a next page that keeps the filters', async () => {
    const row = {
      id: 1,
      case_ref: 'LV-1 <x>',
      creditor: 'Telia',
      segment: 'unable',
      country: 'LV',
      team: null,
      status: 'written_off',
      opened_at: Date.UTC(2026, 8, 1),
      actions: 3,
      last_action_at: null,
      complaints: 2,
    };
    const html = await render(<CasesPage user={credit} csrfToken="tok" form={{ creditor: 'Telia' }} {...listProps} cases={[row]} next="abc" />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('href="/cases/LV-1%20%3Cx%3E"');
    expect(html).toContain('LV-1 &lt;x&gt;');
    expect(html).toContain('<td data-label="Status">written off</td>');
    expect(html).toContain('2026-09-01');
    expect(html).toContain('href="/cases?creditor=Telia&amp;cursor=abc"');
  });
});

describe('LinkedCases (mention page)', () => {
  it('shows references with method, confidence and status to roles with cases:read', async () => {
    const html = await render(<LinkedCases cases={{ canRead: true, links: [{ ref: 'LV-40512377', method: 'case_ref', confidence: 0.9, status: 'suggested' }] }} />);
    expect(checkXml(html).problems).toEqual([]);
    expect(html).toContain('href="/cases/LV-40512377"');
    expect(html).toContain('suggested');
    expect(html).toContain('90% confidence');
    expect(await render(<LinkedCases cases={{ canRead: true, links: [] }} />)).toContain('Not linked to any collection case.');
  });

  it('shows other roles only that a link exists, never the reference', async () => {
    const html = await render(<LinkedCases cases={{ canRead: false, linked: true }} />);
    expect(html).toContain('Linked to a collection case');
    expect(html).not.toMatch(/LV-|href=/);
    expect(await render(<LinkedCases cases={{ canRead: false, linked: false }} />)).toBe('');
  });

  it('the layout offers Cases only to roles with cases:read', async () => {
    const search = await render(<CasesPage user={comms} csrfToken="tok" form={{}} {...listProps} />);
    expect(search).not.toContain('href="/cases"');
  });
});

// ---- the routes, in process ----

describe('dashboard case routes', () => {
  const ORIGIN = 'http://localhost';
  let api: ApiHarness;
  const sessions = {} as Record<'credit_manager' | 'viewer', { cookie: string; csrf: string }>;
  let mentionId: number;

  // Logging in costs scrypt (a hash and a check, ~0.3 s each), so once per file; each test starts from the same
  // source, mention, cases and links, and an empty audit log, instead of a fresh database.
  beforeAll(async () => {
    api = await setupApi({ EARSHOT_SECRET_KEY: 'unit-secret-key-0123456789-0123456789' });
    for (const role of ['credit_manager', 'viewer'] as const) {
      await createUser(api.deps, { email: `${role}-web@test.local`, role, password: 'a long enough password' });
      const s = (await login(api.deps, `${role}-web@test.local`, 'a long enough password'))!;
      sessions[role] = { cookie: `earshot_session=${s.secret}`, csrf: s.csrfToken };
    }
  });

  beforeEach(async () => {
    await api.deps.db.delete(cases); // its links go with it, and the mention with its source
    await api.deps.db.delete(sources);
    await api.deps.db.delete(auditLog);
    const [src] = await api.deps.db
      .insert(sources)
      .values({ name: 'Forum', kind: 'push', config: {}, pollIntervalSeconds: 900, nextPollAt: 0, createdAt: 0, updatedAt: 0 })
      .returning();
    const [m] = await api.deps.db
      .insert(mentions)
      .values({
        sourceId: src!.id,
        externalKey: 'k1',
        text: 'Lumera <b>again</b>',
        publishedAt: T(12),
        firstSeenAt: T(12),
        updatedAt: T(12),
        contentHash: 'h1',
      } as typeof mentions.$inferInsert)
      .returning();
    mentionId = m!.id;
    for (const ref of ['LV-40512377', 'A/1 x']) {
      const [c] = await api.deps.db
        .insert(cases)
        .values({ caseRef: ref, creditor: 'Telia', segment: 'unable', country: 'LV', openedAt: T(5), status: 'open', rowHash: ref })
        .returning();
      await api.deps.db.insert(mentionCaseLinks).values({ mentionId, caseId: c!.id, method: 'case_ref', confidence: 0.9, status: 'suggested', createdAt: T(12) });
    }
  });

  const get = (path: string, role: 'credit_manager' | 'viewer' = 'credit_manager') => api.app.request(path, { headers: { cookie: sessions[role].cookie } });
  const post = (path: string, opts: { role?: 'credit_manager' | 'viewer'; csrf?: string; origin?: string } = {}) => {
    const role = opts.role ?? 'credit_manager';
    return api.app.request(path, {
      method: 'POST',
      headers: { cookie: sessions[role].cookie, origin: opts.origin ?? ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: opts.csrf ?? sessions[role].csrf }).toString(),
    });
  };
  const auditOf = async () =>
    (await api.deps.db.select().from(auditLog)).filter((a) => a.action.startsWith('case.')).map((a) => ({ action: a.action, target: a.target, details: a.details }));

  it('a reference that names one case opens it; a view is audited, a missing case is not', async () => {
    const r = await get('/cases?ref=%20A%2F1%20x%20');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/cases/A%2F1%20x');
    expect((await get('/cases?ref=')).status).toBe(200);
    expect((await get('/cases?status=lost')).status).toBe(400);
    const page = await get('/cases/A%2F1%20x');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lumera &lt;b&gt;again&lt;/b&gt;');
    expect((await get('/cases/LV-00000000')).status).toBe(404);
    // The lookup lists (one case shown), then the case is viewed; the empty search listed every case.
    expect(await auditOf()).toEqual([
      { action: 'case.list', target: 'cases', details: { filters: { ref: 'A/1 x' }, shown: 1 } },
      { action: 'case.list', target: 'cases', details: { filters: {}, shown: 2 } },
      { action: 'case.view', target: 'case:A/1 x', details: null },
    ]);
  });

  it('confirms and removes with the token, audited like the API; refuses without it, from elsewhere or without cases:write', async () => {
    const base = `/cases/LV-40512377/links/${mentionId}`;
    expect((await post(`${base}/confirm`, { csrf: 'wrong' })).status).toBe(403);
    expect((await post(`${base}/confirm`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(`${base}/remove`, { role: 'viewer' })).status).toBe(403);
    expect((await get('/cases/LV-40512377', 'viewer')).status).toBe(403);
    expect(await auditOf()).toEqual([]);

    const confirmed = await post(`${base}/confirm`);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`/cases/LV-40512377?done=confirmed&mention=${mentionId}`);
    const removed = await post(`${base}/remove`);
    expect(removed.headers.get('location')).toBe(`/cases/LV-40512377?done=removed&mention=${mentionId}`);
    expect((await post(`${base}/remove`)).status).toBe(404);
    expect(await auditOf()).toEqual([
      { action: 'case.link_confirm', target: 'case:LV-40512377', details: { mention_id: mentionId } },
      { action: 'case.unlink', target: 'case:LV-40512377', details: { mention_id: mentionId } },
    ]);
    const links = await api.deps.db.select().from(mentionCaseLinks);
    expect(links).toHaveLength(1); // the other case's link is untouched
  });

  it('the mention page names linked cases only to roles with cases:read', async () => {
    const cm = await (await get(`/mentions/${mentionId}`)).text();
    expect(cm).toContain('href="/cases/LV-40512377"');
    expect(cm).toContain('href="/cases/A%2F1%20x"');
    const viewer = await (await get(`/mentions/${mentionId}`, 'viewer')).text();
    expect(viewer).toContain('Linked to a collection case');
    expect(viewer).not.toMatch(/LV-40512377|A\/1 x|href="\/cases/);
  });
});
