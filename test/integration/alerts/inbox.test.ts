import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countAlerts, latestAlertOfGroup, latestMentionOfAlerts, listAlerts, openAlert } from '../../../db/queries/alerts.ts';
import type { Db } from '../../../db/client.ts';
import { seedMention } from '../../helpers/cases-fixture.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

// The inbox's risk order and what its cards show, on alerts raised the way evaluation raises them.

const HOUR = 3_600_000;

async function anAlert(db: Db, name: string, o: { severity?: 'high' | 'medium'; at: number; mentions: number[] }) {
  await openAlert(db, {
    ruleId: null,
    ruleKind: 'negative_share',
    groupKey: `inbox|${name}`,
    severity: o.severity ?? 'high',
    title: name,
    reasons: ['because'],
    evidence: null,
    brand: null,
    market: 'en',
    sourceKind: null,
    caseId: null,
    mentions: o.mentions.map((id) => ({ id, reason: 'negative' })),
    at: o.at,
  });
  return (await latestAlertOfGroup(db, `inbox|${name}`))!.id;
}

async function aMention(db: Db, o: { at: number; escalation?: string[]; vulnerability?: string[]; reach?: number; engagement?: number }) {
  const id = await seedMention(db, { publishedAt: o.at });
  await db.run(
    sql`UPDATE mention_analysis SET escalation = ${JSON.stringify(o.escalation ?? [])}, vulnerability = ${JSON.stringify(o.vulnerability ?? [])} WHERE mention_id = ${id}`,
  );
  await db.run(sql`UPDATE mentions SET author_reach = ${o.reach ?? null}, engagement = ${o.engagement ?? null} WHERE id = ${id}`);
  return id;
}

describe('the alert inbox', () => {
  it('orders by risk: status, severity, escalation, vulnerability, reach, then the newest', async () => {
    const { deps } = await makeTestDeps();
    const db = deps.db;
    const newest = await anAlert(db, 'newest, nothing else', { at: T0, mentions: [await aMention(db, { at: T0 })] });
    const wide = await anAlert(db, 'wide reach', { at: T0 - 5 * HOUR, mentions: [await aMention(db, { at: T0 - 5 * HOUR, reach: 120_000 })] });
    const vulnerable = await anAlert(db, 'vulnerable', { at: T0 - 4 * HOUR, mentions: [await aMention(db, { at: T0 - 4 * HOUR, vulnerability: ['health'], reach: 10 })] });
    const regulator = await anAlert(db, 'regulator', { at: T0 - 3 * HOUR, mentions: [await aMention(db, { at: T0 - 3 * HOUR, escalation: ['regulator'] })] });
    const medium = await anAlert(db, 'medium but everything', {
      severity: 'medium',
      at: T0,
      mentions: [await aMention(db, { at: T0, escalation: ['media'], vulnerability: ['health'], reach: 1_000_000 })],
    });
    const acknowledged = await anAlert(db, 'acknowledged', { at: T0, mentions: [await aMention(db, { at: T0, escalation: ['regulator'] })] });
    await db.run(sql`UPDATE alerts SET status = 'acknowledged' WHERE id = ${acknowledged}`);

    const order = (await listAlerts(db, { limit: 50 })).map((r) => r.alert.id);
    expect(order).toEqual([regulator, vulnerable, wide, newest, medium, acknowledged]);
    // Paged: the same order, a page at a time, and the total.
    expect((await listAlerts(db, { limit: 2, offset: 2 })).map((r) => r.alert.id)).toEqual([wide, newest]);
    expect(await countAlerts(db, {})).toBe(6);
    expect(await countAlerts(db, { status: ['open'], severity: ['high'] })).toBe(4);
  });

  it("shows each alert's latest mention with its source, reach and engagement", async () => {
    const { deps } = await makeTestDeps();
    const db = deps.db;
    const older = await aMention(db, { at: T0 - 2 * HOUR, reach: 5 });
    const later = await aMention(db, { at: T0 - HOUR, reach: 4_200, engagement: 37 });
    const id = await anAlert(db, 'two mentions', { at: T0, mentions: [older, later] });
    const latest = await latestMentionOfAlerts(db, [id]);
    expect(latest.get(id)).toMatchObject({ published_at: T0 - HOUR, author_reach: 4_200, engagement: 37, source_name: 'cases-fixture', source_kind: 'push' });
    expect(latest.get(id)!.text).toContain('Lumera');
    expect(await latestMentionOfAlerts(db, [])).toEqual(new Map());
  });
});
