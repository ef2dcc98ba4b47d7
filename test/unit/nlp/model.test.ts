import { describe, expect, it } from 'vitest';
import type { Features } from '../../../src/core/nlp/features.ts';
import { columnLayout, decide, decodeModel, encodeModel, fromBase64, rawScores, tacticLimit, type Column, type ModelHeader } from '../../../src/core/nlp/model.ts';

const layout = columnLayout();
const C = layout.length;
const col = (i: number, over: Partial<Column> = {}): Column => ({ field: layout[i]!.field, label: layout[i]!.label, bias: 0, scale: 0.01, a: 1, b: 0, threshold: 0.5, ...over });
const idx = (field: string, label: string) => layout.findIndex((c) => c.field === field && c.label === label);

function tinyModel() {
  const columns = layout.map((_, i) => col(i));
  const header: ModelHeader = { format: 1, version: '9.9.9', bits: 8, max_tactics: { short: 3, long: 2, long_threshold_scale: 1.3 }, inputs_hash: 'x', columns };
  // Bucket 3 pushes "negative" and "contact_frequency"; bucket 200 pushes "positive"; bucket 7 pushes relevance.
  const sparse = layout.map(() => ({ bucket: new Uint32Array(0), weight: new Int8Array(0) }));
  sparse[idx('sentiment', 'negative')] = { bucket: Uint32Array.from([3]), weight: Int8Array.from([100]) };
  sparse[idx('sentiment', 'positive')] = { bucket: Uint32Array.from([200]), weight: Int8Array.from([120]) };
  sparse[idx('tactics', 'contact_frequency')] = { bucket: Uint32Array.from([3, 255]), weight: Int8Array.from([127, -127]) };
  sparse[idx('relevant', 'true')] = { bucket: Uint32Array.from([7]), weight: Int8Array.from([90]) };
  return { header, sparse, bytes: encodeModel(header, sparse) };
}

const feats = (entries: [bucket: number, val: number][]): Features => ({
  n: entries.length,
  bucket: Uint32Array.from(entries.map((e) => e[0])),
  val: Float32Array.from(entries.map((e) => e[1])),
  first: Int32Array.from(entries.map(() => 0)),
  last: Int32Array.from(entries.map(() => 0)),
  refs: [],
  blocks: [],
  scale: 1,
});

describe('the model asset', () => {
  it('decodes what it encodes: header, columns and every weight', () => {
    const { header, bytes } = tinyModel();
    const m = decodeModel(bytes);
    expect(m.header).toEqual(header);
    expect(m.columns).toHaveLength(C);
    const raw = rawScores(m, feats([[3, 1]]));
    expect(raw[idx('sentiment', 'negative')]).toBeCloseTo(1.0, 6);
    expect(raw[idx('tactics', 'contact_frequency')]).toBeCloseTo(1.27, 6);
    expect(raw[idx('sentiment', 'positive')]).toBe(0);
    expect(rawScores(m, feats([[255, 0.5]]))[idx('tactics', 'contact_frequency')]).toBeCloseTo(-0.635, 6);
  });

  it('limits long mentions (60 words or more) with their own cap and threshold scale', () => {
    const { header } = tinyModel();
    expect(tacticLimit(header, 59)).toEqual({ max: 3, thresholdScale: 1 });
    expect(tacticLimit(header, 60)).toEqual({ max: 2, thresholdScale: 1.3 });
    expect(tacticLimit({ ...header, max_tactics: { short: 3, long: 2 } }, 60).thresholdScale).toBe(1);
  });

  it('refuses bytes that are not a model', () => {
    expect(() => decodeModel(new Uint8Array(16))).toThrow('not an analyser model');
  });

  it('reads base64 without Node', () => {
    expect(Array.from(fromBase64('AAEC/w=='))).toEqual([0, 1, 2, 255]);
  });
});

