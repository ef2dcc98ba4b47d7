import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS, ESCALATIONS, LANGUAGES, PAYER_STANCES, SENTIMENT_LABELS, TACTICS, VULNERABILITIES } from '../../../db/schema/constants.ts';
import { ANALYSER_VERSION, createAnalyser, UNCERTAIN_BELOW } from '../../../src/core/nlp/analyser.ts';
import type { Analysis } from '../../../src/core/nlp/types.ts';

const analyser = createAnalyser();

// Own sentences across the ten languages, used for the structural checks below.
const SAMPLES = [
  'They rang me 6 times today and twice after 10pm, case 40512377. Thanks for nothing 🙃',
  'Inkassobolaget ringer hela tiden och hotar med Kronofogden. Ärende 81234567.',
  'Perintätoimisto soittaa jatkuvasti, en ole saanut yhtään laskua :(',
  'Saksbehandleren var hyggelig og vi fikk en nedbetalingsavtale.',
  'Inkassofirmaet ringede til min arbejdsgiver. Jeg har klaget til Datatilsynet.',
  'piedzinejs zvana katru dienu, lieta Nr. 55512094, ļoti slikti',
  'Skolų išieškotojai grasina antstoliais, bylos Nr. 5512-0977.',
  'Inkasso helistab öösel ja ähvardab kohtutäituriga.',
  'Коллекторы звонят моей маме, дело № 61-448102. Ужас.',
  'Windykator dzwoni codziennie, sprawa nr 4401/22/113. Mam dość!',
  'We are hiring! Join our customer service team in Riga.',
  '',
  '🙂',
];

