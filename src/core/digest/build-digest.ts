// The weekly digest as plain data: one recipient's week (their role, time zone and language), every section left
// out when there is nothing for it. Numbers stay raw (counts, fractions, UTC ms); render-digest.ts words them.
import { hasCases, quotableMentions, sourceActivity, weekAlerts, weekFigures, type Range, type WeekFigureRows } from '../../../db/queries/digest.ts';
import { listSources } from '../../../db/queries/sources.ts';
import type { AlertKind, AlertStatus, Role, Severity, SourceKind } from '../../../db/schema/constants.ts';
import { stringList } from '../../../db/schema/json-lists.ts';
import { VOLUME_DAYS, sourceHealth } from '../../sources/health.ts';
import { can } from '../auth/roles.ts';
import { DEFAULT_WINDOW_DAYS, tacticsAnalytics, type TacticGroup } from '../cases/analytics.ts';
import type { Interval } from '../cases/rates.ts';
import { clopperPearson } from '../stats.ts';
import type { Deps } from '../deps.ts';
import { DIGEST_LANGUAGES, STRINGS, type DigestLanguage } from './strings.ts';
import { formatIsoWeek, previousWeek, weekRange, type IsoWeek } from './week.ts';
import { DAY_MS } from '../time/durations.ts';

export { DIGEST_LANGUAGES, type DigestLanguage };

/** Markets listed by name; the rest are summed as "other markets". */
export const TOP_MARKETS = 5;
/** Alerts listed; the rest are counted ("and 4 more"). */
export const MAX_ALERTS = 8;
/** Reasons shown per alert. */
const MAX_REASONS = 3;
export const TOP_TOPICS = 6;
export const MAX_MOVERS = 3;
/** A topic moved when its count changed by at least this much… */
const MIN_MOVE = 2;
/** …and it is "few mentions" when neither week has this many. */
export const FEW_MENTIONS = 5;
/** Complaint rates cover this many days up to the end of the week, against as many days before. */
export const RATE_DAYS = 28;
export const MAX_RATE_CHANGES = 5;
export const MAX_QUOTES = 5;
/** At most this many quoted mentions from one source, so one busy source does not fill the section. */
const PER_SOURCE = 2;
export const EXCERPT_CHARS = 200;
const TITLE_CHARS = 120;
const ERROR_CHARS = 160;

export interface DigestOptions {
  week: IsoWeek;
  role: Role;
  timeZone: string;
  language: DigestLanguage;
  /** The dashboard's address; links are left out when null. */
  baseUrl: string | null;
}

export interface WeekFigures {
  mentions: number;
  relevant: number;
  /** Relevant and negative. */
  negative: number;
  /** relevant ÷ mentions; null with no mentions. */
  relevantShare: number | null;
  /** negative ÷ relevant; null with no relevant mentions. */
  negativeShare: number | null;
}

export interface MarketFigures {
  /** The language the analyser found. */
  market: string;
  relevant: number;
  negative: number;
  previousRelevant: number;
  /** relevant − previousRelevant. */
  change: number;
}

export interface NumbersSection {
  current: WeekFigures;
  previous: WeekFigures;
  /** The four weeks before this one: counts are the mean per week, shares are pooled over the four weeks. */
  average4: WeekFigures;
  /** The busiest markets this week (then last week), at most TOP_MARKETS. */
  markets: MarketFigures[];
  /** Everything else, summed; null when all markets are listed. */
  otherMarkets: { relevant: number; previousRelevant: number; change: number } | null;
}

export interface AttentionItem {
  id: number;
  title: string;
  severity: Severity;
  ruleKind: AlertKind;
  market: string | null;
  /** The alert's own reasons (already words), at most MAX_REASONS. */
  reasons: string[];
  mentionCount: number;
  openedAt: number;
  /** Opened during the week. */
  isNew: boolean;
  /** Its state at the end of the week. */
  status: AlertStatus;
  /** `${baseUrl}/alerts/${id}` when there is a base URL. */
  url: string | null;
}

export interface AttentionSection {
  items: AttentionItem[];
  /** How many more qualify than are listed. */
  more: number;
  /** All that qualify: listed + more. */
  total: number;
  /** Of those, the ones not resolved at the end of the week. */
  unresolved: number;
}

