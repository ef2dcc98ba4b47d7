import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { latestAlertOfGroup, openAlert, updateAlert } from '../../../db/queries/alerts.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { mentionAnalysis, mentions } from '../../../db/schema/index.ts';
import type { Role, Severity, StaffRole } from '../../../db/schema/constants.ts';
import { buildDigest } from '../../../src/core/digest/build-digest.ts';
import { renderDigest } from '../../../src/core/digest/render-digest.ts';
import { parseIsoWeek } from '../../../src/core/digest/week.ts';
import { seedAction, seedCase, seedLink, seedStepEffectExample } from '../../helpers/cases-fixture.ts';
import { makeTestDeps } from '../../helpers/test-deps.ts';

const nov = (day: number, hour = 12, minute = 0) => Date.UTC(2026, 10, day, hour, minute);
const oct = (day: number, hour = 12) => Date.UTC(2026, 9, day, hour);
const W47 = parseIsoWeek('2026-W47')!;
/** Monday morning after the week, Riga: when the digest goes out. */
const NOW = nov(23, 9);
/** Spaces of any kind (Intl puts no-break spaces in "56 %") as plain spaces. */
const flat = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ');

interface M {
  source: number;
  at: number;
  lang?: string;
  relevant?: boolean;
  sentiment?: 'negative' | 'neutral' | 'positive';
  tactics?: string[];
  reach?: number | null;
  engagement?: number | null;
  title?: string | null;
  text?: string;
  author?: string | null;
  caseRefs?: string[];
  score?: number;
  analysed?: boolean;
}

let seq = 0;
async function mention(db: Db, m: M): Promise<number> {
  const key = `d${++seq}`;
  const [row] = await db
    .insert(mentions)
    .values({
      sourceId: m.source,
      externalKey: key,
      url: `https://example.com/${key}`,
      author: m.author ?? 'someone',
      title: m.title ?? null,
      text: m.text ?? `Lumera mention ${key}`,
      authorReach: m.reach ?? null,
      engagement: m.engagement ?? null,
      publishedAt: m.at,
      firstSeenAt: m.at,
      updatedAt: m.at,
      contentHash: key,
    })
    .returning({ id: mentions.id });
  if (m.analysed !== false) {
    const sentiment = m.sentiment ?? 'neutral';
    await db.insert(mentionAnalysis).values({
      mentionId: row!.id,
      analyserVersion: 'test',
      contentHash: key,
      language: m.lang ?? 'en',
      isRelevant: m.relevant ?? true,
      sentimentLabel: sentiment,
      sentimentScore: m.score ?? (sentiment === 'negative' ? -0.5 : sentiment === 'positive' ? 0.5 : 0),
      tactics: m.tactics ?? [],
      channels: [],
      vulnerability: [],
      payerStance: 'unknown',
      escalation: [],
      caseRefs: m.caseRefs ?? [],
      evidence: [],
    });
  }
  return row!.id;
}

async function alert(db: Db, a: { key: string; severity: Severity; at: number; title?: string; reasons?: string[]; ack?: number; resolve?: number }) {
  await openAlert(db, {
    ruleId: null,
    ruleKind: 'high_reach',
    groupKey: a.key,
    severity: a.severity,
    title: a.title ?? `Alert ${a.key}`,
    reasons: a.reasons ?? [`Reason of ${a.key}`],
    evidence: null,
    brand: null,
    market: 'lv',
    sourceKind: 'rss',
    caseId: null,
    mentions: [],
    at: a.at,
  });
  let row = (await latestAlertOfGroup(db, a.key))!;
  if (a.ack) {
    await updateAlert(db, { alert: row, set: { status: 'acknowledged', acknowledgedAt: a.ack }, events: [{ type: 'acknowledged' }], actorUserId: null, at: a.ack });
    row = (await latestAlertOfGroup(db, a.key))!;
  }
  if (a.resolve) {
    await updateAlert(db, { alert: row, set: { status: 'resolved', resolvedAt: a.resolve }, events: [{ type: 'resolved', notify: 'resolved' }], actorUserId: null, at: a.resolve });
  }
  return row.id;
}

const M1_TEXT = 'Lumera zvana katru dienu par lietu LV-4051 2377, rakstiet uz janis.berzins@example.lv vai zvaniet +371 2612 3456. Esmu noguris.';
const LONG_TEXT =
  'Inkassobolaget Lumera ringer mig varje dag, ibland tre gånger, och hotar med Kronofogden fast jag redan har betalat. ' +
  'Jag har bett dem att bara skriva brev men de fortsätter att ringa till min arbetsplats och till min mamma. Det här måste få ett slut nu.';
