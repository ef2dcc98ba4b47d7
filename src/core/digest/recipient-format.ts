// The digest's numbers, dates, markets, tactics and groups in the recipient's language and time zone.
import type { Interval } from '../cases/rates.ts';
import type { Digest } from './build-digest.ts';
import { STRINGS, type DigestLanguage, type DigestStrings } from './strings.ts';

export interface Fmt {
  s: DigestStrings;
  lang: DigestLanguage;
  int(n: number): string;
  dec(n: number): string;
  pct(n: number | null): string;
  signed(n: number): string;
  rate(n: number | null): string;
  day(ms: number): string;
  dayTime(ms: number): string;
  weekSpan(from: number, to: number): string;
  market(code: string): string;
  tactic(t: string): string;
  group(dimension: 'action_type' | 'channel' | 'team', key: string): string;
}

const capitalise = (s: string) => (s ? s[0]!.toLocaleUpperCase() + s.slice(1) : s);

export function formatter(d: Digest): Fmt {
  const lang = d.language;
  const s = STRINGS[lang];
  const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(lang, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const day = new Intl.DateTimeFormat(lang, { timeZone: d.timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  const dayTime = new Intl.DateTimeFormat(lang, { timeZone: d.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const span = new Intl.DateTimeFormat(lang, { timeZone: d.timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(lang, { type: 'language' });
  } catch {
    names = null;
  }
  const humanize = (k: string) => k.replace(/_/g, ' ');
  return {
    s,
    lang,
    int: (n) => int.format(n),
    dec: (n) => dec.format(n),
    pct: (n) => (n === null ? '—' : pct.format(n)),
    signed: (n) => signed.format(n).replace('-', '−'),
    rate: (n) => (n === null ? '—' : new Intl.NumberFormat(lang, { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n)),
    day: (ms) => day.format(new Date(ms)),
    dayTime: (ms) => dayTime.format(new Date(ms)),
    weekSpan: (from, to) => span.formatRange(new Date(from), new Date(to - 1)),
    market: (code) => {
      if (/^[a-z]{2,3}$/.test(code) && names) {
        try {
          const name = names.of(code);
          if (name && name !== code) return capitalise(name);
        } catch {
          // not a language code Intl knows: shown as it is
        }
      }
      return code;
    },
    tactic: (t) => s.tactics[t] ?? capitalise(humanize(t)),
    // Teams are the collector's own names, shown as written.
    group: (dim, key) => (dim === 'team' ? key : ((dim === 'action_type' ? s.actionTypes[key] : s.channels[key]) ?? capitalise(humanize(key)))),
  };
}

export const interval = (f: Fmt, i: Interval) => `${f.rate(i.low)}–${i.high === null ? '∞' : f.rate(i.high)}`;
export const arrow = (n: number) => (n > 0 ? '▲' : n < 0 ? '▼' : '•');