export interface TopicFigures {
  tactic: string;
  current: number;
  previous: number;
  change: number;
  /** current ÷ this week's relevant negative mentions. */
  share: number | null;
  /** Neither week reached FEW_MENTIONS. */
  few: boolean;
  /** An exact test says the two weeks differ (0.5 lies outside the 95 % interval of current ÷ (current + previous)). */
  clear: boolean;
}

export interface TopicsSection {
  /** Relevant negative mentions this week and the week before (a mention can carry several topics or none). */
  negative: { current: number; previous: number };
  top: TopicFigures[];
  /** Largest changes (at least MIN_MOVE), clear ones first. */
  movers: TopicFigures[];
}

export interface RateFigures {
  cases: number;
  complaints: number;
  /** Complaints per 1,000 cases with the 95 % Garwood interval. */
  rate: Interval;
  /** Fewer than SMALL_COMPLAINTS: too few to rank on. */
  small: boolean;
}

export interface RateGroup {
  key: string;
  current: RateFigures;
  previous: RateFigures | null;
}

export interface RateChange {
  dimension: 'action_type' | 'channel';
  key: string;
  current: RateFigures;
  previous: RateFigures;
  direction: 'up' | 'down';
  /** The two intervals do not overlap. */
  clear: boolean;
  /** Either period has few complaints. */
  small: boolean;
}

export interface RatesSection {
  /** Both inclusive, UTC ms: the RATE_DAYS days up to the end of the week, and the RATE_DAYS days before. */
  period: { from: number; to: number };
  previousPeriod: { from: number; to: number };
  windowDays: number;
  /** Ordered by the lower end of the interval, highest first (never by the point estimate). */
  byActionType: RateGroup[];
  byChannel: RateGroup[];
  /** Clear changes first (largest first), then changes among groups with few complaints, flagged. */
  changes: RateChange[];
}

export interface QuotedMention {
  id: number;
  sourceName: string;
  publishedAt: number;
  /** Masked and shortened; null when there is none or it only repeats the text. */
  title: string | null;
  /** Masked (case references, e-mail addresses, phone numbers) and shortened to about EXCERPT_CHARS. */
  excerpt: string;
  authorReach: number | null;
  engagement: number | null;
  sentimentScore: number;
  url: string | null;
}

export interface SourceProblem {
  id: number;
  name: string;
  kind: SourceKind;
  health: 'failing' | 'silent';
  errorCount: number;
  /** The last fetch error in words, shortened; null for a silent source. */
  lastError: string | null;
  lastMentionAt: number | null;
  lastSuccessAt: number | null;
}

export interface Digest {
  week: IsoWeek;
  /** `2026-W47`. */
  weekLabel: string;
  /** [Monday 00:00, next Monday 00:00) in the recipient's zone, UTC ms. */
  range: { from: number; to: number };
  role: Role;
  timeZone: string;
  language: DigestLanguage;
  baseUrl: string | null;
  generatedAt: number;
  numbers?: NumbersSection;
  attention?: AttentionSection;
  topics?: TopicsSection;
  /** Only for roles that may read analytics, and only with cases and actions to measure. */
  rates?: RatesSection;
  mentions?: QuotedMention[];
  sources?: SourceProblem[];
}

// ---- helpers (pure) ----

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figures(mentions: number, relevant: number, negative: number): WeekFigures {
  return { mentions, relevant, negative, relevantShare: share(relevant, mentions), negativeShare: share(negative, relevant) };
}

