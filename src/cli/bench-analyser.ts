// `earshot bench analyser`: analyser throughput beside the sentiment and VADER packages, its load time and memory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAnalyser } from '../core/nlp/analyser.ts';
import { SAMPLES } from './bench-poll.ts';

/** Texts for the analyser bench: real ones from a data directory when there is one, else our own samples. */
function benchTexts(dataDir: string | undefined): { short: string[]; long: string[]; source: string } {
  const read = (path: string) =>
    existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { text: string }).text)
      : [];
  const tweets = dataDir ? read(join(dataDir, 'sentiment/en-airline-tweets.dev.jsonl')).slice(0, 2000) : [];
  const long = dataDir
    ? read(join(dataDir, 'cfpb/cfpb-unlabelled.dev.jsonl'))
        .filter((t) => t.length >= 1000)
        .slice(0, 300)
        .map((t) => t.slice(0, 1000))
    : [];
  if (tweets.length && long.length) return { short: tweets, long, source: dataDir! };
  const short = Array.from({ length: 2000 }, (_, i) => SAMPLES[i % SAMPLES.length]!.replace('{n}', String(i % 9)).replace('{ref}', String(40000000 + i)));
  const longs = Array.from({ length: 300 }, (_, i) =>
    Array.from({ length: 12 }, (_, j) => short[(i + j) % short.length])
      .join(' ')
      .slice(0, 1000),
  );
  return { short, long: longs, source: 'built-in samples' };
}

/**
 * Texts per second of `fn` over `texts`, on this one thread, after a warm-up pass: the best of three 1-second
 * rounds, since other processes on a shared machine only ever slow a round down.
 */
function rate(texts: string[], fn: (t: string) => unknown): number {
  for (const t of texts.slice(0, 200)) fn(t);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 1000) for (const t of texts) fn(t), n++;
    best = Math.max(best, Math.round((n / (performance.now() - start)) * 1000));
  }
  return best;
}

/** Analyser throughput beside the `sentiment` (AFINN) and `vader-sentiment` packages on the same texts. */
export async function benchAnalyser(dataDir: string | undefined) {
  const load = await analyserLoadMs();
  const { short, long, source } = benchTexts(dataDir);
  const analyser = createAnalyser();
  const afinn = new (await import('sentiment')).default();
  const vader = (await import('vader-sentiment')).default.SentimentIntensityAnalyzer;
  const row = (texts: string[]) => ({
    earshot_full_analysis: rate(texts, (t) => analyser.analyse({ text: t })),
    sentiment_package: rate(texts, (t) => afinn.analyze(t)),
    vader_sentiment: rate(texts, (t) => vader.polarity_scores(t)),
  });
  const avg = (xs: string[]) => Math.round(xs.reduce((a, t) => a + t.length, 0) / xs.length);
  return {
    texts_from: source,
    [`tweet_length_texts_per_s (avg ${avg(short)} chars)`]: row(short),
    [`1000_char_texts_per_s (avg ${avg(long)} chars)`]: row(long),
    analyser_load_ms: load.load,
    first_analysis_in_each_of_10_languages_ms: load.firstInEveryLanguage,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** One short mention per language: the first analysis in each compiles that language's cues and lexicon. */
const FIRST_TEXTS = [
  'The collector keeps calling me about a debt I already paid.',
  'Inkassobolaget ringer varje dag om en skuld jag redan betalat.',
  'Perintätoimisto soittaa joka päivä velasta, jonka olen jo maksanut.',
  'Inkassoselskapet ringer hver dag om en gjeld jeg allerede har betalt.',
  'Inkassobureauet ringer hver dag om en gæld, jeg allerede har betalt.',
  'Parādu piedzinējs zvana katru dienu par parādu, ko jau samaksāju.',
  'Skolų išieškotojai skambina kasdien dėl skolos, kurią jau sumokėjau.',
  'Inkasso helistab iga päev võla pärast, mille olen juba tasunud.',
  'Коллекторы звонят каждый день из-за долга, который я уже оплатил.',
  'Windykator dzwoni codziennie w sprawie długu, który już spłaciłem.',
];

/**
 * Import the analyser and decode its model in a fresh process (second run, so tsx's transpile cache is warm), then
 * the first analysis in each of the ten languages (each compiles that language's cues on first use).
 */
async function analyserLoadMs(): Promise<{ load: number; firstInEveryLanguage: number }> {
  const module = resolve(import.meta.dirname ?? '.', '../../src/core/nlp/analyser.ts');
  const script =
    `const t=performance.now();const m=await import(${JSON.stringify(module)});const a=m.createAnalyser();const l=performance.now()-t;` +
    `const u=performance.now();for(const text of ${JSON.stringify(FIRST_TEXTS)})a.analyse({text});console.log(l, performance.now()-u)`;
  const once = () =>
    new Promise<{ load: number; firstInEveryLanguage: number }>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: resolve(import.meta.dirname ?? '.', '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => {
        const [load, first] = out.trim().split(/\s+/).map(Number);
        return code === 0 ? done({ load: Math.round(load!), firstInEveryLanguage: Math.round(first!) }) : fail(new Error('analyser load failed'));
      });
    });
  await once();
  return once();
}
