import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  ESCALATIONS,
  LANGUAGES,
  PAYER_STANCES,
  SENTIMENT_LABELS,
  TACTICS,
  VULNERABILITIES,
} from '../../../db/schema/constants.ts';
import { ANALYSER_VERSION, createAnalyser } from '../../../src/core/nlp/analyser.ts';
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
      expect(text.slice(e.start, e.end).toLowerCase()).toBe(e.match.toLowerCase());
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

  it('every label in the output has evidence', () => {
    const out = analyser.analyse({ text: SAMPLES[0] });
    const has = (field: string, label: string) => out.evidence.some((e) => e.field === field && e.label === label);
    for (const t of out.tactics) expect(has('tactics', t), t).toBe(true);
    for (const c of out.channel) expect(has('channel', c), c).toBe(true);
    for (const r of out.case_refs) expect(has('case_refs', r), r).toBe(true);
    expect(has('language', out.language)).toBe(true);
    expect(out.evidence.some((e) => e.field === 'relevant')).toBe(true);
  });

  it('reads case references from the text', () => {
    expect(analyser.analyse({ text: SAMPLES[9] }).case_refs).toEqual(['440122113']);
    expect(analyser.analyse({ text: SAMPLES[8] }).case_refs).toEqual(['61448102']);
  });

  it('is deterministic', () => {
    for (const text of SAMPLES) expect(analyser.analyse({ text })).toEqual(analyser.analyse({ text }));
  });

  it('keeps the four tactics a long complaint is mainly about: most cued first, then earliest', () => {
    const a = analyser.analyse({
      text:
        'They call me every day. They threatened to sue me and said they would take me to court. ' +
        'They called my employer and then called my mother. They added fees and the late fees doubled the amount. ' +
        'Now it is on my credit report.',
    });
    expect(a.tactics).toEqual(['contact_frequency', 'threat_legal', 'third_party_contact', 'fees_amount']);
    expect(a.evidence.filter((e) => e.field === 'tactics').map((e) => e.label)).not.toContain('credit_record');
    expect(analyser.analyse({ text: 'Now it is on my credit report.' }).tactics).toEqual(['credit_record']);
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
    expect(out.sentiment.label).toBe('neutral');
    expect(out.evidence.some((e) => e.field === 'relevant')).toBe(true);
  });

  it.each([
    'The debt collector keeps calling me.',
    'Inkassobolaget skickade ett brev om skulden.',
    'Коллекторы опять звонили.',
    'Komornik zajął mi konto.',
  ])('collection experience is relevant: %s', (text) => {
    expect(analyser.analyse({ text }).relevant).toBe(true);
  });

  it('a debt-collection mention outweighs a single unrelated cue', () => {
    const out = analyser.analyse({ text: 'Their results might be great for shareholders, but their debt collectors call me every day.' });
    expect(out.relevant).toBe(true);
  });
});

describe('speed', () => {
  it('analyses 1,000 tweet-length texts', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `${SAMPLES[i % 10]} #${i}`);
    const results = texts.map((text) => analyser.analyse({ text }));
    expect(results).toHaveLength(1000);
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
