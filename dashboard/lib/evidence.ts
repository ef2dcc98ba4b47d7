import { SENTIMENT_LABELS } from '../../db/schema/constants.ts';
import type { Evidence, EvidenceField } from '../../src/core/nlp/types.ts';
import { formatSigned } from './format.ts';

/**
 * Stored evidence is a JSON column: keep only items with the expected shape, so a stray value from an
 * older analyser version cannot break the page. Offsets are kept only when they are finite numbers.
 */
export function parseEvidence(raw: unknown): Evidence[] {
  if (!Array.isArray(raw)) return [];
  const out: Evidence[] = [];
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const r = item as Record<string, unknown>;
    if (typeof r.field !== 'string' || typeof r.label !== 'string') continue;
    const ev: Evidence = {
      field: r.field as EvidenceField,
      label: r.label,
      match: typeof r.match === 'string' ? r.match : '',
      weight: typeof r.weight === 'number' && Number.isFinite(r.weight) ? r.weight : 0,
      rule: typeof r.rule === 'string' ? r.rule : '',
    };
    if (typeof r.start === 'number' && Number.isFinite(r.start)) ev.start = r.start;
    if (typeof r.end === 'number' && Number.isFinite(r.end)) ev.end = r.end;
    out.push(ev);
  }
  return out;
}

/** A run of the text; `evidence` is non-empty when the run is a highlighted span. */
export interface Segment {
  text: string;
  evidence: Evidence[];
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves an offset that falls between the two halves of a surrogate pair back to the pair's start. */
function snapToCodePoint(text: string, i: number): number {
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) return i - 1;
  return i;
}

/** Clamps an offset into [0, length]; non-integers are truncated. */
function clamp(n: number, length: number): number {
  return Math.max(0, Math.min(length, Math.trunc(n)));
}

/**
 * Cuts `text` into plain and highlighted runs by evidence offsets (UTF-16, as the analyser reports them).
 * Spans without finite offsets are not highlighted; offsets are clamped to the text, snapped off surrogate-pair middles, empty spans dropped; a span that
 * overlaps one already taken (earlier start, or same start and longer) is skipped; evidence with exactly the
 * same span shares one run. The runs always concatenate back to `text`.
 */
export function highlightSegments(text: string, evidence: readonly Evidence[]): Segment[] {
  const spans: { start: number; end: number; evidence: Evidence[] }[] = [];
  const candidates = evidence
    .filter((e) => Number.isFinite(e.start) && Number.isFinite(e.end))
    .map((e, order) => {
      const start = snapToCodePoint(text, clamp(e.start!, text.length));
      let end = clamp(e.end!, text.length);
      if (end < text.length && end > 0 && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end += 1;
      return { start, end, e, order };
    })
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);

  let taken = 0;
  for (const c of candidates) {
    const last = spans[spans.length - 1];
    if (last && last.start === c.start && last.end === c.end) {
      last.evidence.push(c.e);
      continue;
    }
    if (c.start < taken) continue;
    spans.push({ start: c.start, end: c.end, evidence: [c.e] });
    taken = c.end;
  }

  const out: Segment[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) out.push({ text: text.slice(at, s.start), evidence: [] });
    out.push({ text: text.slice(s.start, s.end), evidence: s.evidence });
    at = s.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), evidence: [] });
  return out;
}

const SAFE_CLASS = /^[a-z][a-z_]{0,39}$/;

/** `ev ev-negative` for sentiment evidence (by label, else by the sign of its weight), `ev ev-tactics` etc. otherwise. */
export function evidenceClass(e: Evidence): string {
  if (e.field === 'sentiment') {
    const label = (SENTIMENT_LABELS as readonly string[]).includes(e.label) ? e.label : e.weight < 0 ? 'negative' : e.weight > 0 ? 'positive' : 'neutral';
    return `ev ev-${label}`;
  }
  return `ev ev-${SAFE_CLASS.test(e.field) ? e.field : 'other'}`;
}

/** Tooltip text: `sentiment −0.6 (en:afinn)`, `tactics: contact_frequency (tactic:contact_frequency:en)`. */
export function evidenceTitle(e: Evidence): string {
  const rule = e.rule ? ` (${e.rule})` : '';
  if (e.field === 'sentiment') return `sentiment ${formatSigned(e.weight)}${rule}`;
  return `${e.field}: ${e.label}${rule}`;
}

export interface Confidence {
  probability: number;
  uncertain: boolean;
}

/** Stored confidence (a JSON column) by `field:label`; items of another shape are skipped. */
export function parseConfidence(raw: unknown): Map<string, Confidence> {
  const out = new Map<string, Confidence>();
  if (!Array.isArray(raw)) return out;
  for (const item of raw) {
    if (!item || typeof item !== 'object') continue;
    const r = item as Record<string, unknown>;
    if (typeof r.field !== 'string' || typeof r.label !== 'string' || typeof r.probability !== 'number' || !Number.isFinite(r.probability)) continue;
    out.set(`${r.field}:${r.label}`, { probability: r.probability, uncertain: r.uncertain === true });
  }
  return out;
}
