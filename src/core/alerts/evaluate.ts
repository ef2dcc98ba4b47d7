// The evaluate-alerts step: read new mentions through the per-mention rules, judge the last closed hour with the
// anomaly detectors, and turn findings into alerts (grouped, escalated, cooled down). Notifications are queued
// by the transitions themselves; delivery is a separate step.
import { inSentence, nameOf } from '../labels.ts';
import {
  activeMutes,
  alertCursor,
  enabledRules,
  hourlyCounts,
  hourlyTacticCounts,
  insertMissingRules,
  keyHistoryStarts,
  maxMentionId,
  ruleMention,
  ruleMentionsAfter,
  setAlertCursor,
  type RuleMentionRow,
} from '../../../db/queries/alert-evaluation.ts';
import { joinAlert, latestAlertOfGroup, openAlert, type NewAlert } from '../../../db/queries/alerts.ts';
import type { AlertRule } from '../../../db/schema/alerts.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import type { Deps } from '../deps.ts';
import { DAY_MS, HOUR_MS } from '../time/durations.ts';
import { placeFinding } from './grouping.ts';
import { HourlySeries } from './hourly-series.ts';
import { matchMentionRules, type MentionFacts, type MentionRule } from './mention-rules.ts';
import { AGGREGATE_RULE_PARAMS, DEFAULT_RULES, isAggregateKind, RULE_PARAMS, RULE_TITLES, type AggregateRuleKind, type RuleKindName } from './rule-kinds.ts';
import { maxSeverity } from './severity.ts';
import { detectNegativeShare, SHARE_DEFAULTS } from './share-detector.ts';
import { detectVolume, VOLUME_DEFAULTS } from './volume-detector.ts';
import type { SourceKind } from '../../../db/schema/constants.ts';

/** Mentions published longer ago than this raise no per-mention alert: a back-fill or import is history, not news. */
export const RECENT_DAYS = 7;
const BATCH = 500;
/** At most this many batches per run; the next run carries on from the cursor. */
const MAX_BATCHES = 20;
/** Hours of series the detectors read: 28 days of baseline, 2 days of guard band and the longest window. */
const SERIES_HOURS = 31 * 24;

export interface EvaluationReport {
  mentions_read: number;
  alerts_opened: number;
  alerts_updated: number;
  findings_cooling_down: number;
  findings_muted: number;
  keys_judged: number;
}

/** A rule's or detector's finding: an alert in the making, before grouping decides where it goes. */
type Finding = Omit<NewAlert, 'ruleId' | 'ruleKind' | 'title' | 'at'> & { rule: AlertRule; kind: RuleKindName };

type Mute = Awaited<ReturnType<typeof activeMutes>>[number];
const muted = (mutes: Mute[], f: Pick<Finding, 'kind' | 'market' | 'sourceKind'>) =>
  mutes.some((m) => (!m.ruleKind || m.ruleKind === f.kind) && (!m.market || m.market === f.market) && (!m.sourceKind || m.sourceKind === f.sourceKind));

/** The enabled rules whose settings are valid for their kind (the others are logged and skipped). */
async function validRules(deps: Pick<Deps, 'db' | 'clock' | 'log'>): Promise<AlertRule[]> {
  // The default rule set is written once; after that the rules are the users' to change or delete.
  if ((await alertCursor(deps.db, 'default_rules')) === null) {
    await insertMissingRules(deps.db, DEFAULT_RULES, deps.clock.now());
    await setAlertCursor(deps.db, 'default_rules', 1);
  }
  return (await enabledRules(deps.db)).filter((r) => {
    const ok = RULE_PARAMS[r.kind as RuleKindName]?.safeParse(r.params).success;
    if (!ok) deps.log.warn('alert rule skipped: its settings are not valid for its kind', { rule_id: r.id, kind: r.kind });
    return ok;
  });
}