/** A base URL fit for links: absolute http(s), without a trailing slash; null otherwise. */
export function linkBase(baseUrl: string | null): string | null {
  if (!baseUrl) return null;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** Seven to fifteen digits, possibly with +, spaces, dots, dashes, slashes or brackets between them. */
const PHONE_RE = /(?<![\p{L}\p{N}])\+?\(?\d(?:[\s\-().\/]{0,2}\d){6,14}(?![\p{N}])/gu;
const DATE_RE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$/;

/**
 * Text with whatever could identify a debtor replaced: the case references the analyser found (however they were
 * written: "LV-4051 2377", "4051-2377"), e-mail addresses, and phone-number-like runs of 7–15 digits (which also
 * covers personal codes and unflagged reference numbers; dates are left alone).
 */
export function maskIdentifiers(text: string, caseRefs: readonly string[], tokens: { caseRef: string; email: string; phone: string }): string {
  let out = text;
  const refs = [...new Set(caseRefs.map((r) => String(r).replace(/\D/g, '')).filter((r) => r.length >= 4))].sort((a, b) => b.length - a.length);
  for (const ref of refs) {
    const digits = ref.split('').map(escapeRe).join('[\\s\\-/.]?');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])(?:\\p{Lu}{1,4}[-\\s]?)?${digits}(?!\\p{N})`, 'gu'), tokens.caseRef);
  }
  out = out.replace(EMAIL_RE, tokens.email);
  out = out.replace(PHONE_RE, (m) => (DATE_RE.test(m.trim()) ? m : tokens.phone));
  return out;
}

/** Up to `max` code points, on one line, cut at a word boundary when one is near, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  let cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s.,;:!?\-–—]+$/u, '')}…`;
}

/** Whether `current` of `current + previous` differs from an even split by the exact (Clopper–Pearson) 95 % interval. */
export function clearlyDifferent(current: number, previous: number): boolean {
  const n = current + previous;
  if (n === 0) return false;
  const { low, high } = clopperPearson(current, n);
  return low > 0.5 || high < 0.5;
}

/** Topics of this week and last: the TOP_TOPICS most frequent this week, and the movers. */
export function buildTopics(current: Map<string, number>, previous: Map<string, number>, negative: { current: number; previous: number }): TopicsSection | undefined {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  if (keys.size === 0) return undefined;
  const all = [...keys].map((tactic): TopicFigures => {
    const c = current.get(tactic) ?? 0;
    const p = previous.get(tactic) ?? 0;
    return { tactic, current: c, previous: p, change: c - p, share: share(c, negative.current), few: Math.max(c, p) < FEW_MENTIONS, clear: clearlyDifferent(c, p) };
  });
  const byName = (a: TopicFigures, b: TopicFigures) => (a.tactic < b.tactic ? -1 : a.tactic > b.tactic ? 1 : 0);
  const top = all.filter((t) => t.current > 0).sort((a, b) => b.current - a.current || byName(a, b)).slice(0, TOP_TOPICS);
  const movers = all
    .filter((t) => Math.abs(t.change) >= MIN_MOVE)
    .sort((a, b) => Number(b.clear) - Number(a.clear) || Math.abs(b.change) - Math.abs(a.change) || byName(a, b))
    .slice(0, MAX_MOVERS);
  return { negative, top, movers };
}

const rateFigures = (g: TacticGroup): RateFigures => ({ cases: g.cases, complaints: g.complaints, rate: g.rate_per_1000_cases, small: g.small });

/** This period's groups (in the order given) with last period's figures for the same key. */
export function pairGroups(current: TacticGroup[], previous: TacticGroup[]): RateGroup[] {
  const before = new Map(previous.map((g) => [g.key, g]));
  return current.map((g) => {
    const p = before.get(g.key);
    return { key: g.key, current: rateFigures(g), previous: p ? rateFigures(p) : null };
  });
}

/**
 * The changes worth a line: groups with a rate in both periods whose intervals do not overlap (largest difference
 * first), then — flagged as few complaints — the largest differences among groups too small to judge. Changes
 * with enough complaints whose intervals overlap are noise and left out.
 */
export function rateChanges(groups: { dimension: RateChange['dimension']; group: RateGroup }[]): RateChange[] {
  const out: RateChange[] = [];
  for (const { dimension, group } of groups) {
    const c = group.current;
    const p = group.previous;
    if (!p || c.rate.value === null || p.rate.value === null || c.rate.value === p.rate.value) continue;
    const clear = (c.rate.low ?? 0) > (p.rate.high ?? Infinity) || (c.rate.high ?? Infinity) < (p.rate.low ?? 0);
    const small = c.small || p.small;
    if (!clear && !small) continue;
    out.push({ dimension, key: group.key, current: c, previous: p, direction: c.rate.value > p.rate.value ? 'up' : 'down', clear, small });
  }
  const diff = (x: RateChange) => Math.abs(x.current.rate.value! - x.previous.rate.value!);
  const name = (x: RateChange) => `${x.key}\u0000${x.dimension}`;
  out.sort((a, b) => Number(b.clear) - Number(a.clear) || diff(b) - diff(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return out.slice(0, MAX_RATE_CHANGES);
}

// ---- the sections ----

function numbersSection(rows: WeekFigureRows): NumbersSection | undefined {
  const at = (i: number) => rows.weeks.find((r) => r.i === i) ?? { i, mentions: 0, relevant: 0, negative: 0 };
  if (rows.weeks.every((r) => r.mentions === 0)) return undefined;
  const cur = at(0);
  const prev = at(1);
  const four = [1, 2, 3, 4].map(at);
  const sum = (k: 'mentions' | 'relevant' | 'negative') => four.reduce((n, r) => n + r[k], 0);
  const average4: WeekFigures = {
    mentions: sum('mentions') / 4,
    relevant: sum('relevant') / 4,
    negative: sum('negative') / 4,
    relevantShare: share(sum('relevant'), sum('mentions')),
    negativeShare: share(sum('negative'), sum('relevant')),
  };

  const markets = new Map<string, MarketFigures>();
  for (const r of rows.markets) {
    let m = markets.get(r.market);
    if (!m) markets.set(r.market, (m = { market: r.market, relevant: 0, negative: 0, previousRelevant: 0, change: 0 }));
    if (r.i === 0) {
      m.relevant = r.relevant;
      m.negative = r.negative;
    } else m.previousRelevant = r.relevant;
  }
  const all = [...markets.values()]
    .map((m) => ({ ...m, change: m.relevant - m.previousRelevant }))
    .sort((a, b) => b.relevant - a.relevant || b.previousRelevant - a.previousRelevant || (a.market < b.market ? -1 : 1));
  const rest = all.slice(TOP_MARKETS);
  const restSum = (k: 'relevant' | 'previousRelevant') => rest.reduce((n, m) => n + m[k], 0);
  return {
    current: figures(cur.mentions, cur.relevant, cur.negative),
    previous: figures(prev.mentions, prev.relevant, prev.negative),
    average4,
    markets: all.slice(0, TOP_MARKETS),
    otherMarkets: rest.length ? { relevant: restSum('relevant'), previousRelevant: restSum('previousRelevant'), change: restSum('relevant') - restSum('previousRelevant') } : null,
  };
}

async function attentionSection(db: Deps['db'], range: Range, base: string | null): Promise<AttentionSection | undefined> {
  const rows = await weekAlerts(db, range, MAX_ALERTS);
  if (rows.length === 0) return undefined;
  const total = rows[0]!.total;
  return {
    items: rows.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      ruleKind: a.rule_kind,
      market: a.market,
      reasons: stringList(a.reasons).slice(0, MAX_REASONS),
      mentionCount: a.mention_count,
      openedAt: a.opened_at,
      isNew: a.opened_at >= range.from,
      status: a.status_at_end,
      url: base ? `${base}/alerts/${a.id}` : null,
    })),
    more: total - rows.length,
    total,
    unresolved: rows[0]!.unresolved,
  };
}

