import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel, fromBase64 } from '../../src/core/nlp/model.ts';
import { GENERAL_CORPORA } from '../../src/cli/train.ts';
import { earshot, tempWorkspace } from '../helpers/earshot-process.ts';

// `earshot train` end to end on small data this test writes: the licensed-corpus layout of shared/data, the
// project's corpus, and corrections exported by people. Real command, real worker thread, real files.
const COMPLAINTS = ['they call me every day about the debt', 'the collector keeps phoning me at night', 'ten calls a day from the agency'];
const PRAISE = ['the agent was kind and agreed a payment plan', 'thank you for the fair plan, very helpful staff'];
const OTHER = ['quarterly revenue grew and the shares rose', 'we are hiring analysts for our new office'];

describe('earshot train', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  const paths = { data: '', corpus: '', out: '', corrections: '' };

  beforeAll(() => {
    ws = tempWorkspace();
    paths.data = join(ws.dir, 'data');
    paths.corpus = join(ws.dir, 'corpus');
    paths.out = join(ws.dir, 'out');
    for (const dir of [join(paths.data, 'train'), join(paths.data, 'sentiment'), paths.corpus, paths.out]) mkdirSync(dir, { recursive: true });
    for (const { file } of GENERAL_CORPORA) {
      const rows = Array.from({ length: 30 }, (_, i) => ({
        id: `g${i}`,
        lang: 'en',
        text: `${['good', 'bad', 'plain'][i % 3]} day number ${i}`,
        label: ['positive', 'negative', 'neutral'][i % 3],
      }));
      writeFileSync(join(paths.data, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
    const row = (i: number, text: string, o: { relevant: boolean; sentiment: string; tactics: string[] }) =>
      JSON.stringify({ id: `en-${i}`, group: `en-g${i}`, language: 'en', text, channel: [], vulnerability: [], payer_stance: 'unknown', escalation: [], case_refs: [], ...o });
    const lines: string[] = [];
    for (let i = 0; i < 90; i++) {
      const kind = i % 3;
      const text = `${[COMPLAINTS, PRAISE, OTHER][kind]![i % [3, 2, 2][kind]!]} #${i}`;
      lines.push(
        row(
          i,
          text,
          kind === 0
            ? { relevant: true, sentiment: 'negative', tactics: ['contact_frequency'] }
            : kind === 1
              ? { relevant: true, sentiment: 'positive', tactics: ['agent_helpful'] }
              : { relevant: false, sentiment: 'neutral', tactics: [] },
        ),
      );
    }
    lines.splice(5, 0, '{"id":"broken", "text": 7}');
    lines.splice(6, 0, 'SECRET-MENTION-TEXT not json');
    writeFileSync(join(paths.corpus, 'mentions.en.jsonl'), lines.join('\n') + '\n');
    paths.corrections = join(ws.dir, 'corrections.jsonl');
    writeFileSync(
      paths.corrections,
      JSON.stringify({ id: 'correction-1', group: 'correction-1', language: 'en', text: 'they call my boss every day', sentiment: 'negative', tactics: ['third_party_contact'] }) +
        '\n',
    );
  });

  afterAll(() => ws?.remove());

  it('learns from the corpus, the licensed corpora and corrections; writes the model, its card and its figures', async () => {
    const r = await earshot(
      ['train', '--data', paths.data, '--corpus', paths.corpus, '--with', paths.corrections, '--folds', '2', '--out', paths.out, '--set', 'epochs=3'],
      ws.env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped .*mentions\.en\.jsonl:6: .*text: Invalid input/); // the broken rows, by line and reason
    expect(r.stderr).toMatch(/skipped .*mentions\.en\.jsonl:7: not valid JSON/);
    expect(r.stderr).not.toContain('SECRET'); // never a row's content
    expect(r.stderr).toMatch(/fold 1\/2: .*\(worker\)/); // half the folds ran in the worker thread
    expect(r.stdout).toMatch(/model 0\.\d+\.\d+: \d+ examples, \d+ bytes/);

    const module = readFileSync(join(paths.out, 'analyser-model.ts'), 'utf8');
    const model = decodeModel(fromBase64(/'([A-Za-z0-9+/=]+)'/.exec(module)![1]!));
    expect(model.columns.find((c) => c.field === 'tactics' && c.label === 'contact_frequency')).toBeDefined();
    const card = readFileSync(join(paths.out, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('| corrections | 1 |');
    expect(card).toContain('## Cross-validation (2 folds, out-of-fold)');
    const cv = JSON.parse(readFileSync(join(paths.out, 'cv-report.json'), 'utf8')) as { folds: number; corpora: Record<string, { n: number }> };
    expect(cv.folds).toBe(2);
    expect(cv.corpora.domain!.n).toBe(90);
  }, 120_000);

  it('refuses an unknown option value with a clear message', async () => {
    const r = await earshot(['train', '--data', paths.data, '--corpus', paths.corpus, '--set', 'speed=11', '--out', paths.out], ws.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--set speed=11: expected one of');
  });
});