const HOSTILE_TITLE = `<script>alert('t')</script> Lumera`;
const HOSTILE_TEXT = `"><img src=x onerror=alert(1)> Lumera added fees &amp; charges, rude agent`;
const HOSTILE_SOURCE = `Forum "><img src=x onerror=alert(2)>`;
const HOSTILE_REASON = '<img src=x onerror=alert(3)> in a reason';
const HOSTILE_ALERT_TITLE = 'Negative mention with high reach — <b>lv</b> & co';

/**
 * The seeded week, 2026-W47 in Europe/Riga: [Sun 15 Nov 22:00 UTC, Sun 22 Nov 22:00 UTC).
 *
 * This week (20 mentions; S1 = hostile-named forum, lv; S2 = reviews, the rest):
 *   #   lang rel  sentiment tactics                          notes
 *   1   lv   yes  neg       contact_frequency, contact_time    reach 5000, engagement 40; case ref, e-mail, phone; Wed 18 Nov 23:30 UTC
 *   2   lv   yes  neg       contact_frequency                  score −0.9
 *   3   lv   yes  neg       contact_frequency
 *   4   lv   yes  neg       threat_legal
 *   5   lv   yes  neutral
 *   6   lv   yes  positive  agent_helpful
 *   7   lv   no   neutral
 *   8   lv   no   negative                                     not relevant: not counted as negative
 *   9   sv   yes  neg       contact_frequency, threat_legal    engagement 50; long text
 *   10  sv   yes  neg       fees_amount                        reach 300
 *   11  sv   yes  neg
 *   12  sv   yes  neutral
 *   13  sv   yes  positive  payment_plan
 *   14  sv   no   neutral
 *   15  en   yes  neg       contact_frequency                  Sun 22 Nov 21:30 UTC (23:30 in Riga)
 *   16  en   yes  neg       fees_amount                        reach 1000, engagement 10; hostile title and text
 *   17  en   yes  neutral
 *   18  en   no   positive
 *   19  fi   yes  positive
 *   20  fi   yes  neutral                                      Sun 15 Nov 22:30 UTC: Monday 00:30 in Riga (W47), still W46 in UTC
 *   → mentions 20, relevant 16 (not 7, 8, 14, 18), negative 9 (1–4, 9–11, 15, 16)
 *
 * Previous week W46 (10): lv rel neg [contact_frequency]; lv rel neg [threat_legal] ×3; lv rel neutral; sv rel neg [fees_amount];
 *   sv rel positive; en rel neg [threat_legal]; en not relevant; ru rel neutral → 10, relevant 9, negative 6.
 * W45 (6): 6 relevant, 3 negative. W44 (4): 2 relevant, 1 negative. W43 (1): 1 relevant negative (a complaint on case C1).
 * Four-week average: mentions (10+6+4+1)/4 = 5.25; relevant (9+6+2+1)/4 = 4.5; negative (6+3+1+1)/4 = 2.75;
 *   relevant share pooled 18/21 = 85.7 %; negative share 11/18 = 61.1 %.
 */
