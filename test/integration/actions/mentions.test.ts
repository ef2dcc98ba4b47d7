// The mention actions on their own, as the API and the dashboard call them: correcting a mention's labels,
// removing the correction, and raising an alert from it by hand. Permission, the one schema, the change and its one
// audit entry (labels and ids, never the mention's text).
import { beforeEach, describe, expect, it } from 'vitest';
import { getAlert } from '../../../db/queries/alerts.ts';
import { getCorrection } from '../../../db/queries/corrections.ts';
import { getMention } from '../../../db/queries/mentions.ts';
import { insertSource } from '../../../db/queries/sources.ts';
import { mentions } from '../../../db/schema/index.ts';
import type { Actor } from '../../../src/actions/actor.ts';
import { raiseAlertFromMention } from '../../../src/actions/alerts/raise.ts';
import { correctLabels } from '../../../src/actions/mentions/correct.ts';
import { resetCorrection } from '../../../src/actions/mentions/reset.ts';
import type { Deps } from '../../../src/core/deps.ts';
import { storeMentions } from '../../../src/core/ingest/store-mentions.ts';
import { actors, auditTrail as auditTrailOf, refusal } from '../../helpers/actions.ts';
import { makeTestDeps, T0 } from '../../helpers/test-deps.ts';

let comms: Actor;
let viewer: Actor;
let mentionId: number;

const TEXT = 'Lumera sent me a letter about the invoice. I paid it in full last week and asked them to confirm.';

describe('mention actions', () => {
  let deps: Deps;
  const auditTrail = () => auditTrailOf(deps);
  beforeEach(async () => {
    deps = (await makeTestDeps()).deps;
    ({ comms, viewer } = await actors(deps));
    const source = await insertSource(deps.db, { name: 'Forum', kind: 'push', brand: 'Lumera' });
    await storeMentions(deps, source.id, [{ externalKey: 'c1', url: null, author: 'Kim V', title: null, text: TEXT, publishedAt: T0, languageHint: 'en' }]);
    mentionId = (await deps.db.select().from(mentions))[0]!.id;
  });

  it('corrects labels, audited once with each changed label from and to, never the text', async () => {
    const before = (await getMention(deps.db, mentionId))!;
    const sentiment = before.sentimentLabel === 'negative' ? 'positive' : 'negative';
    const after = await correctLabels(deps, comms, mentionId, { sentiment, tactics: ['debt_not_owed', 'reachability'] });
    expect(after).toMatchObject({ sentimentLabel: sentiment, tactics: ['debt_not_owed', 'reachability'] });
    expect(await getCorrection(deps.db, mentionId)).toMatchObject({ sentiment, correctedBy: comms.id });
    expect(await auditTrail()).toEqual([
      [
        'mention.correct',
        comms.id,
        `mention:${mentionId}`,
        { changed: { sentiment: { from: before.sentimentLabel, to: sentiment }, tactics: { from: before.tactics ?? [], to: ['debt_not_owed', 'reachability'] } } },
      ],
    ]);
    expect(JSON.stringify(await auditTrail())).not.toContain('invoice');
  });

  it('refuses viewers, and holds a correction to the schema', async () => {
    expect(await refusal(correctLabels(deps, viewer, mentionId, { sentiment: 'negative' }))).toEqual({
      code: 'FORBIDDEN',
      message: 'The viewer role may not do this (needs mentions:correct)',
    });
    expect((await refusal(resetCorrection(deps, viewer, mentionId))).code).toBe('FORBIDDEN');
    expect(await refusal(correctLabels(deps, comms, mentionId, {}))).toEqual({
      code: 'BAD_REQUEST',
      message: 'body: give at least one of relevant, sentiment, tactics, vulnerability, escalation',
    });
    const repeated = await refusal(correctLabels(deps, comms, mentionId, { tactics: ['fees_amount', 'fees_amount'] }));
    expect(repeated).toEqual({ code: 'BAD_REQUEST', message: 'tactics: each label at most once' });
    expect((await refusal(correctLabels(deps, comms, mentionId, { language: 'fi' } as never))).code).toBe('BAD_REQUEST');
    expect((await refusal(correctLabels(deps, comms, 99_999, { sentiment: 'neutral' }))).code).toBe('NOT_FOUND');
    expect(await getCorrection(deps.db, mentionId)).toBeNull();
    expect(await auditTrail()).toEqual([]);
  });

  it("resets a correction: the analyser's reading stands again, audited once; there is nothing to reset twice", async () => {
    const before = (await getMention(deps.db, mentionId))!;
    await correctLabels(deps, comms, mentionId, { sentiment: before.sentimentLabel === 'positive' ? 'negative' : 'positive', tactics: ['abusive_conduct'] });
    const after = await resetCorrection(deps, comms, mentionId);
    expect(after).toMatchObject({ sentimentLabel: before.sentimentLabel, tactics: before.tactics });
    expect(await getCorrection(deps.db, mentionId)).toBeNull();
    expect(await refusal(resetCorrection(deps, comms, mentionId))).toEqual({ code: 'NOT_FOUND', message: 'correction not found' });
    expect((await auditTrail()).map((e) => e.slice(0, 3))).toEqual([
      ['mention.correct', comms.id, `mention:${mentionId}`],
      ['mention.correction_reset', comms.id, `mention:${mentionId}`],
    ]);
  });

  it('raises an alert from a mention, audited once; one open at a time, and only for roles that act on alerts', async () => {
    expect(await refusal(raiseAlertFromMention(deps, viewer, mentionId, { reason: 'look' }))).toEqual({
      code: 'FORBIDDEN',
      message: 'The viewer role may not do this (needs alerts:write)',
    });
    expect(await refusal(raiseAlertFromMention(deps, comms, mentionId, { reason: '  ' }))).toEqual({ code: 'BAD_REQUEST', message: 'reason: say why, in a few words' });
    expect((await refusal(raiseAlertFromMention(deps, comms, mentionId, { reason: 'x', severity: 'apocalyptic' } as never))).message).toMatch(/^severity: /);
    expect((await refusal(raiseAlertFromMention(deps, comms, 99_999, { reason: 'look' }))).code).toBe('NOT_FOUND');

    const alertId = await raiseAlertFromMention(deps, comms, mentionId, { reason: ' Loud post ' });
    expect(await getAlert(deps.db, alertId)).toMatchObject({ ruleKind: 'manual', severity: 'high', reasons: ['Loud post'], brand: 'Lumera', status: 'open' });
    expect(await refusal(raiseAlertFromMention(deps, comms, mentionId, { reason: 'again', severity: 'critical' }))).toEqual({
      code: 'CONFLICT',
      message: `an alert raised from this mention is already open (#${alertId})`,
    });
    expect(await auditTrail()).toEqual([['alert.raise', comms.id, `alert:${alertId}`, { mention_id: mentionId, severity: 'high' }]]);
  });
});
