// `earshot analyze`, `reanalyze` and `export corrections`: the analyser on texts, on the stored history, and the
// corrections people made to it as training rows.
import { writeFileSync } from 'node:fs';
import { exportCorrections } from '../core/corrections/export-corrections.ts';
import { reanalyse } from '../core/ingest/reanalyse.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { command, type Family } from './command.ts';
import { readStdinLines } from './read-stdin.ts';

export const analyzeCommand = command({
  name: 'analyze',
  aliases: ['analyse'],
  args: '[TEXT...]',
  summary:
    'Analyse texts given as arguments, or JSON Lines {"id","text"} on stdin; writes one JSON line per input with every ' +
    'label and its evidence (put -- before texts that begin with a dash)',
  async run({ positionals }) {
    const analyser = createAnalyser();
    const emit = (id: unknown, text: string) => {
      const a = analyser.analyse({ text });
      process.stdout.write(JSON.stringify({ id, ...a }) + '\n');
    };
    if (positionals.length) return positionals.forEach((text, i) => emit(i + 1, text));
    let n = 0;
    let bad = 0;
    for (const line of await readStdinLines()) {
      n++;
      if (!line.trim()) continue;
      // Errors name the line and the problem, never its content (it may be personal data).
      let v: { id?: unknown; text?: unknown };
      try {
        v = JSON.parse(line);
      } catch {
        bad++;
        console.error(`line ${n}: skipped, not valid JSON`);
        continue;
      }
      if (typeof v?.text !== 'string') {
        bad++;
        console.error(`line ${n}: skipped, "text" must be a string`);
        continue;
      }
      emit(v.id ?? n, v.text);
    }
    if (bad) process.exitCode = 1;
  },
});

export const reanalyzeCommand = command({
  name: 'reanalyze',
  aliases: ['reanalyse'],
  summary: "Re-run the analyser over stored mentions analysed by another version; people's corrections are kept",
  options: { all: { type: 'boolean', help: 'every stored mention, whatever version analysed it' } },
  async run({ values }) {
    const { deps, client } = await nodeDeps();
    try {
      const started = performance.now();
      const result = await reanalyse(deps, {
        all: !!values.all,
        onProgress: ({ done, total }) => process.stderr.write(`\rreanalysed ${done}/${total} (${Math.round((done / Math.max(total, 1)) * 100)}%)`),
      });
      process.stderr.write('\n');
      console.log(`${result.done} mentions analysed with analyser ${deps.analyser.version} in ${Math.round(performance.now() - started)} ms`);
    } finally {
      client.close();
    }
  },
});

export const exportCommands: Family = {
  name: 'export',
  summary: 'Export what people taught the analyser',
  commands: [
    command({
      name: 'corrections',
      summary: "Write people's label corrections as training rows (JSON Lines; text, labels, no names)",
      options: { out: { type: 'string', value: 'FILE', help: 'write to this file instead of stdout' } },
      async run({ values }) {
        const { deps, client } = await nodeDeps();
        try {
          const rows = await exportCorrections(deps);
          const body = rows.map((r) => JSON.stringify(r) + '\n').join('');
          if (values.out) {
            writeFileSync(values.out, body);
            console.error(`${rows.length} corrections written to ${values.out}`);
          } else process.stdout.write(body);
        } finally {
          client.close();
        }
      },
    }),
  ],
};