async function seedWeek() {
  const { deps, clock } = await makeTestDeps();
  clock.set(NOW);
  const db = deps.db;
  const s1 = (await insertSource(db, { name: HOSTILE_SOURCE, kind: 'rss' })).id;
  const s2 = (await insertSource(db, { name: 'Reviews', kind: 'trustpilot' })).id;
  const silent = (await insertSource(db, { name: 'Quiet blog', kind: 'rss' })).id;
  await insertSource(db, { name: 'Broken <script>x</script> feed', kind: 'rss', errorCount: 5, lastError: 'The server answered 404 <b>Not Found</b> & gone' });
  await insertSource(db, { name: 'Paused feed', kind: 'rss', isPaused: true, errorCount: 9 });
  // The quiet blog spoke daily at the start of October and not since.
  for (let d = 1; d <= 5; d++) await mention(db, { source: silent, at: oct(d), analysed: false });

  const at = (i: number) => nov(16 + (i % 6), 10 + (i % 8)); // Mon 16 – Sat 21 Nov, daytime
  const ids: number[] = [];
  const week: M[] = [
    {
      source: s1,
      at: nov(18, 23, 30),
      lang: 'lv',
      sentiment: 'negative',
      tactics: ['contact_frequency', 'contact_time'],
      reach: 5000,
      engagement: 40,
      text: M1_TEXT,
      author: 'Jānis Bērziņš',
      caseRefs: ['40512377'],
      title: 'Lumera LV-4051 2377',
    },
    { source: s1, at: at(2), lang: 'lv', sentiment: 'negative', tactics: ['contact_frequency'], score: -0.9 },
    { source: s1, at: at(3), lang: 'lv', sentiment: 'negative', tactics: ['contact_frequency'] },
    { source: s1, at: at(4), lang: 'lv', sentiment: 'negative', tactics: ['threat_legal'] },
    { source: s1, at: at(5), lang: 'lv' },
    { source: s1, at: at(6), lang: 'lv', sentiment: 'positive', tactics: ['agent_helpful'] },
    { source: s1, at: at(7), lang: 'lv', relevant: false },
    { source: s1, at: at(8), lang: 'lv', relevant: false, sentiment: 'negative' },
    { source: s2, at: at(9), lang: 'sv', sentiment: 'negative', tactics: ['contact_frequency', 'threat_legal'], engagement: 50, text: LONG_TEXT },
    { source: s2, at: at(10), lang: 'sv', sentiment: 'negative', tactics: ['fees_amount'], reach: 300 },
    { source: s2, at: at(11), lang: 'sv', sentiment: 'negative' },
    { source: s2, at: at(12), lang: 'sv' },
    { source: s2, at: at(13), lang: 'sv', sentiment: 'positive', tactics: ['payment_plan'] },
    { source: s2, at: at(14), lang: 'sv', relevant: false },
    { source: s2, at: nov(22, 21, 30), lang: 'en', sentiment: 'negative', tactics: ['contact_frequency'] },
    { source: s2, at: at(16), lang: 'en', sentiment: 'negative', tactics: ['fees_amount'], reach: 1000, engagement: 10, title: HOSTILE_TITLE, text: HOSTILE_TEXT },
    { source: s2, at: at(17), lang: 'en' },
    { source: s2, at: at(18), lang: 'en', relevant: false, sentiment: 'positive' },
    { source: s2, at: at(19), lang: 'fi', sentiment: 'positive' },
    { source: s2, at: nov(15, 22, 30), lang: 'fi' },
  ];
  for (const m of week) ids.push(await mention(db, m));

  // W46: [Sun 8 Nov 22:00, Sun 15 Nov 22:00) UTC.
  const prev = (i: number) => nov(9 + (i % 6), 9);
  const p1 = await mention(db, { source: s1, at: prev(0), lang: 'lv', sentiment: 'negative', tactics: ['contact_frequency'] });
  for (let i = 1; i <= 3; i++) await mention(db, { source: s1, at: prev(i), lang: 'lv', sentiment: 'negative', tactics: ['threat_legal'] });
  await mention(db, { source: s1, at: prev(4), lang: 'lv' });
  await mention(db, { source: s2, at: prev(5), lang: 'sv', sentiment: 'negative', tactics: ['fees_amount'] });
  await mention(db, { source: s2, at: prev(6), lang: 'sv', sentiment: 'positive' });
  await mention(db, { source: s2, at: nov(15, 21, 30), lang: 'en', sentiment: 'negative', tactics: ['threat_legal'] }); // 23:30 Sunday in Riga
  await mention(db, { source: s2, at: prev(8), lang: 'en', relevant: false });
  await mention(db, { source: s2, at: prev(9), lang: 'ru' });
  // W45 (2–8 Nov), W44 (26 Oct – 1 Nov), W43 (19–25 Oct).
  for (let i = 0; i < 6; i++) await mention(db, { source: s2, at: nov(4, 9 + i), sentiment: i < 3 ? 'negative' : 'neutral' });
  for (let i = 0; i < 4; i++) await mention(db, { source: s2, at: oct(28, 9 + i), relevant: i < 2, sentiment: i === 0 ? 'negative' : 'neutral' });
  const w43 = await mention(db, { source: s2, at: oct(20), sentiment: 'negative', tactics: ['contact_frequency'] });

  // Alerts. Included: A2 (critical, acknowledged before the week, still unresolved), A1 (high, opened during the week),
  // A5 (high, opened before, resolved only after the week ended), A3 (medium, opened and resolved during the week).
  // Left out: A4 (resolved before the week), A6 (opened after the week ended in Riga).
  const a1 = await alert(db, {
    key: `"><script>alert(1)</script>`,
    severity: 'high',
    at: nov(18, 10),
    title: HOSTILE_ALERT_TITLE,
    reasons: ['Negative, with 5,000 followers', HOSTILE_REASON],
  });
  const a2 = await alert(db, { key: 'a2', severity: 'critical', at: oct(30), ack: nov(10) });
  const a3 = await alert(db, { key: 'a3', severity: 'medium', at: nov(17), resolve: nov(19) });
  await alert(db, { key: 'a4', severity: 'low', at: nov(1), resolve: nov(10) });
  const a5 = await alert(db, { key: 'a5', severity: 'high', at: nov(2), resolve: nov(23, 7) });
  await alert(db, { key: 'a6', severity: 'critical', at: nov(23, 1) });

  // Cases for complaint rates. Period: the 28 days up to the end of the week, [25 Oct 22:00, 22 Nov 22:00) UTC; before:
  // [27 Sep 22:00, 25 Oct 22:00). Window 14 days.
  const c1 = await seedCase(db, { ref: 'LV-1001', creditor: 'Telia', segment: 'unwilling', country: 'LV' });
  const c2 = await seedCase(db, { ref: 'LV-1002', creditor: 'Telia', segment: 'unable', country: 'LV' });
  const c3 = await seedCase(db, { ref: 'LV-1003', creditor: 'Elisa', segment: 'unable', country: 'LV' });
  const c4 = await seedCase(db, { ref: 'LV-1004', creditor: 'Elisa', segment: 'known_info', country: 'LV' });
  await seedAction(db, c1, nov(10), 'call', 'phone');
  await seedAction(db, c2, nov(12), 'call', 'phone');
  await seedAction(db, c3, nov(5), 'letter', 'letter');
  await seedAction(db, c4, nov(14), 'sms', 'sms');
  await seedAction(db, c1, oct(10), 'letter', 'letter');
  await seedAction(db, c2, oct(12), 'letter', 'letter');
  await seedAction(db, c3, oct(14), 'letter', 'letter');
  await seedLink(db, ids[0]!, c1); // #1 (18 Nov) follows call 10 Nov on C1
  await seedLink(db, ids[1]!, c2); // #2 follows call 12 Nov on C2
  await seedLink(db, ids[3]!, c4); // #4 follows sms 14 Nov on C4
  await seedLink(db, p1, c3); // W46's first follows letter 5 Nov on C3
  await seedLink(db, w43, c1); // 20 Oct follows letter 10 Oct on C1 (the period before)
  return { deps, ids, alerts: { a1, a2, a3, a5 } };
}

