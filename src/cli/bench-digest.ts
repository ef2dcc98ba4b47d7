// `earshot bench digest`: how long building and rendering one recipient's weekly digest takes on a busy week —
// 100,000 analysed mentions in the week (and 25,000 in each of the four before), alerts, a few thousand cases with
// actions and linked complaints — per role, in a scratch libSQL file database generated inside SQL.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { ACTION_TYPES, STAFF_ROLES, SEGMENTS } from '../../db/schema/constants.ts';
import { fixedClock } from '../core/clock.ts';
import { buildDigest } from '../core/digest/build-digest.ts';
import { renderDigest } from '../core/digest/render-digest.ts';
import { previousWeek, weekRange, type IsoWeek } from '../core/digest/week.ts';
import { scratchDeps } from './scratch-deps.ts';
import { DAY_MS, HOUR_MS } from '../core/time/durations.ts';

const WEEK: IsoWeek = { year: 2026, week: 47 };
const TIME_ZONE = 'Europe/Riga';

const seq = (n: number) => sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;

/** Our own sample sentences (no third-party text), with a case reference, an e-mail and a phone number to mask. */
const TEXTS = JSON.stringify([
  'Lumera called me five times today about case 40512377, even after I asked them to write instead.',
  'Inkassobolaget Lumera ringer mig varje dag och hotar med Kronofogden, fast jag redan har betalat allt.',
  'Piedzinēji no Lumera zvana katru vakaru, rakstiet man uz janis@example.lv, nevis uz darbu.',
  'Lumera soittaa jatkuvasti numeroon +358 40 123 4567, vaikka pyysin ottamaan yhteyttä vain kirjeitse.',
  'Коллекторы Lumera звонят моей маме и на работу, угрожают судом и описью имущества.',
  'Lumera added fees I never agreed to and the amount is wrong; I will complain to the ombudsman tomorrow.',
  'Windykator z Lumera grozi komornikiem, a ja nie dostałem żadnego pisma z wyjaśnieniem długu.',
  'The agent at Lumera listened and set up a payment plan I can afford. Thank you!',
]);
const LANGS = JSON.stringify(['lv', 'sv', 'en', 'fi', 'ru', 'en', 'pl', 'lt', 'et', 'lv', 'sv', 'nb', 'da', 'lv']);
const TACTICS = JSON.stringify([
  ['contact_frequency'],
  ['contact_time', 'contact_frequency'],
  ['threat_legal'],
  ['fees_amount', 'debt_not_owed'],
  [],
  ['credit_record'],
  ['third_party_contact'],
  ['insufficient_info'],
  ['abusive_conduct'],
  ['reachability'],
  ['ignored_stop_request'],
  ['payment_plan'],
]);

/** `count` analysed mentions spread over [from, to) on the bench's sources (source ids from `firstSource`, `sources` of them). */
async function generateMentions(db: Db, o: { count: number; from: number; to: number; firstSource: number; sources: number; tag: string }) {
  const span = Math.floor((o.to - o.from) / 1000);
  await db.run(sql`${seq(o.count)}
    INSERT INTO mentions (source_id, external_key, url, author, title, text, author_reach, engagement, published_at, first_seen_at, updated_at, content_hash)
    SELECT ${o.firstSource} + (i % ${o.sources}), ${o.tag} || i, 'https://example.com/' || ${o.tag} || i, 'author' || (i % 977),
           CASE WHEN i % 4 = 0 THEN 'Lumera, again (' || i || ')' END,
           json_extract(${TEXTS}, '$[' || (i % 8) || ']') || ' #' || i,
           CASE WHEN i % 3 = 0 THEN (i * 7919) % 20000 END, CASE WHEN i % 2 = 0 THEN (i * 31) % 800 END,
           ${o.from} + ((i * 15485863) % ${span}) * 1000, ${o.from}, ${o.from}, ${o.tag} || i FROM n`);
  await db.run(sql`
    INSERT INTO mention_analysis (mention_id, analyser_version, content_hash, language, is_relevant, sentiment_label, sentiment_score,
      tactics, channels, vulnerability, payer_stance, escalation, case_refs, evidence)
    SELECT id, 'bench', content_hash, json_extract(${LANGS}, '$[' || (id % 14) || ']'), (id % 10) <> 1,
      CASE WHEN id % 5 < 3 THEN 'negative' WHEN id % 5 = 3 THEN 'neutral' ELSE 'positive' END,
      CASE WHEN id % 5 < 3 THEN -((id % 97) / 97.0) WHEN id % 5 = 3 THEN 0 ELSE (id % 89) / 89.0 END,
      json_extract(${TACTICS}, '$[' || (id % 12) || ']'), '[]', '[]', 'unknown', '[]',
      CASE WHEN id % 8 = 0 THEN '["40512377"]' ELSE '[]' END, '[]'
    FROM mentions WHERE content_hash LIKE ${`${o.tag}%`}`);
}