describe('analyser', () => {
  it('exposes its version', () => {
    expect(analyser.version).toBe(ANALYSER_VERSION);
    expect(ANALYSER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(SAMPLES)('output satisfies the schema enums: %s', (text) => {
    const out: Analysis = analyser.analyse({ text });
    expect(LANGUAGES).toContain(out.language);
    expect(SENTIMENT_LABELS).toContain(out.sentiment.label);
    expect(out.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(out.sentiment.score).toBeLessThanOrEqual(1);
    for (const t of out.tactics) expect(TACTICS).toContain(t);
    for (const c of out.channel) expect(CHANNELS).toContain(c);
    for (const v of out.vulnerability) expect(VULNERABILITIES).toContain(v);
    for (const e of out.escalation) expect(ESCALATIONS).toContain(e);
    expect(PAYER_STANCES).toContain(out.payer_stance);
    expect(typeof out.relevant).toBe('boolean');
    for (const r of out.case_refs) expect(r).toMatch(/^\d{6,12}$/);
    // No duplicate labels.
    expect(new Set(out.tactics).size).toBe(out.tactics.length);
    expect(new Set(out.channel).size).toBe(out.channel.length);
  });

  it.each(SAMPLES)('evidence offsets point at the matched text: %s', (text) => {
    const { evidence } = analyser.analyse({ text });
    for (const e of evidence) {
      if (e.start === undefined) continue;
      expect(text.slice(e.start, e.end)).toBe(e.match);
      expect(Number.isFinite(e.weight)).toBe(true);
      expect(e.rule).not.toBe('');
    }
  });

  it('evidence is ordered by position and has one entry per field+label+span', () => {
    for (const text of SAMPLES) {
      const { evidence } = analyser.analyse({ text });
      const starts = evidence.map((e) => e.start ?? -1);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      const keys = evidence.filter((e) => e.start !== undefined).map((e) => `${e.field}|${e.label}|${e.start}|${e.end}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('every label it gives carries a calibrated probability, and the ones below 0.6 are marked uncertain', () => {
    for (const text of SAMPLES) {
      const out = analyser.analyse({ text });
      const conf = (field: string, label: string) => out.confidence.find((c) => c.field === field && c.label === label);
      expect(conf('relevant', String(out.relevant)), text).toBeDefined();
      expect(conf('sentiment', out.sentiment.label), text).toBeDefined();
      for (const field of ['tactics', 'channel', 'vulnerability', 'escalation'] as const) {
        for (const l of out[field]) expect(conf(field, l), `${text} ${field}:${l}`).toBeDefined();
      }
      for (const c of out.confidence) {
        expect(c.probability).toBeGreaterThanOrEqual(0);
        expect(c.probability).toBeLessThanOrEqual(1);
        expect(c.uncertain).toBe(c.probability < UNCERTAIN_BELOW);
      }
    }
  });

  it('explains labels with phrases from the text, in words rather than rule ids', () => {
    const text = 'The collector phones me five times a day and now they have called my employer. I am reporting them to the ombudsman.';
    const out = analyser.analyse({ text });
    const learned = out.evidence.filter((e) => e.rule === 'model');
    expect(learned.length).toBeGreaterThan(0);
    for (const e of learned) {
      expect(e.match.trim()).not.toBe('');
      expect(text.slice(e.start, e.end)).toBe(e.match);
      expect(e.weight).toBeGreaterThan(0);
    }
    // Each label given is explained by at least one phrase.
    for (const t of out.tactics)
      expect(
        learned.some((e) => e.field === 'tactics' && e.label === t),
        t,
      ).toBe(true);
  });

  it('reads case references from the text', () => {
    expect(analyser.analyse({ text: SAMPLES[9] }).case_refs).toEqual(['440122113']);
    expect(analyser.analyse({ text: SAMPLES[8] }).case_refs).toEqual(['61448102']);
    const out = analyser.analyse({ text: SAMPLES[0] });
    expect(out.evidence.find((e) => e.field === 'case_refs')).toMatchObject({ label: '40512377', match: expect.stringContaining('40512377'), rule: 'case_refs:cue' });
  });

  it('is deterministic', () => {
    for (const text of SAMPLES) expect(analyser.analyse({ text })).toEqual(analyser.analyse({ text }));
  });

  it('gives a mention it finds not relevant no collection labels', () => {
    for (const text of SAMPLES) {
      const out = analyser.analyse({ text });
      if (out.relevant) continue;
      expect(out.tactics).toEqual([]);
      expect(out.channel).toEqual([]);
      expect(out.vulnerability).toEqual([]);
      expect(out.escalation).toEqual([]);
      expect(out.payer_stance).toBe('unknown');
    }
  });

  it('uses the language hint for short text', () => {
    expect(analyser.analyse({ text: 'ok', languageHint: 'fi' }).language).toBe('fi');
  });
});

describe('relevance', () => {
  it.each([
    ['job ad', "We're hiring! Vestra is looking for customer service agents, apply now."],
    ['job ad (sv)', 'Vi söker fler kollegor – Vestra rekryterar utvecklare till kontoret i Göteborg.'],
    ['sponsorship', 'Vestra signs a new sponsorship deal with the city basketball club.'],
    ['quarterly results', 'Vestra Group quarterly results: revenue up 6%, shares rose 2% in early trading.'],
    ['quarterly results (pl)', 'Vestra podała wyniki za drugi kwartał: przychody wzrosły o 4%.'],
    ['no collection content', 'Lovely weather in Tallinn today, the old town looks amazing.'],
  ])('%s is not relevant', (_name, text) => {
    const out = analyser.analyse({ text });
    expect(out.relevant).toBe(false);
    expect(out.tactics).toEqual([]);
    expect(out.evidence.some((e) => e.field === 'relevant' && e.label === 'false')).toBe(true);
  });

  it.each(['The debt collector keeps calling me.', 'Inkassobolaget skickade ett brev om skulden.', 'Коллекторы опять звонили.'])(
    'collection experience is relevant: %s',
    (text) => {
      expect(analyser.analyse({ text }).relevant).toBe(true);
    },
  );
});

describe('sentiment of clear-cut mentions', () => {
  it.each([
    ['negative', 'The debt collector shouted at me on the phone and threatened me with bailiffs. Disgusting company.'],
    ['negative', 'Inkassobolaget är helt värdelösa, de ringer varje dag trots att skulden är betald.'],
    ['negative', 'Коллекторы угрожают и звонят по ночам, это кошмар.'],
    ['positive', 'Huge thanks to the agent at the collection agency who set up a payment plan I can afford. Really kind.'],
    ['positive', 'Dziękuję pani z firmy windykacyjnej, była bardzo miła i pomogła rozłożyć dług na raty.'],
  ])('%s: %s', (label, text) => {
    expect(analyser.analyse({ text }).sentiment.label).toBe(label);
  });
});

describe('runtime neutrality', () => {
  const dir = join(import.meta.dirname, '../../../src/core/nlp');
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

  it.each(sources)('%s uses no Node-only API and imports natural by file path only', (_f, src) => {
    const code = src.replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/from ['"]node:/);
    expect(code).not.toMatch(/\bprocess\./);
    expect(code).not.toMatch(/Date\.now\(/);
    expect(code).not.toMatch(/from ['"]natural['"]/);
    expect(code).not.toMatch(/\brequire\(/);
  });
});
