import { describe, expect, it } from 'vitest';
import { createAnalyser } from '../../../src/core/nlp/analyser.ts';
import type { Language } from '../../../db/schema/constants.ts';

const analyser = createAnalyser();
const analyse = (text: string, lang: Language) => analyser.analyse({ text, languageHint: lang });
const sentimentRules = (text: string, lang: Language) =>
  analyse(text, lang).evidence.filter((e) => e.field === 'sentiment').map((e) => e.rule);

describe('reporting register: other people’s complaints are not the author’s stance', () => {
  it.each<[Language, string]>([
    ['pl', 'UOKiK otrzymał w tym roku 350 skarg na firmy windykacyjne. Konsumenci najczęściej narzekają na uporczywe telefony i zawyżone opłaty.'],
    ['da', 'Forbrugerombudsmanden modtog sidste år over 150 klager over inkassobureauer. Forbrugerne klager oftest over høje gebyrer og mange opkald.'],
    ['nb', 'Forbrukertilsynet mottok i fjor 90 klager på inkassoselskaper. Forbrukerne klager oftest på høye gebyrer og hyppige oppringninger.'],
    ['fi', 'Kuluttajaviranomainen sai viime vuonna 120 valitusta perintäyhtiöistä. Kuluttajat valittavat useimmiten korkeista perintäkuluista ja jatkuvista soitoista.'],
    ['lv', 'Patērētāju tiesību aizsardzības centrs šogad saņēmis 80 sūdzības par parādu piedzinējiem. Iedzīvotāji visbiežāk sūdzas par pārmērīgām izmaksām un zvaniem naktī.'],
    ['lt', 'Vartotojų teisių apsaugos tarnyba pernai gavo 75 skundus dėl skolų išieškotojų. Dažniausiai skundžiamasi per didelėmis išieškojimo išlaidomis ir dažnais skambučiais.'],
    ['et', 'Tarbijakaitseamet sai tänavu 40 kaebust inkassofirmade kohta. Kõige sagedamini kurdeti liigsete kulude ja öiste kõnede üle.'],
    ['ru', 'В этом году Банк России получил 500 жалоб на коллекторов. Чаще всего заемщики жалуются на звонки родственникам и завышенные проценты.'],
  ])('%s: a news item listing complaints is neutral', (lang, text) => {
    const out = analyse(text, lang);
    expect(out.relevant).toBe(true);
    expect(out.sentiment.label).toBe('neutral');
  });

  it('the author’s own complaint is not a report (first-person "received")', () => {
    const text = 'Otrzymałem już 5 wezwań do zapłaty, dzwonią codziennie o 7 rano. Złożyłem skargę do UOKiK.';
    expect(analyse(text, 'pl').sentiment.label).toBe('negative');
    expect(sentimentRules(text, 'pl').some((r) => r.includes('reported'))).toBe(false);
  });

  it('the author’s own credit report is not the reporting register', () => {
    const text = 'Według raportu BIK mam zaległość wobec Vestry, a dług spłaciłem w całości dwa lata temu. Skarga idzie do UOKiK.';
    expect(analyse(text, 'pl').sentiment.label).toBe('negative');
  });

  it('an explicit judgement of the author still counts in a report', () => {
    const text = 'Rzecznik Finansowy otrzymał 200 skarg na windykatorów. To jest skandal i kompletna żenada!';
    expect(analyse(text, 'pl').sentiment.label).toBe('negative');
  });
});