function topicsSection(rows: WeekFigureRows, negative: { current: number; previous: number }): TopicsSection | undefined {
  const current = new Map<string, number>();
  const previous = new Map<string, number>();
  for (const r of rows.topics) (r.i === 0 ? current : previous).set(r.tactic, r.mentions);
  return buildTopics(current, previous, negative);
}

async function ratesSection(db: Deps['db'], end: number): Promise<RatesSection | undefined> {
  if (!(await hasCases(db))) return undefined;
  const period = { from: end - RATE_DAYS * DAY_MS, to: end - 1 };
  const previousPeriod = { from: period.from - RATE_DAYS * DAY_MS, to: period.from - 1 };
  const q = { windowDays: DEFAULT_WINDOW_DAYS, links: 'any' as const, sort: 'low' as const };
  const [typeNow, typeBefore, channelNow, channelBefore] = await Promise.all([
    tacticsAnalytics(db, { ...period, ...q, by: 'action_type' }),
    tacticsAnalytics(db, { ...previousPeriod, ...q, by: 'action_type' }),
    tacticsAnalytics(db, { ...period, ...q, by: 'channel' }),
    tacticsAnalytics(db, { ...previousPeriod, ...q, by: 'channel' }),
  ]);
  if (typeNow.groups.length === 0 && channelNow.groups.length === 0) return undefined;
  const byActionType = pairGroups(typeNow.groups, typeBefore.groups);
  const byChannel = pairGroups(channelNow.groups, channelBefore.groups);
  return {
    period,
    previousPeriod,
    windowDays: DEFAULT_WINDOW_DAYS,
    byActionType,
    byChannel,
    changes: rateChanges([
      ...byActionType.map((group) => ({ dimension: 'action_type' as const, group })),
      ...byChannel.map((group) => ({ dimension: 'channel' as const, group })),
    ]),
  };
}

