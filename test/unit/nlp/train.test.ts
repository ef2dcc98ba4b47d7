import { describe, expect, it } from 'vitest';
import { createAnalyser } from '../../../src/core/nlp/analyser.ts';
import { decodeModel } from '../../../src/core/nlp/model.ts';
import { buildModel, foldOf, type BuildOptions } from '../../../src/core/nlp/train/build-model.ts';
import { bestThreshold, macroF1, plattFit, softmaxFit } from '../../../src/core/nlp/train/calibrate.ts';
import { correctionExample, correctionRowSchema } from '../../../src/core/nlp/train/corpus-row.ts';
import type { Example } from '../../../src/core/nlp/train/examples.ts';
import { DEFAULT_FTRL } from '../../../src/core/nlp/train/ftrl.ts';
import { mulberry32 } from '../../../src/core/random.ts';

describe('calibration', () => {
  it('Platt scaling recovers the slope and offset that generated the labels', () => {
    const rnd = mulberry32(7);
    const raw: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = rnd() * 8 - 4;
      raw.push(x);
      y.push(rnd() < 1 / (1 + Math.exp(-(2 * x - 1))) ? 1 : 0);
    }
    const { a, b } = plattFit(raw, y);
    expect(a).toBeCloseTo(2, 0);
    expect(b).toBeCloseTo(-1, 0);
  });

  it('chooses the threshold with the best F1, halfway to the next score', () => {
    // Positives at .9 .8 .4; negatives at .7 .2: F1 is best (0.857) when .4 is included → threshold (.4 + .2) / 2.
    const { threshold, f1 } = bestThreshold([0.9, 0.8, 0.7, 0.4, 0.2], [1, 1, 0, 1, 0]);
    expect(threshold).toBeCloseTo(0.3, 9);
    expect(f1).toBeCloseTo(6 / 7, 9);
    expect(bestThreshold([0.3, 0.6], [0, 0])).toEqual({ threshold: 0.5, f1: 0 });
  });

  it('macro-F1 averages over the classes present in gold', () => {
    expect(macroF1([0, 0, 1, 1], [0, 0, 1, 1], 3)).toBe(1);
    expect(macroF1([0, 0, 1, 1], [0, 1, 1, 1], 3)).toBeCloseTo((2 / 3 + 0.8) / 2, 9);
  });

  it('softmax offsets move the decision toward the focus rows’ gold labels', () => {
    // The model over-predicts class 0; a positive offset on class 1 fixes it.
    const raw = [
      [1, 0.5],
      [1, 0.6],
      [1, 0.9],
      [1, 0.2],
      [1, 0.1],
      [1, 0.3],
    ];
    const gold = [1, 1, 1, 0, 0, 0];
    const fit = softmaxFit(
      raw,
      gold,
      gold.map(() => true),
    );
    expect(fit.b[0]).toBe(0);
    expect(fit.b[1]).toBeGreaterThan(0);
  });
});