/** Turns findings into alerts: muted ones are counted, others open a new alert or join the group's open one. */
async function placer(db: Deps['db'], now: number, report: EvaluationReport) {
  const mutes = await activeMutes(db, now);
  return async (f: Finding, aggregate: boolean) => {
    if (muted(mutes, f)) return void report.findings_muted++;
    const latest = await latestAlertOfGroup(db, f.groupKey);
    const p = placeFinding(latest, { severity: f.severity, at: now, aggregate, newMentions: f.mentions.length });
    if (p.action === 'skip') return void report.findings_cooling_down++;
    if (p.action === 'open') {
      report.alerts_opened++;
      const title = alertTitle(f);
      await openAlert(db, {
        ruleId: f.rule.id,
        ruleKind: f.kind,
        groupKey: f.groupKey,
        severity: p.severity,
        title,
        reasons: f.reasons,
        evidence: f.evidence,
        brand: f.brand,
        market: f.market,
        sourceKind: f.sourceKind,
        caseId: f.caseId,
        mentions: f.mentions,
        at: now,
      });
    } else {
      report.alerts_updated++;
      await joinAlert(db, { alert: latest!, severity: p.severity, escalated: p.escalated, reasons: f.reasons, evidence: f.evidence, mentions: f.mentions, at: now });
    }
  };
}

const emptyReport = (): EvaluationReport => ({ mentions_read: 0, alerts_opened: 0, alerts_updated: 0, findings_cooling_down: 0, findings_muted: 0, keys_judged: 0 });

/**
 * The per-mention rules over one mention now, outside the cursor: after a person corrected its labels, what the
 * correction reveals (an escalation, a vulnerable author) alerts at once, as it would have on arrival.
 */
export async function evaluateMention(deps: Pick<Deps, 'db' | 'clock' | 'log'>, mentionId: number): Promise<EvaluationReport> {
  const report = emptyReport();
  const row = await ruleMention(deps.db, mentionId);
  if (!row) return report;
  const now = deps.clock.now();
  const rules = (await validRules(deps)).filter((r) => !isAggregateKind(r.kind));
  const place = await placer(deps.db, now, report);
  report.mentions_read = 1;
  for (const f of mentionFindings([row], rules, now)) await place(f, false);
  return report;
}

export async function evaluateAlerts(deps: Pick<Deps, 'db' | 'clock' | 'log'>): Promise<EvaluationReport> {
  const { db } = deps;
  const now = deps.clock.now();
  const rules = await validRules(deps);
  const report = emptyReport();
  const place = await placer(db, now, report);

  // Per-mention rules, from where the last run stopped. The very first run starts at the newest mention:
  // history that was there before alerting existed is not news.
  const mentionRules = rules.filter((r) => !isAggregateKind(r.kind));
  let cursor = await alertCursor(db, 'mentions');
  if (cursor === null) {
    cursor = await maxMentionId(db);
    await setAlertCursor(db, 'mentions', cursor);
  }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const rows = await ruleMentionsAfter(db, cursor, BATCH);
    if (rows.length === 0) break;
    report.mentions_read += rows.length;
    for (const f of mentionFindings(rows, mentionRules, now)) await place(f, false);
    cursor = rows[rows.length - 1]!.id;
    await setAlertCursor(db, 'mentions', cursor);
    if (rows.length < BATCH) break;
  }

  // Anomalies: once per closed hour, for the hour that just ended (an outage is not replayed hour by hour).
  const hour = Math.floor(now / HOUR_MS);
  const judged = await alertCursor(db, 'hour');
  if (judged === null || judged < hour) {
    const aggregateRules = rules.filter((r) => isAggregateKind(r.kind));
    if (aggregateRules.length) {
      const findings = await anomalyFindings(deps, aggregateRules, hour, report);
      for (const f of findings) await place(f, true);
    }
    await setAlertCursor(db, 'hour', hour);
  }
  return report;
}

