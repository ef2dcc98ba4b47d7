// A creditor's customer-experience figures: how its customers are treated in collection, aggregated from its own
// cases only. Counts, rates and intervals; never a mention's text, an author or a case reference. A count under
// SUPPRESS_BELOW is shown as "< 5" and nothing derived from it (a rate, a share) is shown, so no small group of
// people can be picked out.
import type { Db } from '../../../db/client.ts';
import { creditorCaseCounts, creditorMentionCounts, creditorStepCounts } from '../../../db/queries/creditors.ts';
import { complaintsByGroup, exposureByGroup, type LinkFilter, type Period } from '../../../db/queries/analytics.ts';
import { ACTION_TYPES, CHANNELS, STEP_CODES, type StepCode } from '../../../db/schema/constants.ts';
import { buildTacticGroups, daysOf, trendAnalytics } from '../cases/analytics.ts';
import { type Interval, rateInterval } from '../cases/rates.ts';
import { nameOf, NOT_RECORDED } from '../labels.ts';
import { clopperPearson } from '../stats.ts';
import { type StepVerdict, stepEffects } from '../steps/effect.ts';
import { STEP_WORDS } from '../steps/step-rules.ts';

export const SUPPRESS_BELOW = 5;
export const SUPPRESSED = '< 5';
/** A count as a creditor sees it: the number, or "< 5". */
export type ShownCount = number | typeof SUPPRESSED;

const shown = (n: number): ShownCount => (n < SUPPRESS_BELOW ? SUPPRESSED : n);
const unlessSmall = (n: number, i: Interval): Interval | null => (n < SUPPRESS_BELOW ? null : i);

/** The trend is told in buckets of four weeks: a week of one creditor rarely holds enough complaints to show. */
export const CREDITOR_TREND_DAYS = 28;

export interface CreditorGroup {
  /** The action type or channel code, and its name. */
  key: string;
  name: string;
  actions: number;
  complaints: ShownCount;
  rate_per_1000_actions: Interval | null;
}

export interface CreditorTrendPoint {
  from: number;
  to: number;
  actions: number;
  complaints: ShownCount;
  rate_per_1000_actions: Interval | null;
  /** False while complaints about the bucket's actions can still be published. */
  complete: boolean;
}

export interface CreditorStepRow {
  step: StepCode;
  name: string;
  proposed: ShownCount;
  accepted: ShownCount;
  dismissed: ShownCount;
  /** Did it help (FOLLOW_UP_DAYS after), on this creditor's cases. */
  effect: {
    applied_cases: number;
    without_cases: number;
    applied_complaints: ShownCount;
    without_complaints: ShownCount;
    rate_ratio: Interval | null;
    verdict: StepVerdict;
  } | null;
}

export interface CreditorFigures {
  creditor: string;
  from: number;
  to: number;
  window_days: number;
  /** The creditor's cases open at some time in the period, and those opened in it. */
  portfolio: { cases: number; opened: number };
  /** Cases with at least one collection action in the period, and those actions. */
  contacted: { cases: number; actions: number };
  /** Public complaints (negative, relevant, linked) that followed an action in the period within the window. */
  complaints: ShownCount;
  complaints_per_1000_cases: Interval | null;
  complaints_per_1000_actions: Interval | null;
  by_action_type: CreditorGroup[];
  by_channel: CreditorGroup[];
  trend: { bucket_days: number; points: CreditorTrendPoint[] };
  /** Relevant public mentions about the creditor's customers' collection, and the share of them that is negative. */
  mentions: { relevant: ShownCount; negative: ShownCount; negative_share: Interval | null };
  /** Mentions with a sign of vulnerability, per 1,000 contacted cases. */
  vulnerability: { signals: ShownCount; per_1000_cases: Interval | null };
  steps: CreditorStepRow[];
}

export interface CreditorFiguresQuery extends Period {
  creditor: string;
  windowDays: number;
  links: LinkFilter;
  now: number;
  /** False: the headline figures only, without the groups and the trend (the report's month before needs no more). */
  detail?: boolean;
}

/** Each group of one creditor's pairs, named, in the order of `codes` (groups with no actions left out). */
function groupsOf(groups: ReturnType<typeof buildTacticGroups>, kind: 'action_type' | 'channel', codes: readonly string[]): CreditorGroup[] {
  const rows = groups.map((g) => {
    const code = g.parts?.[1] ?? '';
    return {
      key: code,
      name: code ? nameOf(kind, code) : NOT_RECORDED,
      actions: g.actions,
      complaints: shown(g.complaints),
      rate_per_1000_actions: unlessSmall(g.complaints, g.rate_per_1000_actions),
    };
  });
  return rows.sort((a, b) => codes.indexOf(a.key) - codes.indexOf(b.key));
}

