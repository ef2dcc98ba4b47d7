// An analysis thread of the pool in analysis-pool.ts: its own analyser, answering batches of mentions with their
// analyses ready to store.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { LANGUAGES } from '../../db/schema/constants.ts';
import demoMentions from '../demo/mentions.json' with { type: 'json' };
import { type AnalysisInput, storedAnalysis } from '../core/ingest/analyse-mentions.ts';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { answerTasks } from './thread-pool.ts';

// Analysis is background work: under contention the serving thread goes first (on Linux the niceness is this
// thread's own). Where the system does not allow it, the thread runs at the usual priority.
try {
  setPriority(5);
} catch {
  // not permitted here
}
const analyser = createAnalyser();
// Ready only once warm: the model decoded, every language's rules compiled (a thread serves every source), and the
// code compiled by the JIT, which takes about a thousand analyses. Until then a batch ran at a quarter of the speed.
for (const language of LANGUAGES) analyser.analyse({ text: 'Earshot', languageHint: language });
for (let round = 0; round < 16; round++) for (const m of demoMentions) storedAnalysis(analyser, { title: m.title, text: m.text, languageHint: null });

answerTasks(parentPort!, (_name, [inputs]) => (inputs as AnalysisInput[]).map((input) => storedAnalysis(analyser, input)));
