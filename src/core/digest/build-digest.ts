// The weekly digest as plain data: one recipient's week (their role, time zone and language), every section left
// out when there is nothing for it. Numbers stay raw (counts, fractions, UTC ms); render-digest.ts words them.
import { weekFigures, type Range } from '../../../db/queries/digest.ts';
import type { StaffRole } from '../../../db/schema/constants.ts';
import { can } from '../auth/roles.ts';
import type { Deps } from '../deps.ts';
import { attentionSection, type AttentionSection } from './attention.ts';
import { ratesSection, type RatesSection } from './complaint-rates.ts';
import { linkBase } from './digest-text.ts';
import { numbersSection, type NumbersSection } from './numbers.ts';
import { mentionsSection, type QuotedMention } from './quoted-mentions.ts';
import { sourcesSection, type SourceProblem } from './source-problems.ts';
import { stepsSection, type StepsSection } from './steps.ts';
import { DIGEST_LANGUAGES, type DigestLanguage } from './strings.ts';
import { topicsSection, type TopicsSection } from './topics.ts';
import { formatIsoWeek, previousWeek, weekRange, type IsoWeek } from './week.ts';

export { DIGEST_LANGUAGES, type DigestLanguage };
export { MAX_ALERTS, type AttentionItem, type AttentionSection } from './attention.ts';
export { MAX_RATE_CHANGES, RATE_DAYS, pairGroups, rateChanges, type RateChange, type RateFigures, type RateGroup, type RatesSection } from './complaint-rates.ts';
export { linkBase, maskIdentifiers, shorten } from './digest-text.ts';
export { TOP_MARKETS, type MarketFigures, type NumbersSection, type WeekFigures } from './numbers.ts';
export { EXCERPT_CHARS, MAX_QUOTES, type QuotedMention } from './quoted-mentions.ts';
export type { SourceProblem } from './source-problems.ts';
export { FEW_MENTIONS, MAX_MOVERS, TOP_TOPICS, buildTopics, clearlyDifferent, type TopicFigures, type TopicsSection } from './topics.ts';

export interface DigestOptions {
  week: IsoWeek;
  role: StaffRole;
  timeZone: string;
  language: DigestLanguage;
  /** The dashboard's address; links are left out when null. */
  baseUrl: string | null;
}

export interface Digest {
  week: IsoWeek;
  /** `2026-W47`. */
  weekLabel: string;
  /** [Monday 00:00, next Monday 00:00) in the recipient's zone, UTC ms. */
  range: { from: number; to: number };
  role: StaffRole;
  timeZone: string;
  language: DigestLanguage;
  baseUrl: string | null;
  generatedAt: number;
  numbers?: NumbersSection;
  attention?: AttentionSection;
  topics?: TopicsSection;
  /** Only for roles that may read analytics, and only with cases and actions to measure. */
  rates?: RatesSection;
  /** Did the next steps help: for the roles that read analytics, once some step's follow-up has ended. */
  steps?: StepsSection;
  mentions?: QuotedMention[];
  sources?: SourceProblem[];
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
  const [attention, rates, steps, mentions, sources] = await Promise.all([
    can(o.role, 'alerts:read') ? attentionSection(db, range, base) : undefined,
    can(o.role, 'analytics:read') ? ratesSection(db, range.to) : undefined,
    can(o.role, 'analytics:read') ? stepsSection(db, range.to, now) : undefined,
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
  if (steps) digest.steps = steps;
  if (mentions) digest.mentions = mentions;
  if (sources) digest.sources = sources;
  return digest;
}
