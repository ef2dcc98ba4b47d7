import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/runtime/eval.ts';

describe('earshot eval on a directory shaped like the shared data', () => {
  it('reports every section and the headline figures from our own small fixtures', () => {
    const { report, headline } = evaluate(new URL('../../fixtures/eval', import.meta.url).pathname);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['domain', 'sentiment', 'cfpb', 'langid', 'headline']));
    expect(headline['domain.case_refs_exact']).toBe(1);
    expect(headline['domain.tactics_micro_f1']).toBeGreaterThan(0.5);
    expect(headline['sentiment.macro_f1.en-mini']).toBe(1);
    expect(headline['cfpb.tactic_recall']).toBe(1);
    expect(headline['langid.accuracy']).toBe(1); // Nynorsk counts as Norwegian
  });
});
