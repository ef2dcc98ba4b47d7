import { describe, expect, it } from 'vitest';
import { placeFinding, type LatestAlert } from '../../../src/core/alerts/grouping.ts';
import { MENTION_RULE_PARAMS, matchMentionRules, type MentionFacts, type MentionRule } from '../../../src/core/alerts/mention-rules.ts';
import { detectNegativeShare } from '../../../src/core/alerts/share-detector.ts';

const HOUR = 3_600_000;

/** The default rule set, one rule of each per-mention kind, ids 1…5. */
const RULES: MentionRule[] = (Object.keys(MENTION_RULE_PARAMS) as (keyof typeof MENTION_RULE_PARAMS)[]).map((kind, i) => ({
  id: i + 1,
  kind,
  params: MENTION_RULE_PARAMS[kind].parse({}),
})) as MentionRule[];

const BASE: MentionFacts = {
  id: 1,
  sourceKind: 'rss',
  language: 'lv',
  relevant: true,
  sentiment: 'neutral',
  tactics: [],
  vulnerability: [],
  escalation: [],
  authorReach: null,
  engagement: null,
  rating: null,
  openCase: false,
};

describe('per-mention rules', () => {
  it.each([
    { name: 'a neutral mention', m: {}, expected: [] },
    {
      name: 'negative, threatening the regulator',
      m: { sentiment: 'negative', escalation: ['regulator'] },
      expected: [['escalation', 'high', 'Negative, and the author mentions going to a regulator or ombudsman']],
    },
    {
      name: 'negative, with a lawyer',
      m: { sentiment: 'negative', escalation: ['legal'] },
      expected: [['escalation', 'medium', 'Negative, and the author mentions going to a lawyer or court']],
    },
    { name: 'an escalation that is not negative', m: { sentiment: 'positive', escalation: ['media'] }, expected: [] },
    {
      name: 'ill health and a call to the employer',
      m: { sentiment: 'negative', vulnerability: ['health'], tactics: ['third_party_contact'] },
      expected: [['vulnerable_harm', 'high', 'The author mentions health problems together with contact with family or employer']],
    },
    { name: 'vulnerability without a harmful tactic', m: { vulnerability: ['health'], tactics: ['payment_plan'] }, expected: [] },
    {
      name: 'negative from a 6,000-follower Bluesky author',
      m: { sentiment: 'negative', sourceKind: 'bluesky', authorReach: 6000 },
      expected: [['high_reach', 'medium', 'Negative, with an author with 6,000 followers']],
    },
    {
      name: 'negative with 60,000 followers: ten times the bar',
      m: { sentiment: 'negative', sourceKind: 'bluesky', authorReach: 60000 },
      expected: [['high_reach', 'high', 'Negative, with an author with 60,000 followers']],
    },
    { name: 'a popular positive post', m: { sentiment: 'positive', sourceKind: 'reddit', engagement: 5000 }, expected: [] },
    { name: 'reach on a kind without a threshold (rss)', m: { sentiment: 'negative', authorReach: 1e6 }, expected: [] },
    { name: 'negative on an open case', m: { sentiment: 'negative', openCase: true }, expected: [['open_case', 'medium', 'Negative and linked to an open collection case']] },
    { name: 'an irrelevant mention on an open case', m: { relevant: false, openCase: true }, expected: [] },
    { name: 'a 1-star Trustpilot review', m: { sourceKind: 'trustpilot', rating: 1 }, expected: [['low_rating', 'medium', 'A 1-star review on Trustpilot']] },
    { name: 'a 2-star App Store review', m: { sourceKind: 'app_store', rating: 2 }, expected: [['low_rating', 'low', 'A 2-star review on the App Store']] },
    { name: 'a 3-star review', m: { sourceKind: 'trustpilot', rating: 3 }, expected: [] },
  ] as { name: string; m: Partial<MentionFacts>; expected: [string, string, string][] }[])('$name', ({ m, expected }) => {
    const got = matchMentionRules(RULES, { ...BASE, ...m });
    expect(got.map((r) => [r.kind, r.severity, r.reason])).toEqual(expected);
  });

  it('matches several rules at once, each with its own reason', () => {
    const got = matchMentionRules(RULES, { ...BASE, sentiment: 'negative', escalation: ['media'], openCase: true });
    expect(got.map((r) => r.ruleId)).toEqual([1, 4]);
  });

  it('honours configured settings', () => {
    const strict: MentionRule = { id: 9, kind: 'high_reach', params: MENTION_RULE_PARAMS.high_reach.parse({ reach: { rss: 100 } }) };
    expect(matchMentionRules([strict], { ...BASE, sentiment: 'negative', authorReach: 150 })).toHaveLength(1);
    expect(() => MENTION_RULE_PARAMS.low_rating.parse({ maxStars: 5 })).toThrow();
  });
});

