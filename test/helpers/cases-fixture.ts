import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseActions, cases, caseSteps, mentionAnalysis, mentionCaseLinks, mentions, sources } from '../../db/schema/index.ts';
import type { ActionType, Channel, Segment } from '../../db/schema/constants.ts';

// Direct inserts for analytics tests: invented cases of the fictional collector "Lumera", no import or linker.

/** Noon UTC on a day of October 2026 (the month the example data lives in). */
export const oct = (day: number) => Date.UTC(2026, 9, day, 12);
export const sep = (day: number) => Date.UTC(2026, 8, day, 12);

export interface CaseSeed {
  ref: string;
  creditor: string;
  segment: Segment;
  country: string;
  team?: string | null;
}

export async function seedCase(db: Db, c: CaseSeed): Promise<number> {
  const [row] = await db
    .insert(cases)
    .values({
      caseRef: c.ref,
      creditor: c.creditor,
      segment: c.segment,
      country: c.country,
      openedAt: sep(1),
      status: 'open',
      team: c.team ?? null,
      rowHash: `hash-${c.ref}`,
    })
    .returning({ id: cases.id });
  return row!.id;
}

export async function seedAction(db: Db, caseId: number, at: number, actionType: ActionType, channel: Channel, team: string | null = null) {
  await db.insert(caseActions).values({ caseId, at, actionType, channel, team, actionKey: `${at}|${channel}|${actionType}` });
}

let sourceId: number | undefined;
let seq = 0;

async function fixtureSource(db: Db): Promise<number> {
  const [found] = await db.select({ id: sources.id }).from(sources).where(sql`${sources.name} = 'cases-fixture'`);
  if (found) return found.id;
  const [row] = await db.insert(sources).values({ name: 'cases-fixture', kind: 'push' }).returning({ id: sources.id });
  return row!.id;
}

export interface MentionSeed {
  publishedAt: number;
  sentiment?: 'negative' | 'neutral' | 'positive';
  relevant?: boolean;
  tactics?: string[];
  vulnerability?: string[];
  escalation?: string[];
  payerStance?: 'willing_able' | 'willing_unable' | 'unwilling' | 'unknown';
  channels?: string[];
}

export async function seedMention(db: Db, m: MentionSeed): Promise<number> {
  sourceId = await fixtureSource(db);
  const key = `fx-${++seq}`;
  const [row] = await db
    .insert(mentions)
    .values({
      sourceId,
      externalKey: key,
      text: 'Lumera keeps texting me about the Telia bill',
      publishedAt: m.publishedAt,
      firstSeenAt: m.publishedAt,
      updatedAt: m.publishedAt,
      contentHash: key,
    })
    .returning({ id: mentions.id });
  const sentiment = m.sentiment ?? 'negative';
  await db.insert(mentionAnalysis).values({
    mentionId: row!.id,
    analyserVersion: 'fixture',
    contentHash: key,
    language: 'en',
    isRelevant: m.relevant ?? true,
    sentimentLabel: sentiment,
    sentimentScore: sentiment === 'negative' ? -0.8 : sentiment === 'positive' ? 0.8 : 0,
    tactics: m.tactics ?? [],
    channels: m.channels ?? [],
    vulnerability: m.vulnerability ?? [],
    payerStance: m.payerStance ?? 'unknown',
    escalation: m.escalation ?? [],
    caseRefs: [],
    evidence: [],
  });
  return row!.id;
}

export async function seedLink(db: Db, mentionId: number, caseId: number, status: 'suggested' | 'confirmed' = 'confirmed') {
  await db.insert(mentionCaseLinks).values({ mentionId, caseId, method: 'case_ref', confidence: 1, status, createdAt: oct(1) });
}

/**
 * The small hand-checked data set of the analytics tests (period 1–31 October 2026, window 14 days).
 *
 *   case   creditor segment       country team  actions (October unless noted)
 *   LV-1   Telia    willing_able  LV      A     sms 2, sms 5, call 10
 *   LV-2   Telia    unwilling     LV      A     sms 3, letter 20 (action team B)
 *   LV-3   Elisa    unable        FI      B     call 4, letter 6
 *   LV-4   Elisa    unwilling     FI      B     letter 8
 *   LV-5   Elisa    known_info    FI      —     letter 12, sms 20 Sep (outside the period)
 *
 *   mention  published  linked to       link       reading                    follows (≤ 14 days before)
 *   m1       Oct 7      LV-1            suggested  neg  [frequency, time]        sms 2, sms 5
 *   m2       Oct 12     LV-1            confirmed  neg  [frequency]              sms 2, sms 5, call 10
 *   m3       Oct 9      LV-3            confirmed  neg  [threat_legal]           call 4, letter 6
 *   m4       Oct 25     LV-2            suggested  neg  []                       letter 20 (sms 3 is 22 days back)
 *   m5       Oct 9      LV-4            confirmed  positive                      — (not negative)
 *   m6       Oct 9      LV-4            confirmed  neg, not relevant             — (not relevant)
 *   m7       Oct 9      (none)                     neg                           — (not linked)
 *   m8       Sep 25     LV-5            confirmed  neg                           — (sms 20 Sep is outside the period)
 *   m9       Oct 10     LV-3 and LV-4   confirmed  neg  [threat_legal, credit]   call 4, letter 6 (LV-3), letter 8 (LV-4)
 */
