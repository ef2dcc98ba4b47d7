// `earshot bench analytics`: complaint-rate query times over synthetic cases, actions and mentions.
import { generateBenchData } from '../../db/queries/analytics.ts';
import { listMentions, type MentionFilters } from '../../db/queries/mention-list.ts';
import { insertSource } from '../../db/queries/sources.ts';
import { changeAnalytics, tacticsAnalytics, topicsAnalytics, trendAnalytics } from '../core/cases/analytics.ts';
import { creditorFigures } from '../core/creditors/figures.ts';
import { buildCreditorReport } from '../core/creditors/report.ts';
import { DAY_MS } from '../core/time/durations.ts';
import { scratchDeps } from './scratch-deps.ts';

/**
 * Analytics query time over synthetic data: `scale` 1 = 100,000 cases, 1,000,000 actions and 1,000,000 mentions
 * (one in 10 linked) over 180 days; p50/p95 over repeated queries of each view, on a libSQL file database. The
 * views span all 180 days (every action: the worst case) except those over the last 30.
 */
export async function benchAnalytics(scale: number, repeats = 10) {
  if (!(scale > 0 && scale <= 10)) throw new Error('--scale: a number in (0, 10]');
  const s = await scratchDeps();
  try {
    const sizes = { cases: Math.round(100_000 * scale), actions: Math.round(1_000_000 * scale), mentions: Math.round(1_000_000 * scale) };
    const start = Date.UTC(2026, 0, 1);
    const days = 180;
    const sourceId = (await insertSource(s.deps.db, { name: 'bench', kind: 'push' })).id;
    const t0 = performance.now();
    await generateBenchData(s.deps.db, { ...sizes, linkEvery: 10, start, days, sourceId });
    const generateMs = performance.now() - t0;
    const period = { from: start, to: start + days * DAY_MS };
    const views: Record<string, () => Promise<unknown>> = {
      tactics_by_action_type: () => tacticsAnalytics(s.deps.db, { ...period, by: 'action_type', windowDays: 14, links: 'any', sort: 'key' }),
      tactics_by_segment: () => tacticsAnalytics(s.deps.db, { ...period, by: 'segment', windowDays: 14, links: 'any', sort: 'key' }),
      tactics_by_action_type_last_30_days: () =>
        tacticsAnalytics(s.deps.db, { from: period.to - 30 * DAY_MS, to: period.to, by: 'action_type', windowDays: 14, links: 'any', sort: 'key' }),
      topics_by_channel: () => topicsAnalytics(s.deps.db, { ...period, by: 'channel', windowDays: 14, links: 'any' }),
      change_sms: () => changeAnalytics(s.deps.db, { by: 'action_type', key: 'sms', at: start + 90 * DAY_MS, spanDays: 28, windowDays: 14, links: 'any' }),
      // Weekly buckets over the whole period (26 of them, as the dashboard draws 180 days), and one case attribute.
      trend_by_action_type: () => trendAnalytics(s.deps.db, { ...period, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 }),
      trend_by_segment: () => trendAnalytics(s.deps.db, { ...period, by: 'segment', windowDays: 14, links: 'any', bucketDays: 7 }),
      trend_by_action_type_last_30_days: () =>
        trendAnalytics(s.deps.db, { from: period.to - 30 * DAY_MS, to: period.to, by: 'action_type', windowDays: 14, links: 'any', bucketDays: 7 }),
      // One creditor's whole page (a seventh of the cases), and its month as the monthly report reads it (two months).
      creditor_figures: () => creditorFigures(s.deps.db, { ...period, creditor: 'Telia', windowDays: 14, links: 'any', now: period.to }),
      creditor_report_month: () => buildCreditorReport(s.deps.db, { creditor: 'Telia', month: { year: 2026, month: 5 }, now: period.to, baseUrl: null }),
    };
    // The mention list as GET /api/mentions asks for it: the first page of 50, newest first.
    const page = (filters: MentionFilters) => () => listMentions(s.deps.db, filters, { limit: 50 });
    Object.assign(views, {
      mentions_plain: page({}),
      mentions_lv_negative: page({ language: 'lv', sentiment: 'negative' }),
      mentions_tactic_contact_time: page({ tactic: 'contact_time' }),
      mentions_q_the: page({ q: 'the' }),
      mentions_q_debt: page({ q: 'debt' }),
    });
    const result: Record<string, unknown> = { ...sizes, links: Math.floor(sizes.mentions / 10), generate_ms: Math.round(generateMs) };
    for (const [name, run] of Object.entries(views)) {
      await run(); // warm the page cache
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!);
      result[`${name}_ms`] = { p50: q(0.5), p95: q(0.95) };
    }
    return result;
  } finally {
    s.close();
  }
}
