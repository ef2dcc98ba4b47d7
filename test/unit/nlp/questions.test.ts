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

describe('a complaint before "but" weighs half, like opinion words', () => {
  it('halves the tactic prior before the contrast word', () => {
    const prior = (text: string) =>
      analyser.analyse({ text }).evidence.find((e) => e.rule === 'sentiment:prior:contact_frequency')?.weight;
    expect(prior('Far too many calls from Lumera, but in the end they moved my payment date.')).toBe(-0.375);
    expect(prior('Far too many calls from Lumera and in the end they moved my payment date.')).toBe(-0.75);
    expect(sentiment('Far too many calls from Lumera, but in the end they moved my payment date. So-so.')).toBe('neutral');
  });
});