export async function seedTacticsExample(db: Db) {
  const c1 = await seedCase(db, { ref: 'LV-40512371', creditor: 'Telia', segment: 'willing_able', country: 'LV', team: 'A' });
  const c2 = await seedCase(db, { ref: 'LV-40512372', creditor: 'Telia', segment: 'unwilling', country: 'LV', team: 'A' });
  const c3 = await seedCase(db, { ref: 'LV-40512373', creditor: 'Elisa', segment: 'unable', country: 'FI', team: 'B' });
  const c4 = await seedCase(db, { ref: 'LV-40512374', creditor: 'Elisa', segment: 'unwilling', country: 'FI', team: 'B' });
  const c5 = await seedCase(db, { ref: 'LV-40512375', creditor: 'Elisa', segment: 'known_info', country: 'FI' });

  await seedAction(db, c1, oct(2), 'sms', 'sms');
  await seedAction(db, c1, oct(5), 'sms', 'sms');
  await seedAction(db, c1, oct(10), 'call', 'phone');
  await seedAction(db, c2, oct(3), 'sms', 'sms');
  await seedAction(db, c2, oct(20), 'letter', 'letter', 'B');
  await seedAction(db, c3, oct(4), 'call', 'phone');
  await seedAction(db, c3, oct(6), 'letter', 'letter');
  await seedAction(db, c4, oct(8), 'letter', 'letter');
  await seedAction(db, c5, oct(12), 'letter', 'letter');
  await seedAction(db, c5, sep(20), 'sms', 'sms');

  const m1 = await seedMention(db, { publishedAt: oct(7), tactics: ['contact_frequency', 'contact_time'] });
  await seedLink(db, m1, c1, 'suggested');
  const m2 = await seedMention(db, { publishedAt: oct(12), tactics: ['contact_frequency'] });
  await seedLink(db, m2, c1);
  const m3 = await seedMention(db, { publishedAt: oct(9), tactics: ['threat_legal'] });
  await seedLink(db, m3, c3);
  const m4 = await seedMention(db, { publishedAt: oct(25), tactics: [] });
  await seedLink(db, m4, c2, 'suggested');
  const m5 = await seedMention(db, { publishedAt: oct(9), sentiment: 'positive', tactics: ['agent_helpful'] });
  await seedLink(db, m5, c4);
  const m6 = await seedMention(db, { publishedAt: oct(9), relevant: false });
  await seedLink(db, m6, c4);
  await seedMention(db, { publishedAt: oct(9), tactics: ['contact_time'] }); // m7, not linked
  const m8 = await seedMention(db, { publishedAt: sep(25) });
  await seedLink(db, m8, c5);
  const m9 = await seedMention(db, { publishedAt: oct(10), tactics: ['threat_legal', 'credit_record'] });
  await seedLink(db, m9, c3);
  await seedLink(db, m9, c4);
  return { cases: { c1, c2, c3, c4, c5 } };
}

/**
 * "Did it help?" counted by hand (Northwind, step offer_payment_plan): taken on A1 (a complaint 9 days after) and A2
 * (none); proposed and not taken on B1 (2 within 30 days, one 35 days after: not counted), B2, B3 (1 each); taken on
 * A3 on 10 Nov: still inside its 30 days on 20 Nov. Taken: 1 complaint on 2 cases; not taken: 4 on 3.
 */
export async function seedStepEffectExample(db: Db) {
  const seed = async (ref: string, status: 'accepted' | 'dismissed' | 'proposed', at: number, complaintsAt: number[]) => {
    const c = await seedCase(db, { ref, creditor: 'Northwind', segment: 'unable', country: 'LV' });
    const trigger = await seedMention(db, { publishedAt: at - 3_600_000, payerStance: 'willing_unable' });
    await seedLink(db, trigger, c);
    await db.insert(caseSteps).values({
      caseId: c,
      mentionId: trigger,
      step: 'offer_payment_plan',
      reasonCode: 'payment_plan',
      reason: 'Willing but unable',
      status,
      dueAt: at,
      createdAt: at - 60_000,
      ...(status === 'proposed' ? {} : { decidedAt: at, decidedBy: null }),
    });
    for (const t of complaintsAt) await seedLink(db, await seedMention(db, { publishedAt: t }), c);
  };
  await seed('A1', 'accepted', oct(1), [oct(10)]);
  await seed('A2', 'accepted', oct(1), []);
  await seed('B1', 'dismissed', oct(1), [oct(3), oct(20), Date.UTC(2026, 10, 5, 12)]);
  await seed('B2', 'proposed', oct(1), [oct(30)]);
  await seed('B3', 'dismissed', oct(1), [oct(2)]);
  await seed('A3', 'accepted', Date.UTC(2026, 10, 10, 12), []);
}