async function mentionsSection(db: Deps['db'], range: Range, base: string | null, language: DigestLanguage): Promise<QuotedMention[] | undefined> {
  const rows = await quotableMentions(db, range, MAX_QUOTES * 4);
  const perSource = new Map<number, number>();
  const picked: QuotedMention[] = [];
  const tokens = STRINGS[language].mask;
  for (const m of rows) {
    if (picked.length >= MAX_QUOTES) break;
    const n = perSource.get(m.source_id) ?? 0;
    if (n >= PER_SOURCE) continue;
    perSource.set(m.source_id, n + 1);
    const refs = stringList(m.case_refs);
    const text = maskIdentifiers(m.text, refs, tokens);
    const rawTitle = m.title ? maskIdentifiers(m.title, refs, tokens).replace(/\s+/g, ' ').trim() : '';
    const flatText = text.replace(/\s+/g, ' ').trim();
    picked.push({
      id: m.id,
      sourceName: m.source_name,
      publishedAt: m.published_at,
      title: rawTitle && !flatText.startsWith(rawTitle.replace(/…$/, '')) ? shorten(rawTitle, TITLE_CHARS) : null,
      excerpt: shorten(text, EXCERPT_CHARS),
      authorReach: m.author_reach,
      engagement: m.engagement,
      sentimentScore: m.sentiment_score,
      url: base ? `${base}/mentions/${m.id}` : null,
    });
  }
  return picked.length ? picked : undefined;
}

async function sourcesSection(db: Deps['db'], now: number): Promise<SourceProblem[] | undefined> {
  const [sources, activity] = await Promise.all([listSources(db), sourceActivity(db, now - VOLUME_DAYS * DAY_MS)]);
  const out: SourceProblem[] = [];
  for (const s of sources) {
    const a = activity.get(s.id);
    // sourceHealth judges silence on the count, first and last; the daily series is the dashboard's sparkline.
    const volume = a ? { ...a, daily: [] } : undefined;
    const health = sourceHealth(s, volume, now);
    if (health !== 'failing' && health !== 'silent') continue;
    out.push({
      id: s.id,
      name: s.name,
      kind: s.kind,
      health,
      errorCount: s.errorCount,
      lastError: health === 'failing' && s.lastError ? shorten(s.lastError, ERROR_CHARS) : null,
      lastMentionAt: volume ? Number(volume.last) : null,
      lastSuccessAt: s.lastSuccessAt ?? null,
    });
  }
  out.sort((a, b) => (a.health === b.health ? (a.name < b.name ? -1 : 1) : a.health === 'failing' ? -1 : 1));
  return out.length ? out : undefined;
}

/** One recipient's digest of a week. Each section is left out when it has nothing to say or the role may not see it. */
export async function buildDigest(deps: Pick<Deps, 'db' | 'clock'>, o: DigestOptions): Promise<Digest> {
  const { db } = deps;
  const now = deps.clock.now();
  const range = weekRange(o.week, o.timeZone);
  // This week, then the four before it (the first of which is "the previous week").
  const ranges: Range[] = [range, ...[1, 2, 3, 4].map((n) => weekRange(previousWeek(o.week, n), o.timeZone))];
  const base = linkBase(o.baseUrl);

  const figures = await weekFigures(db, ranges, 2);
  const numbers = numbersSection(figures);
  const topics = numbers ? topicsSection(figures, { current: numbers.current.negative, previous: numbers.previous.negative }) : undefined;
  const [attention, rates, mentions, sources] = await Promise.all([
    can(o.role, 'alerts:read') ? attentionSection(db, range, base) : undefined,
    can(o.role, 'analytics:read') ? ratesSection(db, range.to) : undefined,
    can(o.role, 'mentions:read') ? mentionsSection(db, range, base, o.language) : undefined,
    can(o.role, 'sources:read') ? sourcesSection(db, now) : undefined,
  ]);

  const digest: Digest = {
    week: o.week,
    weekLabel: formatIsoWeek(o.week),
    range,
    role: o.role,
    timeZone: o.timeZone,
    language: o.language,
    baseUrl: base,
    generatedAt: now,
  };
  if (numbers) digest.numbers = numbers;
  if (attention) digest.attention = attention;
  if (topics) digest.topics = topics;
  if (rates) digest.rates = rates;
  if (mentions) digest.mentions = mentions;
  if (sources) digest.sources = sources;
  return digest;
}