describe('decisions', () => {
  const columns = layout.map((_, i) => col(i, { threshold: 0.6 }));

  it('picks one label of a softmax head and every binary label at or over its threshold', () => {
    const raw = new Float64Array(C);
    raw[idx('relevant', 'true')] = 3;
    raw[idx('sentiment', 'negative')] = 2;
    raw[idx('tactics', 'fees_amount')] = Math.log(0.7 / 0.3); // p = 0.7 ≥ 0.6
    raw[idx('tactics', 'reachability')] = Math.log(0.5 / 0.5); // p = 0.5 < 0.6
    raw[idx('payer_stance', 'unwilling')] = 1;
    const d = decide(columns, raw);
    expect(d.labels.sentiment).toEqual(['negative']);
    expect(d.labels.tactics).toEqual(['fees_amount']);
    expect(d.labels.payer_stance).toEqual(['unwilling']);
    expect(d.probability[idx('tactics', 'fees_amount')]).toBeCloseTo(0.7, 6);
    const s = ['negative', 'neutral', 'positive'].reduce((sum, l) => sum + d.probability[idx('sentiment', l)]!, 0);
    expect(s).toBeCloseTo(1, 9);
  });

  it('applies each column’s calibration before deciding', () => {
    const calibrated = columns.map((c) => (c.field === 'sentiment' && c.label === 'neutral' ? { ...c, b: 5 } : c));
    const raw = new Float64Array(C);
    raw[idx('sentiment', 'negative')] = 2;
    raw[idx('relevant', 'true')] = 3;
    expect(decide(calibrated, raw).labels.sentiment).toEqual(['neutral']);
  });

  it('keeps at most the cap of tactics, the surest first', () => {
    const raw = new Float64Array(C);
    raw[idx('relevant', 'true')] = 3;
    const set = (label: string, p: number) => (raw[idx('tactics', label)] = Math.log(p / (1 - p)));
    set('fees_amount', 0.95);
    set('reachability', 0.7);
    set('threat_legal', 0.9);
    set('payment_plan', 0.62);
    expect(decide(columns, raw).labels.tactics).toEqual(['threat_legal', 'fees_amount', 'payment_plan', 'reachability']);
    expect(decide(columns, raw, { max: 2, thresholdScale: 1 }).labels.tactics).toEqual(['threat_legal', 'fees_amount']);
    // Raised thresholds (long mentions): 0.6 × 1.3 = 0.78 leaves only the surest.
    expect(decide(columns, raw, { max: 99, thresholdScale: 1.3 }).labels.tactics).toEqual(['threat_legal', 'fees_amount']);
  });

  it('gives a mention that is not relevant no collection labels', () => {
    const raw = new Float64Array(C).fill(4);
    raw[idx('relevant', 'true')] = -4;
    const d = decide(columns, raw);
    expect(d.labels.relevant).toEqual([]);
    expect(d.labels.tactics).toEqual([]);
    expect(d.labels.channel).toEqual([]);
    expect(d.labels.vulnerability).toEqual([]);
    expect(d.labels.escalation).toEqual([]);
    expect(d.labels.payer_stance).toEqual(['unknown']);
    expect(d.labels.sentiment).toHaveLength(1);
  });
});

describe('the word cache', () => {
  it('scores, decides and explains exactly as full featurisation does', async () => {
    const { createFeaturizer } = await import('../../../src/core/nlp/features.ts');
    const { shippedModel } = await import('../../../src/core/nlp/analyser.ts');
    const { tokenize } = await import('../../../src/core/nlp/tokenize.ts');
    const { strongestSpans } = await import('../../../src/core/nlp/explain.ts');
    const { WordCache } = await import('../../../src/core/nlp/model.ts');
    const model = shippedModel();
    const cache = new WordCache(model);
    const cached = createFeaturizer(model.header.bits, cache);
    const full = createFeaturizer(model.header.bits);
    const texts = [
      'Inkassobolaget ringer varje dag och hotar med Kronofogden.',
      'Inkassobolaget ringer igen, tredje gången idag!',
      'The collector called my employer. The collector called my mother too.',
      'Коллекторы звонят каждый день. Коллекторы угрожают.',
    ];
    const asked = [0, 3, 4, 18].map((column) => ({ column, rivals: column === 0 ? [1, 2] : [], a: 1, direction: 1 as const }));
    let hits = 0;
    for (const text of [...texts, ...texts]) {
      const tokens = tokenize(text);
      const input = { tokens, language: /[а-я]/i.test(text) ? ('ru' as const) : ('sv' as const), hits: [], caseRefs: 0 };
      const a = cached(input);
      hits += a.refs.length;
      const rawA = rawScores(model, a);
      const spansA = strongestSpans(model, a, tokens, text, asked);
      cache.learn(a);
      const b = full(input);
      const rawB = rawScores(model, b);
      for (let c = 0; c < C; c++) expect(rawA[c]).toBeCloseTo(rawB[c]!, 9);
      const spansB = strongestSpans(model, b, tokens, text, asked);
      expect(spansA.map((s) => [s.of, s.match])).toEqual(spansB.map((s) => [s.of, s.match]));
      for (let i = 0; i < spansA.length; i++) expect(spansA[i]!.weight).toBeCloseTo(spansB[i]!.weight, 6);
    }
    expect(hits).toBeGreaterThan(10); // the second round, and repeated words, came from the cache
  });
});
