import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS, ESCALATIONS, LANGUAGES, PAYER_STANCES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../db/schema/constants.ts';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

const ws = tempWorkspace({ LOG_LEVEL: 'warn' });
afterAll(() => ws.remove());

describe('the earshot command', () => {
  it('--help lists the commands', async () => {
    const r = await earshot(['--help'], ws.env);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'poll', 'analyze', 'user', 'run', 'bench', 'train', 'eval', 'export']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it('analyze reads JSON Lines and writes every taxonomy field; bad lines are reported without their content', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Lumera called me 9 times today and threatened court, case 40512377. Terrible.' }),
      'SECRET-NOT-JSON',
      JSON.stringify({ id: 'b' }),
      JSON.stringify({ id: 7, text: 'Коллекторы звонят каждый день' }),
    ].join('\n');
    const r = await earshot(['analyze'], ws.env, input);
    expect(r.code).toBe(1); // some lines were bad
    expect(r.stderr).toContain('line 2: skipped, not valid JSON');
    expect(r.stderr).toContain('line 3: skipped, "text" must be a string');
    expect(r.stderr).not.toContain('SECRET');
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 7]);
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['case_refs', 'channel', 'confidence', 'escalation', 'evidence', 'id', 'language', 'payer_stance', 'relevant', 'sentiment', 'tactics', 'vulnerability'].sort());
      // Every label given comes with its calibrated probability.
      for (const t of o.tactics) expect(o.confidence).toContainEqual(expect.objectContaining({ field: 'tactics', label: t, probability: expect.any(Number) }));
      expect(LANGUAGES).toContain(o.language);
      expect(SENTIMENT_LABELS).toContain(o.sentiment.label);
      expect(PAYER_STANCES).toContain(o.payer_stance);
      for (const t of o.tactics) expect(TACTICS).toContain(t);
      for (const c of o.channel) expect(CHANNELS).toContain(c);
      for (const v of o.vulnerability) expect(VULNERABILITIES).toContain(v);
      for (const e of o.escalation) expect(ESCALATIONS).toContain(e);
    }
    expect(out[0]).toMatchObject({ language: 'en', relevant: true, sentiment: { label: 'negative' }, case_refs: ['40512377'] });
    expect(out[0].tactics).toEqual(expect.arrayContaining(['contact_frequency', 'threat_legal']));
    expect(out[1].language).toBe('ru');
  });

  it('analyze takes texts as arguments too', async () => {
    const r = await earshot(['analyze', 'The agent was kind and agreed a payment plan.'], ws.env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 1, sentiment: { label: 'positive' }, tactics: expect.arrayContaining(['payment_plan']) });
  });

  it('migrate, user create/token/list, and clear errors for bad input', async () => {
    expect((await earshot(['migrate'], ws.env)).stdout).toMatch(/database migrated \(\d+ migrations applied\)/);
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'overlord'], ws.env)).stderr).toContain('--role must be one of');
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer', '--password-stdin'], ws.env, 'short')).stderr).toContain('at least 10');
    expect((await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer'], ws.env)).code).toBe(0);
    const dup = await earshot(['user', 'create', '--email', 'x@y.z', '--role', 'viewer'], ws.env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const token = (await earshot(['user', 'token', '--email', 'x@y.z'], ws.env)).stdout.trim();
    expect(token).toMatch(/^esk_[\w-]{40,}$/);
    expect((await earshot(['user', 'list'], ws.env)).stdout).toContain('x@y.z\tviewer');
    const unknown = await earshot(['frobnicate'], ws.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  }, 60_000); // a dozen commands, each a fresh process

  it('a bad environment stops with every problem named', async () => {
    const r = await earshot(['migrate'], { ...ws.env, PORT: 'eighty', EARSHOT_ADMIN_TOKEN: 'short' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('EARSHOT_ADMIN_TOKEN');
  });
});
