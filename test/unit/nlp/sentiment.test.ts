import { describe, expect, it } from 'vitest';
import { createAnalyser } from '../../../src/core/nlp/analyser.ts';
import type { Language } from '../../../db/schema/constants.ts';

const analyser = createAnalyser();
// Sentiment is only reported for mentions about collection, so each sentence names the collector's trade.
const sentiment = (text: string, lang: Language) => analyser.analyse({ text, languageHint: lang }).sentiment;

describe('sentiment sign on clear cases', () => {
  it.each<[Language, string, 'positive' | 'negative']>([
    ['en', 'The debt collector was terrible and rude, an awful experience.', 'negative'],
    ['en', 'The collections agent was lovely and very helpful, great service.', 'positive'],
    ['sv', 'Inkassobolaget har ett fruktansvärt bemötande, de är värdelösa.', 'negative'],
    ['sv', 'Mycket bra och smidig hjälp med min skuld, tack!', 'positive'],
    ['fi', 'Perintätoimiston palvelu oli todella huono ja tyly.', 'negative'],
    ['fi', 'Loistava ja nopea palvelu velka-asiassa, kiitos!', 'positive'],
    ['nb', 'Inkassoselskapet ga meg en helt forferdelig opplevelse.', 'negative'],
    ['nb', 'Veldig hyggelig og hjelpsom saksbehandler hos inkassoselskapet.', 'positive'],
    ['da', 'Elendig og frygtelig behandling fra inkassofirmaet.', 'negative'],
    ['da', 'Super god og venlig hjælp med min gæld.', 'positive'],
    ['lv', 'Briesmīga attieksme no parādu piedzinējiem, ļoti slikti.', 'negative'],
    ['lv', 'Piedzinēji bija ļoti laipni un atsaucīgi, paldies!', 'positive'],
    ['lt', 'Siaubingas skolų išieškotojų aptarnavimas, labai blogai.', 'negative'],
    ['lt', 'Puikus ir greitas aptarnavimas dėl skolos, ačiū!', 'positive'],
    ['et', 'Kohutav suhtumine, inkasso on väga halb.', 'negative'],
    ['et', 'Väga hea ja kiire teenindus võla asjus, aitäh!', 'positive'],
    ['ru', 'Ужасное отношение коллекторов, просто кошмар.', 'negative'],
    ['ru', 'Коллектор был очень вежлив и быстро всё решил, спасибо!', 'positive'],
    ['pl', 'Okropna obsługa w firmie windykacyjnej, bardzo źle.', 'negative'],
    ['pl', 'Bardzo miła i pomocna pani z windykacji, dziękuję!', 'positive'],
  ])('%s: %s → %s', (lang, text, label) => {
    const s = sentiment(text, lang);
    expect(s.label).toBe(label);
    expect(s.score).toBeGreaterThanOrEqual(-1);
    expect(s.score).toBeLessThanOrEqual(1);
  });
});

describe('negation', () => {
  it.each<[Language, string]>([
    ['en', 'The debt collector was not helpful at all.'],
    ['sv', 'Inkassobolaget var inte hjälpsamma alls.'],
    ['fi', 'Perintätoimisto ei ollut yhtään avulias.'],
    ['ru', 'Коллекторы совсем не помогли.'],
    ['pl', 'Windykator wcale nie był pomocny.'],
  ])('negated praise is negative (%s): %s', (lang, text) => {
    expect(sentiment(text, lang).label).toBe('negative');
  });

  it.each<[Language, string]>([
    ['lv', 'Parādu piedzinējs? Nav slikti, viss notika ātri.'],
    ['nb', 'Inkassoselskapet? Ikke dårlig i det hele tatt.'],
    ['da', 'Inkassofirmaet var ikke dårligt.'],
    ['en', 'The debt collector was not bad at all.'],
    ['et', 'Inkasso töötaja polnud halb.'],
  ])('negated criticism is not negative (%s): %s', (lang, text) => {
    expect(sentiment(text, lang).label).not.toBe('negative');
  });

  it('reads a Baltic negated verb (ne- prefix) as negated', () => {
    expect(sentiment('Piedzinēji man nepalīdzēja ar parādu.', 'lv').label).toBe('negative');
  });
});

describe('intensifiers, contrast, emoji', () => {
  it('an intensifier makes the same word count more', () => {
    const plain = sentiment('The debt collector was rude.', 'en').score;
    const strong = sentiment('The debt collector was extremely rude.', 'en').score;
    expect(strong).toBeLessThan(plain);
  });

  it('the clause after "but" weighs more', () => {
    expect(sentiment('The collector was polite, but the fees are outrageous and unfair.', 'en').label).toBe('negative');
    expect(sentiment('The debt letter was confusing but the agent was great and very helpful.', 'en').label).toBe('positive');
  });

  it('counts emoji and emoticons', () => {
    expect(sentiment('letter from the debt collector again 😡😡', 'en').label).toBe('negative');
    expect(sentiment('debt collector sorted my plan :)', 'en').label).toBe('positive');
  });
});

describe('sarcasm', () => {
  it('thanks for yet another call is not praise', () => {
    const out = analyser.analyse({ text: 'Thanks for the 5th call from the debt collector today, really helpful 🙃' });
    expect(out.sentiment.label).toBe('negative');
    expect(out.tactics).not.toContain('agent_helpful');
    expect(out.evidence.some((e) => e.field === 'sentiment' && /irony|sarcasm/.test(e.rule))).toBe(true);
  });

  it.each([
    'Oh great, another letter about a debt I never had.',
    'Love how the collectors ring me at 6am on a Sunday.',
  ])('%s', (text) => {
    expect(analyser.analyse({ text }).sentiment.label).toBe('negative');
  });

  it('sincere thanks stays positive', () => {
    expect(analyser.analyse({ text: 'Thanks to the collections team, they were patient and set up a plan that works.' }).sentiment.label).toBe('positive');
  });
});