describe('negative share', () => {
  it.each([
    { name: 'usual share', window: { negative: 6, total: 20 }, baseline: { negative: 90, total: 300 }, found: false },
    { name: 'share doubles on enough mentions', window: { negative: 14, total: 20 }, baseline: { negative: 90, total: 300 }, found: true },
    { name: 'all negative, but only four', window: { negative: 4, total: 4 }, baseline: { negative: 90, total: 300 }, found: false },
    { name: 'a rise too small to matter, on many mentions', window: { negative: 380, total: 1000 }, baseline: { negative: 3000, total: 10000 }, found: false },
    { name: 'a new key: the prior stands in for the baseline', window: { negative: 9, total: 10 }, baseline: { negative: 0, total: 0 }, found: true },
  ])('$name → $found', ({ window, baseline, found }) => {
    expect(detectNegativeShare(window, baseline) !== null).toBe(found);
  });
});

describe('grouping findings into alerts', () => {
  const open: LatestAlert = { id: 7, status: 'open', severity: 'medium', lastSeenAt: 0, resolvedAt: null, mentionCount: 1 };
  it.each([
    { name: 'nothing before: a new alert', latest: null, f: { severity: 'low', at: 0, aggregate: false, newMentions: 1 }, expected: { action: 'open', severity: 'low' } },
    {
      name: 'within the window: joins',
      latest: open,
      f: { severity: 'low', at: 5 * HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'join', alertId: 7, severity: 'medium', escalated: false },
    },
    {
      name: 'a worse mention raises the severity',
      latest: open,
      f: { severity: 'high', at: HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'join', alertId: 7, severity: 'high', escalated: true },
    },
    {
      name: 'the fifth mention raises it one level',
      latest: { ...open, mentionCount: 4 },
      f: { severity: 'low', at: HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'join', alertId: 7, severity: 'high', escalated: true },
    },
    {
      name: 'the sixth does not raise it again',
      latest: { ...open, severity: 'high', mentionCount: 5 },
      f: { severity: 'low', at: HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'join', alertId: 7, severity: 'high', escalated: false },
    },
    {
      name: 'acknowledged alerts still gather',
      latest: { ...open, status: 'acknowledged' },
      f: { severity: 'medium', at: HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'join', alertId: 7, severity: 'medium', escalated: false },
    },
    {
      name: 'after the window: a new alert',
      latest: open,
      f: { severity: 'medium', at: 25 * HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'open', severity: 'medium' },
    },
    {
      name: 'a mention after resolution: a new alert at once',
      latest: { ...open, status: 'resolved', resolvedAt: HOUR },
      f: { severity: 'medium', at: 2 * HOUR, aggregate: false, newMentions: 1 },
      expected: { action: 'open', severity: 'medium' },
    },
    {
      name: 'an anomaly after resolution: cools down',
      latest: { ...open, status: 'resolved', resolvedAt: HOUR },
      f: { severity: 'high', at: 2 * HOUR, aggregate: true, newMentions: 0 },
      expected: { action: 'skip', why: 'cooling_down' },
    },
    {
      name: 'an anomaly a day after resolution: a new alert',
      latest: { ...open, status: 'resolved', resolvedAt: HOUR },
      f: { severity: 'high', at: 26 * HOUR, aggregate: true, newMentions: 0 },
      expected: { action: 'open', severity: 'high' },
    },
  ] as { name: string; latest: LatestAlert | null; f: Parameters<typeof placeFinding>[1]; expected: unknown }[])('$name', ({ latest, f, expected }) => {
    expect(placeFinding(latest, f)).toEqual(expected);
  });
});
