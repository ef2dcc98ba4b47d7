import { describe, expect, it } from 'vitest';
import { createAnalyser } from '../../../src/core/nlp/analyser.ts';

const analyser = createAnalyser();
const sentiment = (text: string) => analyser.analyse({ text }).sentiment.label;

describe('a tactic asked about is not a complaint', () => {
  it.each([
    ['Is a debt collector allowed to call my employer about my debt?', 'They called my employer about my debt.'],
    ['Kan inkassobolaget ringa min arbetsgivare om skulden?', 'Inkassobolaget ringde min arbetsgivare om skulden.'],
    ['Czy windykator może dzwonić do mojego pracodawcy w sprawie długu?', 'Windykator dzwonił do mojego pracodawcy w sprawie długu.'],
  ])('%s', (question, statement) => {
    expect(sentiment(question)).not.toBe('negative');
    expect(sentiment(statement)).toBe('negative');
  });

  it('indignant "??" stays a complaint', () => {
    expect(sentiment('So they can just call my employer about my debt??')).toBe('negative');
    expect(sentiment('So they can just call my employer about my debt?')).not.toBe('negative');
  });
});