function mentionFindings(rows: RuleMentionRow[], rules: AlertRule[], now: number): Finding[] {
  const typed = rules.map((r) => ({ id: r.id, kind: r.kind, params: RULE_PARAMS[r.kind as RuleKindName].parse(r.params) }) as MentionRule);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const groups = new Map<string, Finding>();
  for (const row of rows) {
    if (row.published_at < now - RECENT_DAYS * DAY_MS) continue;
    const facts: MentionFacts = {
      id: row.id,
      sourceKind: row.source_kind,
      language: row.language,
      relevant: !!row.is_relevant,
      sentiment: row.sentiment_label,
      tactics: stringList(row.tactics),
      vulnerability: stringList(row.vulnerability),
      escalation: stringList(row.escalation),
      authorReach: row.author_reach,
      engagement: row.engagement,
      rating: row.rating,
      openCase: row.open_case_id !== null,
    };
    for (const m of matchMentionRules(typed, facts)) {
      // One alert per rule and market, or per rule and case when the mention is on an open case.
      const groupKey = row.open_case_id !== null ? `${m.kind}|case:${row.open_case_id}` : `${m.kind}|${row.brand ?? ''}|${row.language}`;
      let g = groups.get(groupKey);
      if (!g) {
        g = {
          rule: byId.get(m.ruleId)!,
          kind: m.kind,
          groupKey,
          severity: m.severity,
          reasons: [],
          evidence: null,
          brand: row.brand,
          market: row.language,
          sourceKind: null,
          caseId: row.open_case_id,
          mentions: [],
        };
        groups.set(groupKey, g);
      }
      g.severity = maxSeverity(g.severity, m.severity);
      if (!g.reasons.includes(m.reason)) g.reasons.push(m.reason);
      g.mentions.push({ id: row.id, reason: m.reason });
    }
  }
  return [...groups.values()];
}

/** Hour index → count arrays per key, over the SERIES_HOURS hours before `hour`. */
function seriesOf<K extends string>(rows: { key: K; hour: number; value: number }[], start: number): Map<K, Float64Array> {
  const out = new Map<K, Float64Array>();
  for (const r of rows) {
    let a = out.get(r.key);
    if (!a) out.set(r.key, (a = new Float64Array(SERIES_HOURS)));
    const i = Number(r.hour) - start;
    if (i >= 0 && i < SERIES_HOURS) a[i]! += Number(r.value);
  }
  return out;
}