describe('phrases: idioms score as a unit', () => {
  it.each<[Language, string, 'positive' | 'negative']>([
    ['da', 'Kunne ordne min gæld online hos inkassobureauet og slap for at ringe.', 'positive'],
    ['da', 'Inkassobureauets kundeservice er under al kritik.', 'negative'],
    ['nb', 'Fikk nedbetalingsplan for gjelden på nett og slapp å ringe inkassoselskapet.', 'positive'],
    ['pl', 'Teraz muszę udowadniać firmie windykacyjnej, że nie jestem wielbłądem.', 'negative'],
    ['pl', 'Windykator poszedł mi na rękę i rozłożył dług na raty.', 'positive'],
    ['pl', 'Spłata długu przebiegła bez problemów.', 'positive'],
    ['lv', 'Man jāpierāda parādu piedzinējam, ka neesmu kamielis.', 'negative'],
    ['lt', 'Skolų išieškotojams turiu įrodinėti, kad nesu kupranugaris.', 'negative'],
    ['ru', 'Приходится доказывать коллекторам, что я не верблюд.', 'negative'],
    ['ru', 'Коллекторы пошли навстречу и разбили долг на части.', 'positive'],
    ['fi', 'Perintätoimisto teki juuri mitä lupasi, velka on nyt maksettu.', 'positive'],
    ['et', 'Inkassofirma tegi kõik, mida lubas, ja võlg on makstud.', 'positive'],
  ])('%s: %s → %s', (lang, text, label) => {
    expect(analyse(text, lang).sentiment.label).toBe(label);
    expect(sentimentRules(text, lang).some((r) => r.startsWith(`${lang}:phrase`))).toBe(true);
  });

  it('a phrase that spells its own negation is not flipped by it', () => {
    const rules = sentimentRules('Muszę udowadniać windykatorom, że nie jestem wielbłądem.', 'pl');
    expect(rules).toContain('pl:phrase');
  });

  it('a negator before a phrase flips it', () => {
    const out = analyse('Inkassobureauet gjorde ikke hvad de lovede med min gæld.', 'da');
    expect(out.sentiment.label).toBe('negative');
  });
});

describe('indignant questions', () => {
  it('praise in a "??" question about a complaint is irony', () => {
    const out = analyse('They added £90 in collection fees to a £40 bill and that is fair??', 'en');
    expect(out.sentiment.label).toBe('negative');
    expect(out.evidence.some((e) => e.field === 'sentiment' && e.rule.endsWith(':irony'))).toBe(true);
  });

  it('"?!" without a complaint is left alone', () => {
    expect(sentimentRules('How can a debt collector be this kind and helpful?!', 'en').some((r) => r.endsWith(':irony'))).toBe(false);
  });
});

describe('advice-seeking questions', () => {
  it.each<[Language, string]>([
    ['pl', 'Dostałam pierwsze wezwanie, z opłatą windykacyjną dług urósł do 300 zł. Co się stanie, jeśli nie zapłacę od razu?'],
    ['nb', 'Fikk inkassovarsel i dag, med gebyr er regningen nå 600 kr. Hva skjer hvis jeg ikke betaler alt nå?'],
    ['da', 'Har fået mit første inkassobrev, gebyrer har gjort regningen dobbelt så stor. Hvad sker der hvis jeg først betaler næste måned?'],
  ])('%s: a question post about fees is neutral', (lang, text) => {
    expect(analyse(text, lang).sentiment.label).toBe('neutral');
  });
});

describe('names', () => {
  it('praise words inside a capitalised company name are not praise', () => {
    const out = analyse('Dług sprzedała firma Szybka Gotówka, nie Vestra. Czekam na pismo od windykatora.', 'pl');
    expect(out.evidence.some((e) => e.field === 'sentiment' && e.match === 'Szybka')).toBe(false);
  });

  it('a sentence in Title Case keeps its words', () => {
    const out = analyse('Debt collector update: Great Service From The Collections Team Today', 'en');
    expect(out.sentiment.label).toBe('positive');
  });
});

describe('relevance: a pet named like the brand', () => {
  it.each<[Language, string]>([
    ['en', 'My dog Vestra just "collected" half my sandwich 🐶 true debt collector'],
    ['pl', 'Nasz kot Vestra codziennie rano „windykuje” śniadanie 😹 windykator doskonały'],
    ['lv', 'Mans suns Vestra šodien “piedzina” pusi no manas maizītes 🐶 īsts piedzinējs'],
    ['ru', 'Наш кот Вестра каждое утро взыскивает с меня завтрак 😹 настоящий коллектор'],
    ['da', 'Vores kat Vestra rykker for morgenmad hver morgen 😹 en ægte inkassator'],
  ])('%s: %s', (lang, text) => {
    const out = analyse(text, lang);
    expect(out.relevant).toBe(false);
    expect(out.sentiment.label).toBe('neutral');
  });

  it('a real complaint that mentions the author’s dog stays relevant', () => {
    const text = 'Windykator z Vestry przyszedł pod dom o 22:00, mój pies szczekał, a sąsiedzi słyszeli o moim długu.';
    expect(analyse(text, 'pl').relevant).toBe(true);
  });
});
