// Per-mention alert rules: which stored mentions deserve a person's attention now, and why, in words.
import { inSentence, nameOf } from '../labels.ts';
import { z } from 'zod';
import { ESCALATIONS, SOURCE_KINDS, TACTICS, VULNERABILITIES, type SourceKind } from '../../../db/schema/constants.ts';
import type { Severity } from '../../../db/schema/constants.ts';

/** What a rule sees of a mention: its source, the analyser's labels and the facts that weigh reach and cases. */
export interface MentionFacts {
  id: number;
  sourceKind: SourceKind;
  language: string;
  relevant: boolean;
  sentiment: 'negative' | 'neutral' | 'positive';
  tactics: readonly string[];
  vulnerability: readonly string[];
  escalation: readonly string[];
  authorReach: number | null;
  engagement: number | null;
  rating: number | null;
  /** Linked (suggested or confirmed) to a case whose status is open. */
  openCase: boolean;
}

const KindNumbers = z.partialRecord(z.enum(SOURCE_KINDS), z.number().int().positive());

/** The settings of each per-mention rule kind, with defaults: the rule set a new workspace starts with. */
export const MENTION_RULE_PARAMS = {
  escalation: z.object({
    escalations: z
      .array(z.enum(ESCALATIONS))
      .min(1)
      .default([...ESCALATIONS]),
  }),
  vulnerable_harm: z.object({
    vulnerabilities: z
      .array(z.enum(VULNERABILITIES))
      .min(1)
      .default([...VULNERABILITIES]),
    tactics: z.array(z.enum(TACTICS)).min(1).default(['threat_legal', 'third_party_contact', 'abusive_conduct']),
  }),
  high_reach: z.object({
    /** Author followers (or karma) from which a negative mention counts as far-reaching, per source kind. */
    reach: KindNumbers.default({ bluesky: 5000, mastodon: 5000, youtube: 10000, reddit: 20000, hacker_news: 5000 }),
    /** Reactions (likes + reposts + replies, points, votes) from which it counts as far-reaching. */
    engagement: KindNumbers.default({ bluesky: 100, mastodon: 100, youtube: 200, reddit: 200, hacker_news: 100, json: 200, push: 200 }),
  }),
  open_case: z.object({}),
  low_rating: z.object({
    maxStars: z.number().int().min(1).max(4).default(2),
  }),
} as const;
export type MentionRuleKind = keyof typeof MENTION_RULE_PARAMS;
type Params<K extends MentionRuleKind> = z.output<(typeof MENTION_RULE_PARAMS)[K]>;

export interface MentionRule<K extends MentionRuleKind = MentionRuleKind> {
  id: number;
  kind: K;
  params: Params<K>;
}

export interface RuleMatch {
  ruleId: number;
  kind: MentionRuleKind;
  severity: Severity;
  reason: string;
}

const ESCALATION_WORDS: Record<string, string> = {
  regulator: 'a regulator or ombudsman',
  media: 'the press or going public',
  legal: 'a lawyer or court',
};
const VULNERABILITY_WORDS: Record<string, string> = {
  health: 'health problems',
  life_event: 'a hard life event',
  resilience: 'not being able to afford the basics',
  capability: 'difficulty dealing with the process',
};
const TACTIC_WORDS: Record<string, string> = {
  threat_legal: 'a legal threat',
  third_party_contact: 'contact with family or employer',
  abusive_conduct: 'abusive conduct',
};
const REVIEW_KINDS: readonly SourceKind[] = ['app_store', 'trustpilot'];
const fmt = (n: number) => n.toLocaleString('en-US');

/** Each kind's test; null when the mention does not match. */
const CHECKS: { [K in MentionRuleKind]: (m: MentionFacts, p: Params<K>) => { severity: Severity; reason: string } | null } = {
  escalation(m, p) {
    if (m.sentiment !== 'negative') return null;
    const hit = p.escalations.filter((e) => m.escalation.includes(e));
    if (hit.length === 0) return null;
    const severity: Severity = hit.includes('regulator') || hit.includes('media') ? 'high' : 'medium';
    return { severity, reason: `Negative, and the author mentions going to ${hit.map((e) => ESCALATION_WORDS[e]).join(' and ')}` };
  },
  vulnerable_harm(m, p) {
    const vulnerable = p.vulnerabilities.filter((v) => m.vulnerability.includes(v));
    const harm = p.tactics.filter((t) => m.tactics.includes(t));
    if (vulnerable.length === 0 || harm.length === 0) return null;
    return {
      severity: 'high',
      reason: `The author mentions ${vulnerable.map((v) => VULNERABILITY_WORDS[v]).join(' and ')} together with ${harm.map((t) => TACTIC_WORDS[t] ?? inSentence(nameOf('tactic', t))).join(' and ')}`,
    };
  },
  high_reach(m, p) {
    if (m.sentiment !== 'negative' || !m.relevant) return null;
    const reach = p.reach[m.sourceKind];
    const engagement = p.engagement[m.sourceKind];
    const byReach = reach !== undefined && (m.authorReach ?? 0) >= reach;
    const byEngagement = engagement !== undefined && (m.engagement ?? 0) >= engagement;
    if (!byReach && !byEngagement) return null;
    const tenfold = (byReach && (m.authorReach ?? 0) >= 10 * reach!) || (byEngagement && (m.engagement ?? 0) >= 10 * engagement!);
    const parts = [...(byReach ? [`an author with ${fmt(m.authorReach!)} followers`] : []), ...(byEngagement ? [`${fmt(m.engagement!)} reactions`] : [])];
    return { severity: tenfold ? 'high' : 'medium', reason: `Negative, with ${parts.join(' and ')}` };
  },
  open_case(m) {
    if (!m.openCase || !m.relevant) return null;
    return { severity: m.sentiment === 'negative' ? 'medium' : 'low', reason: `${m.sentiment === 'negative' ? 'Negative and linked' : 'Linked'} to an open collection case` };
  },
  low_rating(m, p) {
    if (!REVIEW_KINDS.includes(m.sourceKind) || m.rating === null || m.rating > p.maxStars) return null;
    return { severity: m.rating <= 1 ? 'medium' : 'low', reason: `A ${m.rating}-star review on ${m.sourceKind === 'app_store' ? 'the App Store' : 'Trustpilot'}` };
  },
};

/** The rules a mention matches, in rule order. */
export function matchMentionRules(rules: readonly MentionRule[], m: MentionFacts): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const r of rules) {
    const hit = (CHECKS[r.kind] as (m: MentionFacts, p: unknown) => { severity: Severity; reason: string } | null)(m, r.params);
    if (hit) out.push({ ruleId: r.id, kind: r.kind, ...hit });
  }
  return out;
}