const build = (deps: Awaited<ReturnType<typeof seedWeek>>['deps'], o: Partial<{ role: StaffRole; timeZone: string; language: 'en' | 'sv' | 'lv'; baseUrl: string | null }> = {}) =>
  buildDigest(deps, {
    week: W47,
    role: o.role ?? 'comms',
    timeZone: o.timeZone ?? 'Europe/Riga',
    language: o.language ?? 'en',
    baseUrl: o.baseUrl === undefined ? 'https://earshot.example/dashboard/' : o.baseUrl,
  });

describe('the weekly digest on a seeded week', () => {
  it('counts the week, the week before and the four-week average, and the markets', async () => {
    const { deps } = await seedWeek();
    const d = await build(deps);
    expect(d.weekLabel).toBe('2026-W47');
    expect(d.range).toEqual({ from: Date.UTC(2026, 10, 15, 22), to: Date.UTC(2026, 10, 22, 22) });
    const n = d.numbers!;
    expect(n.current).toEqual({ mentions: 20, relevant: 16, negative: 9, relevantShare: 16 / 20, negativeShare: 9 / 16 });
    expect(n.previous).toEqual({ mentions: 10, relevant: 9, negative: 6, relevantShare: 9 / 10, negativeShare: 6 / 9 });
    expect(n.average4).toEqual({ mentions: 5.25, relevant: 4.5, negative: 2.75, relevantShare: 18 / 21, negativeShare: 11 / 18 });
    // Relevant by market this week / last: lv 6/5, sv 5/2, en 3/1, fi 2/0, ru 0/1.
    expect(n.markets).toEqual([
      { market: 'lv', relevant: 6, negative: 4, previousRelevant: 5, change: 1 },
      { market: 'sv', relevant: 5, negative: 3, previousRelevant: 2, change: 3 },
      { market: 'en', relevant: 3, negative: 2, previousRelevant: 1, change: 2 },
      { market: 'fi', relevant: 2, negative: 0, previousRelevant: 0, change: 2 },
      { market: 'ru', relevant: 0, negative: 0, previousRelevant: 1, change: -1 },
    ]);
    expect(n.otherMarkets).toBeNull();
  });

  it('draws the week in the recipient’s time zone: UTC moves the boundary mentions', async () => {
    const { deps } = await seedWeek();
    const d = await build(deps, { timeZone: 'UTC' });
    // UTC week [16 Nov 00:00, 23 Nov 00:00): #20 (15 Nov 22:30) moves out, W46's Sunday-night en mention stays out (21:30 on
    // the 15th); #15 (22 Nov 21:30) stays in. 19 mentions, 15 relevant, 9 negative.
    expect(d.numbers!.current).toMatchObject({ mentions: 19, relevant: 15, negative: 9 });
    // W46 in UTC gains #20 (fi, relevant neutral): 11 mentions, 10 relevant.
    expect(d.numbers!.previous).toMatchObject({ mentions: 11, relevant: 10, negative: 6 });
  });

  it('lists the alerts that needed attention, highest severity first, with reasons and links', async () => {
    const { deps, alerts } = await seedWeek();
    const d = await build(deps);
    const a = d.attention!;
    expect(a.total).toBe(4);
    expect(a.unresolved).toBe(3);
    expect(a.more).toBe(0);
    expect(a.items.map((i) => [i.id, i.severity, i.status, i.isNew])).toEqual([
      [alerts.a2, 'critical', 'acknowledged', false],
      [alerts.a1, 'high', 'open', true],
      [alerts.a5, 'high', 'open', false], // resolved on Monday morning, after the week ended
      [alerts.a3, 'medium', 'resolved', true],
    ]);
    expect(a.items[1]!.reasons).toEqual(['Negative, with 5,000 followers', HOSTILE_REASON]);
    expect(a.items[1]!.url).toBe(`https://earshot.example/dashboard/alerts/${alerts.a1}`);
  });

  it('says "and N more" past eight alerts', async () => {
    const { deps, clock } = await makeTestDeps();
    clock.set(NOW);
    for (let i = 0; i < 11; i++) await alert(deps.db, { key: `k${i}`, severity: i === 10 ? 'critical' : 'low', at: nov(17, i) });
    const d = await buildDigest(deps, { week: W47, role: 'viewer', timeZone: 'Europe/Riga', language: 'en', baseUrl: null });
    expect(d.attention!.items).toHaveLength(8);
    expect(d.attention!.items[0]!.severity).toBe('critical');
    expect(d.attention!.items[0]!.url).toBeNull();
    expect(d.attention!.more).toBe(3);
    const r = renderDigest(d);
    expect(r.html).toContain('and 3 more alerts');
    expect(r.text).toContain('and 3 more alerts');
    expect(r.subject).toBe('Earshot weekly: 2026-W47 — 11 alerts need attention');
  });

  it('counts complaint topics among relevant negative mentions, this week against last', async () => {
    const { deps } = await seedWeek();
    const t = (await build(deps)).topics!;
    expect(t.negative).toEqual({ current: 9, previous: 6 });
    // contact_frequency: #1, #2, #3, #9, #15 = 5 (last week 1); fees_amount: #10, #16 = 2 (1); threat_legal: #4, #9 = 2 (4);
    // contact_time: #1 = 1 (0). agent_helpful and payment_plan are on positive mentions: not complaints.
    expect(t.top.map((x) => [x.tactic, x.current, x.previous, x.change])).toEqual([
      ['contact_frequency', 5, 1, 4],
      ['fees_amount', 2, 1, 1],
      ['threat_legal', 2, 4, -2],
      ['contact_time', 1, 0, 1],
    ]);
    expect(t.top[0]!.share).toBeCloseTo(5 / 9, 10);
    // Movers: a change of at least 2. 5 of 6 → Clopper–Pearson [0.359, 0.996] holds 0.5: not a clear change; 5 is not "few".
    expect(t.movers.map((x) => [x.tactic, x.change, x.clear, x.few])).toEqual([
      ['contact_frequency', 4, false, false],
      ['threat_legal', -2, false, true],
    ]);
  });

  it('shows complaint rates to credit managers only, ranked by the lower end of the interval', async () => {
    const { deps } = await seedWeek();
    expect((await build(deps, { role: 'comms' })).rates).toBeUndefined();
    expect((await build(deps, { role: 'viewer' })).rates).toBeUndefined();
    const r = (await build(deps, { role: 'credit_manager' })).rates!;
    expect(r.period).toEqual({ from: Date.UTC(2026, 9, 25, 22), to: Date.UTC(2026, 10, 22, 22) - 1 });
    expect(r.previousPeriod).toEqual({ from: Date.UTC(2026, 8, 27, 22), to: Date.UTC(2026, 9, 25, 22) - 1 });
    // call: C1, C2 with #1 and #2 → 2 per 2 cases = 1000, Garwood k=2 [0.242209, 7.224688] × 500;
    // letter: C3 with W46's first → 1 per 1 case = 1000, k=1 [0.025318, 5.571643] × 1000; sms: C4 with #4, the same.
    // By lower bound: call (121.1) before letter and sms (25.3, then by name).
    expect(r.byActionType.map((g) => [g.key, g.current.cases, g.current.complaints, g.current.rate.value, g.current.small])).toEqual([
      ['call', 2, 2, 1000, true],
      ['letter', 1, 1, 1000, true],
      ['sms', 1, 1, 1000, true],
    ]);
    expect(r.byActionType[0]!.current.rate.low).toBeCloseTo(121.1045, 3);
    expect(r.byActionType[0]!.current.rate.high).toBeCloseTo(3612.344, 2);
    expect(r.byActionType[1]!.current.rate.low).toBeCloseTo(25.3178, 3);
    // Before: letter on C1, C2, C3 with the 20 Oct complaint → 1 per 3 cases = 333.3.
    expect(r.byActionType[1]!.previous).toMatchObject({ cases: 3, complaints: 1 });
    expect(r.byActionType[1]!.previous!.rate.value).toBeCloseTo(333.333, 2);
    expect(r.byActionType[0]!.previous).toBeNull();
    expect(r.byChannel.map((g) => [g.key, g.current.complaints])).toEqual([
      ['phone', 2],
      ['letter', 1],
      ['sms', 1],
    ]);
    // Letter went from 333 to 1000 per 1,000 cases, but on one complaint each: too few to be a change worth a line.
    expect(r.changes).toEqual([]);
    // And by team, for the credit manager's own view of who drives complaints.
    expect(r.byTeam.length).toBeGreaterThan(0);
    expect(r.byTeam.reduce((n, g) => n + g.current.complaints, 0)).toBeGreaterThanOrEqual(4);
  });

  it('quotes the most seen negative mentions, masked and shortened, with no author', async () => {
    const { deps, ids } = await seedWeek();
    const q = (await build(deps)).mentions!;
    // By reach + 10 × engagement: #1 (5400), #16 (1100), #9 (500), #10 (300, but a third from Reviews), #2 (0, score −0.9).
    expect(q.map((m) => m.id)).toEqual([ids[0], ids[15], ids[8], ids[1]]);
    const m1 = q[0]!;
    expect(m1.excerpt).toBe('Lumera zvana katru dienu par lietu [case], rakstiet uz [e-mail] vai zvaniet [phone]. Esmu noguris.');
    expect(m1.title).toBe('Lumera [case]');
    expect(m1.sourceName).toBe(HOSTILE_SOURCE);
    expect(m1.url).toBe(`https://earshot.example/dashboard/mentions/${ids[0]}`);
    expect(JSON.stringify(q)).not.toMatch(/Jānis|Bērziņš|4051|2612|janis/);
    const long = q[2]!.excerpt;
    expect(Array.from(long).length).toBeLessThanOrEqual(201);
    expect(long.endsWith('…')).toBe(true);
    expect(LONG_TEXT.startsWith(long.slice(0, -1))).toBe(true);
  });

  it('names silent and failing sources, not healthy or paused ones', async () => {
    const { deps } = await seedWeek();
    const s = (await build(deps)).sources!;
    expect(s.map((x) => [x.name, x.health, x.lastError])).toEqual([
      ['Broken <script>x</script> feed', 'failing', 'The server answered 404 <b>Not Found</b> & gone'],
      ['Quiet blog', 'silent', null],
    ]);
    expect(s[1]!.lastMentionAt).toBe(oct(5));
  });

  it('leaves every section out when there is nothing for it', async () => {
    const { deps, clock } = await makeTestDeps();
    clock.set(NOW);
    const d = await buildDigest(deps, { week: W47, role: 'credit_manager', timeZone: 'Europe/Riga', language: 'en', baseUrl: null });
    expect(Object.keys(d).sort()).toEqual(['baseUrl', 'generatedAt', 'language', 'range', 'role', 'timeZone', 'week', 'weekLabel']);
    const r = renderDigest(d);
    expect(r.subject).toBe('Earshot weekly: 2026-W47');
    expect(r.html).toContain('Nothing was published this week.');
    expect(r.text).toContain('Nothing was published this week.');

    // Cases without any action in the 56 days: still no rates. Mentions with no negative ones: no topics, no quotes.
    await seedCase(deps.db, { ref: 'LV-9', creditor: 'Telia', segment: 'unable', country: 'LV' });
    const src = (await insertSource(deps.db, { name: 'Only praise', kind: 'rss' })).id;
    await mention(deps.db, { source: src, at: nov(17), sentiment: 'positive', tactics: ['agent_helpful'] });
    const e = await buildDigest(deps, { week: W47, role: 'credit_manager', timeZone: 'Europe/Riga', language: 'en', baseUrl: null });
    expect(e.numbers!.current).toMatchObject({ mentions: 1, relevant: 1, negative: 0, negativeShare: 0 });
    expect(e.rates).toBeUndefined();
    expect(e.topics).toBeUndefined();
    expect(e.mentions).toBeUndefined();
    expect(e.attention).toBeUndefined();
    expect(e.sources).toBeUndefined();
  });
});

