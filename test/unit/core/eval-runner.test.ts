import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/cli/eval.ts';

const FIXTURES = new URL('../../fixtures/eval', import.meta.url).pathname;

describe('earshot eval on a directory shaped like the shared data', () => {
  it('reports every section and the headline figures from our own small fixtures', () => {
    const { report, headline } = evaluate(FIXTURES);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['domain', 'sentiment', 'cfpb', 'langid', 'headline', 'cross_validation']));
    // The exact rules: case references and language id.
    expect(headline['domain.case_refs_exact']).toBe(1);
    expect(headline['langid.accuracy']).toBe(1); // Nynorsk counts as Norwegian
    for (const [k, v] of Object.entries(headline)) {
      expect(v, k).toBeGreaterThanOrEqual(0);
      expect(v, k).toBeLessThanOrEqual(1);
    }
    expect(headline['sentiment.macro_f1.en-mini']).toBeDefined();
    expect(headline['cfpb.tactic_recall']).toBeDefined();
    // The shipped model's cross-validation sits next to the dev figures.
    expect(headline['cv.domain.tactics_micro_f1']).toBeGreaterThan(0);
    expect(Object.keys(headline).filter((k) => k.startsWith('cv.domain.sentiment_macro_f1.')).length).toBe(10);
  });

  it('marks the corpora the model learned from, whose dev figures are a fit and not a measurement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-eval-'));
    mkdirSync(join(dir, 'sentiment'));
    const row = JSON.stringify({ id: '1', lang: 'da', text: 'Tak for hjælpen!', label: 'positive' }) + '\n';
    writeFileSync(join(dir, 'sentiment', 'da-lcc.dev.jsonl'), row); // learned from (CC BY)
    writeFileSync(join(dir, 'sentiment', 'da-other.dev.jsonl'), row); // not
    const sentiment = evaluate(dir).report.sentiment as Record<string, { trained_on: boolean }>;
    expect(sentiment['da-lcc']!.trained_on).toBe(true);
    expect(sentiment['da-other']!.trained_on).toBe(false);
  });

  it('works without a cross-validation report', () => {
    const { report } = evaluate(FIXTURES, join(mkdtempSync(join(tmpdir(), 'earshot-eval-')), 'none.json'));
    expect(report.cross_validation).toBeUndefined();
  });

  it('scores what it reads: a perfect answer key for one text gives 1, a wrong one 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-eval-'));
    mkdirSync(join(dir, 'langid'));
    writeFileSync(join(dir, 'langid', 'a.jsonl'), JSON.stringify({ id: '1', lang: 'ru', text: 'Коллекторы звонят каждый день и угрожают.' }) + '\n');
    expect(evaluate(dir).headline['langid.accuracy']).toBe(1);
    writeFileSync(join(dir, 'langid', 'a.jsonl'), JSON.stringify({ id: '1', lang: 'pl', text: 'Коллекторы звонят каждый день и угрожают.' }) + '\n');
    expect(evaluate(dir).headline['langid.accuracy']).toBe(0);
  });
});