describe('grouped folds', () => {
  it('keeps every row of a group in one fold and spreads groups over all folds', () => {
    expect(foldOf('cfpb:abc', 5)).toBe(foldOf('cfpb:abc', 5));
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[foldOf(`g${i}`, 5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});

// A small corpus this test writes itself: complaints about calls, praise of an agent, and off-topic posts, in two
// languages, with paraphrase groups. Learnable, so a working trainer must learn it; a broken one cannot.
function corpus(): Example[] {
  const rnd = mulberry32(3);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: Example[] = [];
  const kinds = [
    {
      en: ['they call me every day', 'constant calls from the collector', 'ten calls a day about the debt'],
      sv: ['de ringer varje dag', 'inkassobolaget ringer hela tiden'],
      sentiment: 'negative',
      tactics: ['contact_frequency'],
      relevant: true,
    },
    {
      en: ['the agent was kind and set up a payment plan', 'lovely helpful agent, thanks'],
      sv: ['handläggaren var snäll och hjälpte mig med en avbetalningsplan'],
      sentiment: 'positive',
      tactics: ['agent_helpful'],
      relevant: true,
    },
    {
      en: ['quarterly revenue grew and shares rose', 'we are hiring analysts in our new office'],
      sv: ['kvartalsrapporten visar ökad omsättning', 'vi söker nya medarbetare'],
      sentiment: 'neutral',
      tactics: [],
      relevant: false,
    },
  ];
  for (let i = 0; i < 240; i++) {
    const k = kinds[i % 3]!;
    const language = i % 2 ? 'sv' : 'en';
    const group = `g${Math.floor(i / 2)}`;
    const text = `${pick(language === 'sv' ? k.sv : k.en)} ${pick(['', '!', ' :(', ' ...'])} #${i % 7}`;
    out.push({
      corpus: 'domain',
      group,
      language,
      text,
      weight: 1,
      labels: { sentiment: [k.sentiment], relevant: k.relevant ? ['true'] : [], tactics: k.tactics, channel: [], vulnerability: [], escalation: [], payer_stance: ['unknown'] },
    });
  }
  return out;
}

const OPTIONS: BuildOptions = {
  ...DEFAULT_FTRL,
  bits: 14,
  epochs: 4,
  folds: 3,
  keep: { sentiment: 2000, relevant: 2000, tactics: 500, channel: 500, vulnerability: 500, escalation: 500, payer_stance: 500 },
  version: '0.0.1-test',
  inputsHash: 'test',
  focusCorpus: 'domain',
};

describe('building a model', () => {
  const examples = corpus();
  const built = buildModel(examples, OPTIONS);

  it('measures itself by grouped cross-validation and learns what the data teaches', () => {
    const domain = built.report.corpora.domain!;
    expect(built.report.folds).toBe(3);
    expect(domain.n).toBe(240);
    expect(domain.sentiment!.macroF1).toBeGreaterThan(0.9);
    expect(domain.relevant!.accuracy).toBeGreaterThan(0.9);
    expect(domain.multi!.tactics!.microF1).toBeGreaterThan(0.8);
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    expect(Buffer.from(buildModel(examples, OPTIONS).bytes).equals(Buffer.from(built.bytes))).toBe(true);
  });

  it('writes an asset the analyser loads and uses, with calibration and thresholds', () => {
    const model = decodeModel(built.bytes);
    expect(model.header.version).toBe('0.0.1-test');
    for (const c of model.columns) {
      expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
      expect(c.threshold).toBeGreaterThan(0);
      expect(c.threshold).toBeLessThan(1);
    }
    const analyser = createAnalyser(model);
    const complaint = analyser.analyse({ text: 'the collector keeps calling me every day', languageHint: 'en' });
    expect(complaint.relevant).toBe(true);
    expect(complaint.sentiment.label).toBe('negative');
    expect(complaint.tactics).toContain('contact_frequency');
    expect(analyser.analyse({ text: 'we are hiring, join our new office', languageHint: 'en' }).relevant).toBe(false);
  });

  it('keeps at most the configured number of weights per label', () => {
    const layoutFields = decodeModel(built.bytes).columns.map((c) => c.field);
    built.nonZero.forEach((n, i) => expect(n).toBeLessThanOrEqual(OPTIONS.keep[layoutFields[i]!]));
  });
});

describe('corrections as training rows', () => {
  it('learns only the labels a person set; "not relevant" also means no collection labels', () => {
    const row = correctionRowSchema.parse({ id: 'correction-1', group: 'correction-1', language: 'fi', text: 'x', relevant: false });
    const e = correctionExample(row, 3);
    expect(e.labels).toEqual({ relevant: [], tactics: [], vulnerability: [], escalation: [] });
    expect(e.labels.sentiment).toBeUndefined();
    const s = correctionExample(correctionRowSchema.parse({ id: 'c2', group: 'c2', language: 'en', text: 'y', sentiment: 'negative' }), 3);
    expect(s.labels).toEqual({ sentiment: ['negative'] });
  });
});