/** Fills the scratch database: sources, five weeks of mentions, alerts with their events, cases, actions and links. */
async function fill(db: Db) {
  const range = weekRange(WEEK, TIME_ZONE);
  const sources = 24;
  let firstSource = 0;
  for (let i = 0; i < sources; i++) {
    const s = await insertSource(db, { name: `Bench source ${i}`, kind: i % 3 === 0 ? 'rss' : i % 3 === 1 ? 'reddit' : 'trustpilot', createdAt: range.from - 90 * DAY_MS });
    if (i === 0) firstSource = s.id;
  }
  await insertSource(db, { name: 'Bench failing feed', kind: 'rss', errorCount: 6, lastError: 'The server answered 503 Service Unavailable five times in a row' });
  await generateMentions(db, { count: 100_000, from: range.from, to: range.to, firstSource, sources, tag: 'w0-' });
  for (let n = 1; n <= 4; n++) {
    const r = weekRange(previousWeek(WEEK, n), TIME_ZONE);
    await generateMentions(db, { count: 25_000, from: r.from, to: r.to, firstSource, sources, tag: `w${n}-` });
  }

  // 400 alerts over the five weeks: a third resolved soon after opening, the rest open or acknowledged.
  const from5 = range.from - 4 * 7 * DAY_MS;
  const span5 = range.to - from5;
  const severities = JSON.stringify(['low', 'medium', 'high', 'critical']);
  const kinds = JSON.stringify(['escalation', 'vulnerable_harm', 'high_reach', 'open_case', 'low_rating', 'volume_spike', 'negative_share', 'tactic_spike']);
  await db.run(sql`${seq(400)}
    INSERT INTO alerts (rule_kind, group_key, status, severity, title, reasons, market, mention_count, opened_at, last_seen_at, resolved_at, updated_at)
    SELECT json_extract(${kinds}, '$[' || (i % 8) || ']'), 'bench:' || i, CASE i % 3 WHEN 0 THEN 'resolved' WHEN 1 THEN 'open' ELSE 'acknowledged' END,
           json_extract(${severities}, '$[' || ((i * 7) % 4) || ']'), 'Bench alert ' || i,
           json_array('Negative, with ' || (1000 + i) || ' followers', 'The author mentions going to the regulator'),
           json_extract(${LANGS}, '$[' || (i % 14) || ']'), 1 + i % 9, ${from5} + (i * ${Math.floor(span5 / 400)}),
           ${from5} + (i * ${Math.floor(span5 / 400)}) + 3600000,
           CASE WHEN i % 3 = 0 THEN ${from5} + (i * ${Math.floor(span5 / 400)}) + 2 * 86400000 END, ${range.to}
    FROM n`);
  await db.run(sql`INSERT INTO alert_events (alert_id, at, type) SELECT id, opened_at, 'opened' FROM alerts WHERE group_key LIKE 'bench:%'`);
  await db.run(
    sql`INSERT INTO alert_events (alert_id, at, type) SELECT id, opened_at + 3600000, 'acknowledged' FROM alerts WHERE status = 'acknowledged' AND group_key LIKE 'bench:%'`,
  );
  await db.run(sql`INSERT INTO alert_events (alert_id, at, type) SELECT id, resolved_at, 'resolved' FROM alerts WHERE status = 'resolved' AND group_key LIKE 'bench:%'`);

  // 3,000 cases, 12,000 actions over the 56 days the rates compare, every 40th mention of the five weeks linked to a case.
  const cases = 3000;
  const actionsFrom = range.to - 56 * DAY_MS;
  const actionSpan = Math.floor((range.to - actionsFrom) / 1000);
  const segments = JSON.stringify(SEGMENTS);
  const types = JSON.stringify(ACTION_TYPES);
  const channels = JSON.stringify(['phone', 'sms', 'email', 'letter', 'portal', 'phone', 'sms', 'letter', 'letter', 'in_person', 'phone', 'portal']);
  await db.run(sql`${seq(cases)}
    INSERT INTO cases (case_ref, creditor, segment, country, opened_at, status, team, row_hash)
    SELECT 'LV-' || (50000000 + i), 'Creditor ' || (i % 7), json_extract(${segments}, '$[' || (i % 5) || ']'), 'LV', ${actionsFrom}, 'open', 'team-' || (i % 6), 'bench' FROM n`);
  const [first] = await db.all<{ id: number }>(sql`SELECT MIN(id) AS id FROM cases WHERE row_hash = 'bench'`);
  const base = Number(first!.id);
  await db.run(sql`${seq(12_000)}
    INSERT INTO case_actions (case_id, at, channel, action_type, action_key)
    SELECT ${base} + (i * 7919) % ${cases}, ${actionsFrom} + ((i * 104729) % ${actionSpan}) * 1000,
           json_extract(${channels}, '$[' || (i % 12) || ']'), json_extract(${types}, '$[' || (i % 12) || ']'), 'b' || i FROM n`);
  await db.run(sql`
    INSERT INTO mention_case_links (mention_id, case_id, method, confidence, status, created_at)
    SELECT id, ${base} + (id * 31) % ${cases}, 'case_ref', 1, CASE WHEN id % 3 = 0 THEN 'confirmed' ELSE 'suggested' END, ${range.to}
    FROM mentions WHERE id % 40 = 0`);
  await db.run(sql`ANALYZE`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export async function benchDigest(): Promise<Record<string, unknown>> {
  const s = await scratchDeps();
  try {
    const t0 = performance.now();
    await fill(s.deps.db);
    const fillMs = performance.now() - t0;
    const range = weekRange(WEEK, TIME_ZONE);
    // Monday morning after the week.
    const deps = { db: s.deps.db, clock: fixedClock(range.to + 7 * HOUR_MS) };
    const perRole: Record<string, unknown> = {};
    for (const role of STAFF_ROLES) {
      const build: number[] = [];
      const render: number[] = [];
      let html = 0;
      let text = 0;
      let sections: string[] = [];
      for (let i = 0; i < 5; i++) {
        const a = performance.now();
        const digest = await buildDigest(deps, { week: WEEK, role, timeZone: TIME_ZONE, language: 'en', baseUrl: 'https://earshot.example' });
        const b = performance.now();
        const out = renderDigest(digest);
        const c = performance.now();
        build.push(b - a);
        render.push(c - b);
        html = new TextEncoder().encode(out.html).length;
        text = new TextEncoder().encode(out.text).length;
        sections = ['numbers', 'attention', 'topics', 'rates', 'mentions', 'sources'].filter((k) => k in digest);
      }
      const total = build.map((x, i) => x + render[i]!);
      perRole[role] = {
        build_render_ms_p50: Math.round(median(total)),
        build_ms_p50: Math.round(median(build)),
        render_ms_p50: Math.round(median(render) * 10) / 10,
        html_bytes: html,
        text_bytes: text,
        sections,
      };
    }
    return {
      week_mentions: 100_000,
      earlier_weeks_mentions: 4 * 25_000,
      alerts: 400,
      cases: 3000,
      actions: 12_000,
      generate_ms: Math.round(fillMs),
      roles: perRole,
    };
  } finally {
    s.close();
  }
}