/** Every figure of one creditor for one period, read only from that creditor's cases. */
export async function creditorFigures(db: Db, q: CreditorFiguresQuery): Promise<CreditorFigures> {
  const d = daysOf(q);
  const one = { first: q.creditor };
  const detail = q.detail !== false;
  // Each complaint count of a period that ends before the data does reads the window after it directly: the costly part.
  const none = Promise.resolve([]);
  const [exposure, complaints, typeExposure, typeComplaints, channelExposure, channelComplaints, trend, mentions, portfolio, stepCounts, effects] = await Promise.all([
    exposureByGroup(db, 'creditor', d, q.creditor),
    complaintsByGroup(db, 'creditor', d, q.windowDays, q.links, q.creditor),
    detail ? exposureByGroup(db, 'creditor+action_type', d, one) : none,
    detail ? complaintsByGroup(db, 'creditor+action_type', d, q.windowDays, q.links, one) : none,
    detail ? exposureByGroup(db, 'creditor+channel', d, one) : none,
    detail ? complaintsByGroup(db, 'creditor+channel', d, q.windowDays, q.links, one) : none,
    detail
      ? trendAnalytics(db, { by: 'creditor', key: q.creditor, from: q.from, to: q.to, windowDays: q.windowDays, links: q.links, bucketDays: CREDITOR_TREND_DAYS, asOf: q.now })
      : { bucket_days: CREDITOR_TREND_DAYS, groups: [] },
    creditorMentionCounts(db, q.creditor, q.from, q.to),
    creditorCaseCounts(db, q.creditor, q.from, q.to),
    creditorStepCounts(db, q.creditor, q.from, q.to),
    stepEffects(db, { from: q.from, to: q.to, now: q.now, creditor: q.creditor }),
  ]);
  const total = buildTacticGroups(exposure, complaints)[0];
  const cases = total?.cases ?? 0;
  const count = total?.complaints ?? 0;
  const points = trend.groups[0]?.points ?? [];

  const steps = STEP_CODES.flatMap((step): CreditorStepRow[] => {
    const n = (status: string) => stepCounts.find((r) => r.step === step && r.status === status)?.n ?? 0;
    const e = effects.find((x) => x.step === step);
    if (!e && !n('proposed') && !n('accepted') && !n('dismissed')) return [];
    return [
      {
        step,
        name: STEP_WORDS[step],
        proposed: shown(n('proposed') + n('accepted') + n('dismissed')),
        accepted: shown(n('accepted')),
        dismissed: shown(n('dismissed')),
        effect: e
          ? {
              applied_cases: e.applied.cases,
              without_cases: e.without.cases,
              applied_complaints: shown(e.applied.complaints),
              without_complaints: shown(e.without.complaints),
              rate_ratio: e.verdict === 'too_few' ? null : e.rate_ratio,
              verdict: e.verdict,
            }
          : null,
      },
    ];
  });

  const share = clopperPearson(mentions.negative, mentions.relevant);
  return {
    creditor: q.creditor,
    from: q.from,
    to: q.to,
    window_days: q.windowDays,
    portfolio,
    contacted: { cases, actions: total?.actions ?? 0 },
    complaints: shown(count),
    complaints_per_1000_cases: unlessSmall(count, rateInterval(count, cases)),
    complaints_per_1000_actions: unlessSmall(count, rateInterval(count, total?.actions ?? 0)),
    by_action_type: groupsOf(buildTacticGroups(typeExposure, typeComplaints), 'action_type', ACTION_TYPES),
    by_channel: groupsOf(buildTacticGroups(channelExposure, channelComplaints), 'channel', CHANNELS),
    trend: {
      bucket_days: trend.bucket_days,
      points: points.map((p) => ({
        from: p.from,
        to: p.to,
        actions: p.actions,
        complaints: shown(p.complaints),
        rate_per_1000_actions: unlessSmall(p.complaints, p.rate_per_1000_actions),
        complete: p.complete,
      })),
    },
    mentions: {
      relevant: shown(mentions.relevant),
      negative: shown(mentions.negative),
      negative_share: mentions.negative < SUPPRESS_BELOW ? null : { value: mentions.negative / mentions.relevant, low: share.low, high: share.high },
    },
    vulnerability: { signals: shown(mentions.vulnerable), per_1000_cases: unlessSmall(mentions.vulnerable, rateInterval(mentions.vulnerable, cases)) },
    steps,
  };
}