async function anomalyFindings(deps: Pick<Deps, 'db'>, rules: AlertRule[], hour: number, report: EvaluationReport): Promise<Finding[]> {
  const start = hour - SERIES_HOURS;
  const findings: Finding[] = [];
  const starts = await keyHistoryStarts(deps.db);
  const historyStart = (brand: string, kind?: string) => {
    const created = starts.filter((s) => s.brand === brand && (!kind || s.source_kind === kind)).map((s) => Number(s.created_at));
    return created.length ? Math.max(0, Math.floor(Math.min(...created) / HOUR_MS) - start) : SERIES_HOURS;
  };
  const ruleOf = (kind: AggregateRuleKind) => rules.find((r) => r.kind === kind);
  const volumeRule = ruleOf('volume_spike');
  const shareRule = ruleOf('negative_share');
  const tacticRule = ruleOf('tactic_spike');

  if (volumeRule || shareRule) {
    const rows = await hourlyCounts(deps.db, start, hour);
    const keyOf = (r: { brand: string; market: string; source_kind: string }) => `${r.brand}|${r.market}|${r.source_kind}`;
    const volume = seriesOf(
      rows.map((r) => ({ key: keyOf(r), hour: r.hour, value: r.mentions })),
      start,
    );
    const negative = seriesOf(
      rows.map((r) => ({ key: keyOf(r), hour: r.hour, value: r.negative })),
      start,
    );
    for (const [key, counts] of volume) {
      report.keys_judged++;
      const [brand, market, sourceKind] = key.split('|') as [string, string, SourceKind];
      const series = new HourlySeries(start, counts);
      const hs = historyStart(brand, sourceKind);
      const where = { brand: brand || null, market, sourceKind, caseId: null, mentions: [] };
      if (volumeRule) {
        const p = AGGREGATE_RULE_PARAMS.volume_spike.parse(volumeRule.params);
        const f = detectVolume(series, SERIES_HOURS, hs, { ...VOLUME_DEFAULTS, ...p });
        if (f) {
          findings.push({
            ...where,
            rule: volumeRule,
            kind: 'volume_spike',
            groupKey: `volume_spike|${key}`,
            severity: f.severity,
            reasons: [`${f.observed} relevant mentions in the last ${hoursText(f.windowHours)}, against ${f.expected.toFixed(1)} expected (${f.ratio.toFixed(1)}×)`],
            evidence: { window_hours: f.windowHours, observed: f.observed, expected: round(f.expected), ratio: round(f.ratio), p: f.p },
          });
        }
      }
      if (shareRule) {
        const p = AGGREGATE_RULE_PARAMS.negative_share.parse(shareRule.params);
        const neg = new HourlySeries(start, negative.get(key)!);
        const w = SHARE_DEFAULTS.windowHours;
        const baseFrom = Math.max(hs, SERIES_HOURS - 30 * 24); // the volume detector's 28 days before its guard band
        const baseTo = SERIES_HOURS - 48;
        if (baseTo - baseFrom >= VOLUME_DEFAULTS.coldStartDays * 24) {
          const f = detectNegativeShare(
            { negative: neg.sum(SERIES_HOURS - w, SERIES_HOURS), total: series.sum(SERIES_HOURS - w, SERIES_HOURS) },
            { negative: neg.sum(baseFrom, baseTo), total: series.sum(baseFrom, baseTo) },
            { ...SHARE_DEFAULTS, ...p },
          );
          if (f) {
            findings.push({
              ...where,
              rule: shareRule,
              kind: 'negative_share',
              groupKey: `negative_share|${key}`,
              severity: f.severity,
              reasons: [`${pct(f.share)} negative (${f.negative} of ${f.total}) in the last 24 hours, against ${pct(f.baselineShare)} usually`],
              evidence: { window_hours: w, negative: f.negative, total: f.total, share: round(f.share), baseline_share: round(f.baselineShare), p: f.p },
            });
          }
        }
      }
    }
  }

  if (tacticRule) {
    const p = AGGREGATE_RULE_PARAMS.tactic_spike.parse(tacticRule.params);
    const rows = (await hourlyTacticCounts(deps.db, start, hour)).filter((r) => (p.tactics as string[]).includes(r.tactic));
    const series = seriesOf(
      rows.map((r) => ({ key: `${r.brand}|${r.market}|${r.tactic}`, hour: r.hour, value: r.mentions })),
      start,
    );
    for (const [key, counts] of series) {
      report.keys_judged++;
      const [brand, market, tactic] = key.split('|') as [string, string, string];
      const f = detectVolume(new HourlySeries(start, counts), SERIES_HOURS, historyStart(brand), { ...VOLUME_DEFAULTS, minCount: p.minCount });
      if (!f) continue;
      findings.push({
        rule: tacticRule,
        kind: 'tactic_spike',
        groupKey: `tactic_spike|${key}`,
        severity: f.severity,
        brand: brand || null,
        market,
        sourceKind: null,
        caseId: null,
        mentions: [],
        reasons: [
          `${f.observed} mentions about ${inSentence(nameOf('tactic', tactic))} in the last ${hoursText(f.windowHours)}, against ${f.expected.toFixed(1)} expected (${f.ratio.toFixed(1)}×)`,
        ],
        evidence: { tactic, window_hours: f.windowHours, observed: f.observed, expected: round(f.expected), ratio: round(f.ratio), p: f.p },
      });
    }
  }
  return findings;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const hoursText = (h: number) => (h === 1 ? 'hour' : `${h} hours`);

function alertTitle(f: Finding): string {
  const where = [f.brand, f.market, f.sourceKind?.replace(/_/g, ' ')].filter(Boolean).join(' · ');
  const what = f.kind === 'tactic_spike' && f.evidence?.tactic ? `${RULE_TITLES[f.kind]}: ${nameOf('tactic', String(f.evidence.tactic))}` : f.rule.name;
  return where ? `${what} — ${where}` : what;
}
