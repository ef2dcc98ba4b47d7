import { describe, expect, it } from 'vitest';
import { detectLanguage, normalizeHint } from '../../../src/core/nlp/language.ts';

describe('detectLanguage', () => {
  it.each([
    ['en', 'The collector keeps calling me at work and the fees make no sense at all.'],
    ['sv', 'Inkassobolaget ringer mig varje dag och jag förstår inte varför avgifterna är så höga.'],
    ['fi', 'Perintätoimisto soittaa minulle joka päivä enkä ymmärrä miksi kulut ovat näin suuret.'],
    ['nb', 'Inkassoselskapet ringer meg hver dag, og jeg skjønner ikke hvorfor gebyrene er så høye.'],
    ['da', 'Inkassofirmaet ringer til mig hver dag, og jeg forstår ikke hvorfor gebyrerne er så høje.'],
    ['lv', 'Parādu piedzinēji zvana man katru dienu, un es nesaprotu, kāpēc izdevumi ir tik lieli.'],
    ['lv', 'paradu piedzineji zvana man katru dienu un es nesaprotu kapec izdevumi ir tik lieli'],
    ['lt', 'Skolų išieškotojai skambina man kiekvieną dieną, ir aš nesuprantu, kodėl išlaidos tokios didelės.'],
    ['et', 'Inkassofirma helistab mulle iga päev ja ma ei saa aru, miks kulud nii suured on.'],
    ['ru', 'Коллекторы звонят мне каждый день, и я не понимаю, почему расходы такие большие.'],
    ['pl', 'Firma windykacyjna dzwoni do mnie codziennie i nie rozumiem, dlaczego koszty są tak wysokie.'],
  ])('%s: %s', (language, text) => {
    const result = detectLanguage(text);
    expect(result.language).toBe(language);
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.evidence[0]).toMatchObject({ field: 'language', label: language });
  });

  it('reads Latin-script Russian as Russian', () => {
    expect(detectLanguage('kollektory zvonyat kazhdyj den, uzhe nichego ne ponimayu').language).toBe('ru');
  });

  it('keeps the language of the text when a Russian aside is quoted', () => {
    expect(detectLanguage('Vakar atkal zvanīja no inkaso, vienojāmies par grafiku. Ну ладно.').language).toBe('lv');
  });

  it('falls back to a supported hint for short or unsure text', () => {
    expect(detectLanguage('ok', 'da').language).toBe('da');
    expect(detectLanguage('👍', 'nn-NO').language).toBe('nb');
  });

  it('falls back to English without a usable hint', () => {
    expect(detectLanguage('ok').language).toBe('en');
    expect(detectLanguage('ok', 'de').language).toBe('en');
    expect(detectLanguage('').language).toBe('en');
  });

  it('normalises hints', () => {
    expect(normalizeHint('nb-NO')).toBe('nb');
    expect(normalizeHint('nn')).toBe('nb');
    expect(normalizeHint('sv_SE')).toBe('sv');
    expect(normalizeHint('de')).toBeNull();
    expect(normalizeHint(null)).toBeNull();
  });
});