describe('rendering the seeded week', () => {
  it('puts the figures in the subject, the HTML and the plain text alike', async () => {
    const { deps } = await seedWeek();
    const r = renderDigest(await build(deps));
    expect(r.subject).toBe('Earshot weekly: 2026-W47 — 20 mentions, 56% negative, 3 alerts need attention');
    for (const part of [r.html, r.text]) {
      expect(flat(part)).toContain('Week 47 · November 16 – 22, 2026');
      // Numbers: 20 (10 last week, 5.3 on average), 80 % about collection (90 %, 86 %), 56 % negative (67 %, 61 %).
      for (const s of ['20', 'Previous week: 10', '4-week average: 5.3', '80%', '90%', '86%', '56%', '67%', '61%']) expect(part).toContain(s);
      for (const s of ['Latvian', 'Swedish', 'Finnish', 'Russian', '+3', '−1']) expect(part).toContain(s);
      expect(part).toContain('Too many calls or messages');
      expect(part).toContain('Legal threats or enforcement');
      expect(part).toContain('[case]');
      expect(part).toContain('Quiet blog');
      expect(part).not.toContain('Jānis');
    }
    expect(r.text).toContain('Mentions: 20 (Previous week: 10, 4-week average: 5.3)');
    expect(r.text).toContain('Negative: 56% (Previous week: 67%, 4-week average: 61%)');
    expect(r.text).toContain('Too many calls or messages ▲ +4 (5 / 1)');
    expect(r.text).toContain('Legal threats or enforcement ▼ −2 (2 / 4) — few mentions');
    expect(r.text).toContain('https://earshot.example/dashboard/mentions/');
    // Comms see no complaint rates.
    expect(r.text).not.toContain('Complaint rates');
    expect(r.html).not.toContain('Complaint rates');
  });

  it('gives credit managers the rates with intervals, flagged when complaints are few', async () => {
    const { deps } = await seedWeek();
    const r = renderDigest(await build(deps, { role: 'credit_manager' }));
    for (const part of [r.html, r.text]) {
      expect(part).toContain('Complaint rates');
      expect(part).toContain('121–3,612'); // call: 1,000 per 1,000 cases [121, 3,612]
      expect(part).toContain('By team');
      expect(part).not.toContain('not a reliable change');
      expect(part).toContain('No group changed clearly.');
    }
    expect(r.text).toContain('Call: 1,000 [121–3,612], 2 complaints / 2 cases; before — (few complaints)');
    expect(r.text).toContain('SMS: 1,000 [25–5,572], 1 complaint / 1 case; before —');
    expect(r.text).not.toContain('Letter (action): up');
    // Credit managers see rates before topics.
    expect(r.text.indexOf('Complaint rates\n---')).toBeGreaterThan(0);
    expect(r.text.indexOf('Complaint rates\n---')).toBeLessThan(r.text.indexOf('What people complain about\n---'));
  });

  it('is an e-mail-safe document: tables, inline styles, no scripts, no images, no style blocks, 600 px wide', async () => {
    const { deps } = await seedWeek();
    const { html } = renderDigest(await build(deps, { role: 'credit_manager' }));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('max-width:600px');
    expect(html).toContain('role="presentation"');
    expect(html).not.toMatch(/<script|<img|<style|<svg|<link|javascript:|<iframe|<form/i);
    // Bars are table cells with a width.
    expect(html).toMatch(/<td width="\d+%" style="width:\d+%;background:#3f7cac;/);
  });

  it('escapes hostile titles, texts, source names, alert reasons and error messages in HTML and keeps them as text in the plain part', async () => {
    const { deps } = await seedWeek();
    const { html, text } = renderDigest(await build(deps));
    expect(html).toContain('&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; Lumera');
    expect(html).toContain('&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt; Lumera added fees &amp;amp; charges');
    expect(html).toContain('Forum &quot;&gt;&lt;img src&#61;x onerror&#61;alert(2)&gt;');
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(3)&gt; in a reason');
    expect(html).toContain('Negative mention with high reach — &lt;b&gt;lv&lt;/b&gt; &amp; co');
    expect(html).toContain('Broken &lt;script&gt;x&lt;/script&gt; feed');
    expect(html).toContain('404 &lt;b&gt;Not Found&lt;/b&gt; &amp; gone');
    expect(html).not.toMatch(/<script|<img|<b>|onerror=|onload=/i);
    // The plain-text part carries the same strings as they are.
    expect(text).toContain(HOSTILE_TITLE);
    expect(text).toContain(HOSTILE_TEXT);
    expect(text).toContain(HOSTILE_SOURCE);
    expect(text).toContain(HOSTILE_REASON);
  });

  it('escapes hostile group keys and markets, and never links to a base URL that is not http(s)', async () => {
    const { deps, clock } = await makeTestDeps();
    clock.set(NOW);
    const src = (await insertSource(deps.db, { name: 'x', kind: 'rss' })).id;
    await mention(deps.db, { source: src, at: nov(17), lang: '<i>xx</i>', sentiment: 'negative', tactics: ['<b>odd</b>'] });
    const c = await seedCase(deps.db, { ref: 'LV-7', creditor: 'T', segment: 'unable', country: 'LV' });
    await deps.db.run(sql`INSERT INTO case_actions (case_id, at, channel, action_type, action_key) VALUES (${c}, ${nov(12)}, '"><svg onload=x>', '<script>t</script>', 'k')`);
    const d = await buildDigest(deps, { week: W47, role: 'admin', timeZone: 'Europe/Riga', language: 'en', baseUrl: 'javascript:alert(1)' });
    expect(d.baseUrl).toBeNull();
    expect(d.mentions![0]!.url).toBeNull();
    const { html, text } = renderDigest(d);
    expect(html).toContain('&lt;i&gt;xx&lt;/i&gt;');
    expect(html).toContain('&lt;b&gt;odd&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;t&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload&#61;x&gt;');
    expect(html).not.toMatch(/<script|<svg|<i>|<b>|javascript:/i);
    expect(text).toContain('<script>t</script>');
  });

  it('writes dates in the recipient’s time zone', async () => {
    const { deps } = await seedWeek();
    // #1 was published Wed 18 Nov 23:30 UTC: Thursday 19 Nov 01:30 in Riga, Wednesday 18 Nov 18:30 in New York.
    const riga = renderDigest(await build(deps, { timeZone: 'Europe/Riga' }));
    const ny = renderDigest(await build(deps, { timeZone: 'America/New_York' }));
    expect(riga.text).toContain(`${HOSTILE_SOURCE} · Thu, Nov 19`);
    expect(ny.text).toContain(`${HOSTILE_SOURCE} · Wed, Nov 18`);
    expect(ny.text).toContain('Times in America/New_York');
  });

  it('speaks Swedish and Latvian around untranslated mention text', async () => {
    const { deps } = await seedWeek();
    const sv = renderDigest(await build(deps, { language: 'sv' }));
    expect(flat(sv.subject)).toBe('Earshot vecka: 2026-W47 — 20 omnämnanden, 56 % negativa, 3 larm kräver uppmärksamhet');
    for (const part of [sv.html, sv.text]) {
      expect(part).toContain('Veckan i siffror');
      expect(part).toContain('Kräver uppmärksamhet');
      expect(part).toContain('För många samtal eller meddelanden');
      expect(part).toContain('[ärende]');
      expect(flat(part)).toContain('16–22 november 2026');
      expect(part).toContain('Lettiska');
    }
    expect(sv.html).toContain('lang="sv"');
    expect(sv.text).toContain('Inkassobolaget Lumera ringer mig'); // mention text as written

    const lv = renderDigest(await build(deps, { language: 'lv' }));
    // 20 takes the Latvian "zero" form (like 10, 11–19, 30…): "pieminējumu".
    expect(flat(lv.subject)).toBe('Earshot nedēļa: 2026-W47 — 20 pieminējumu, 56% negatīvi, 3 brīdinājumi prasa uzmanību');
    for (const part of [lv.html, lv.text]) {
      expect(part).toContain('Nedēļa skaitļos');
      expect(part).toContain('Par ko cilvēki sūdzas');
      expect(part).toContain('Pārāk daudz zvanu vai ziņu');
      expect(part).toContain('[lieta]');
    }
  });
});

describe('did the next steps help, in the digest', () => {
  it("is in the credit manager's digest with the hand-counted figures, and not in the communications digest", async () => {
    const { deps, clock } = await makeTestDeps();
    clock.set(Date.parse('2026-11-23T06:00:00Z'));
    await seedStepEffectExample(deps.db);
    const opts = { week: W47, timeZone: 'Europe/Riga', language: 'en' as const, baseUrl: null };
    const cm = await buildDigest(deps, { ...opts, role: 'credit_manager' });
    expect(cm.steps!.effects.map((e) => [e.step, e.applied.cases, e.applied.complaints, e.without.cases, e.without.complaints, e.verdict])).toEqual([
      ['offer_payment_plan', 2, 1, 3, 4, 'unclear'],
    ]);
    const text = renderDigest(cm).text;
    expect(text).toContain('Did the next steps help?');
    expect(text).toContain('  Offer a payment plan: Taken: complaints / cases 1 / 2 · Not taken 4 / 3 · no clear difference');
    expect((await buildDigest(deps, { ...opts, role: 'comms' })).steps).toBeUndefined();
    const lv = renderDigest(await buildDigest(deps, { ...opts, role: 'credit_manager', language: 'lv' })).text;
    expect(lv).toContain('Piedāvāt maksājumu grafiku: Sperts: sūdzības / lietas 1 / 2 · Nav sperts 4 / 3 · nav skaidras atšķirības');
  });
});
