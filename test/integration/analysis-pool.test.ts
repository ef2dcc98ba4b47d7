// The analysis threads answer exactly what analysis in place would, in the order given, while the serving thread goes
// on; a pool whose threads cannot start analyses in place and says so once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSourceId, pushMentions } from '../../src/core/ingest/push-mentions.ts';
import demoMentions from '../../src/demo/mentions.json' with { type: 'json' };
import { analyseInPlace, type AnalysisInput } from '../../src/core/ingest/analyse-mentions.ts';
import { createAnalyser } from '../../src/core/nlp/analyser.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { analysisPool } from '../../src/runtime/analysis-pool.ts';
import { makeTestDeps } from '../helpers/test-deps.ts';

const analyser = createAnalyser();
// Every language of the demo, more than one thread's share, with a title, without one, and with a language hint.
const inputs: AnalysisInput[] = demoMentions.flatMap((m, i) => [
  { title: m.title, text: m.text, languageHint: null },
  { title: null, text: `${m.text} (${i})`, languageHint: m.lang },
]);

describe('analysisPool', () => {
  let pool: ReturnType<typeof analysisPool>;
  beforeAll(async () => {
    pool = analysisPool(analyser, silentLogger, 2);
    await pool.ready();
  }, 30_000);
  afterAll(async () => {
    await pool.close();
  });

  it('answers as analysis in place does, in order, split across its threads', async () => {
    expect(inputs.length).toBeGreaterThan(64);
    const there = await pool.analyseBatch(inputs);
    expect(there).toEqual(await analyseInPlace(analyser)(inputs));
    // The cited references come back too (the demo's forum post cites case 40512377).
    expect(there.some((a) => a.refs.some((r) => r.digits === '40512377'))).toBe(true);
  });

  it('leaves the serving thread free while it analyses', async () => {
    const many = Array.from({ length: 4 }, () => inputs).flat();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const inPlace = analyseInPlace(analyser)(many);
    await inPlace;
    const ticksInPlace = ticks;
    ticks = 0;
    await pool.analyseBatch(many);
    clearInterval(timer);
    expect(ticksInPlace).toBeLessThanOrEqual(1);
    expect(ticks).toBeGreaterThan(5);
  });

  it('stores what analysis in place stores', async () => {
    const stored = async (threads: boolean) => {
      const { deps } = await makeTestDeps();
      if (threads) deps.analyseBatch = pool.analyseBatch;
      const source = await apiSourceId(deps);
      await pushMentions(
        deps,
        source,
        demoMentions.map((m) => ({ external_id: m.id, title: m.title, text: m.text })),
      );
      return deps.db.all(sql`SELECT m.external_key, m.content_hash = a.content_hash AS same_hash, a.analyser_version, a.language, a.is_relevant,
        a.sentiment_label, a.sentiment_score, a.tactics, a.channels, a.vulnerability, a.payer_stance, a.escalation, a.case_refs, a.evidence,
        a.confidence, (SELECT json_group_array(digits || '=' || written) FROM mention_case_refs r WHERE r.mention_id = m.id) AS refs
        FROM mentions m JOIN mention_analysis a ON a.mention_id = m.id ORDER BY m.external_key`);
    };
    const viaThreads = await stored(true);
    expect(viaThreads).toHaveLength(demoMentions.length);
    expect(viaThreads).toEqual(await stored(false));
    expect(viaThreads.every((r) => (r as { same_hash: number }).same_hash === 1 && (r as { analyser_version: string }).analyser_version === analyser.version)).toBe(true);
  });

  it('takes several batches at once and a batch of one', async () => {
    const [a, b, c] = await Promise.all([pool.analyseBatch(inputs.slice(0, 40)), pool.analyseBatch(inputs.slice(40)), pool.analyseBatch([inputs[3]!])]);
    expect([...a, ...b]).toEqual(await analyseInPlace(analyser)(inputs));
    expect(c).toEqual(await analyseInPlace(analyser)([inputs[3]!]));
    expect(await pool.analyseBatch([])).toEqual([]);
  });
});

describe('analysisPool whose threads cannot start', () => {
  it('analyses on the serving thread, and says so once', async () => {
    const errors: string[] = [];
    const log = { ...silentLogger, error: (msg: string) => void errors.push(msg) };
    const pool = analysisPool(analyser, log, 2, new URL('./no-such-analysis-worker.mjs', import.meta.url));
    try {
      const batches = await Promise.all([pool.analyseBatch(inputs), pool.analyseBatch(inputs.slice(0, 3))]);
      expect(batches[0]).toEqual(await analyseInPlace(analyser)(inputs));
      await pool.ready();
      expect(await pool.analyseBatch(inputs.slice(0, 3))).toEqual(batches[1]);
      expect(errors).toEqual(['analysis threads could not start; their work runs on the serving thread']);
    } finally {
      await pool.close();
    }
  });
});
