import { SENTIMENT_LABELS } from '../../db/schema/constants.ts';
import { formatSigned, humanize, queryString } from '../lib/format.ts';

/** `negative` / `neutral` / `positive` pill; anything else (or no analysis) as `unanalysed`. */
export function SentimentBadge({ label, score }: { label: string | null; score?: number | null }) {
  const known = label !== null && (SENTIMENT_LABELS as readonly string[]).includes(label);
  const text = known ? label : 'not analysed';
  return (
    <span class={`badge sentiment s-${known ? label : 'none'}`}>
      {text}
      {known && typeof score === 'number' ? <span class="score"> {formatSigned(score)}</span> : null}
    </span>
  );
}

/** Label chips; with `param`, each links to the mention list filtered by it. */
export function Chips({ items, param, kind = 'tactic' }: { items: string[]; param?: string; kind?: string }) {
  if (items.length === 0) return null;
  return (
    <ul class={`chips chips-${kind}`}>
      {items.map((t) => (
        <li>{param ? <a class="chip" href={`/mentions${queryString({ [param]: t })}`}>{humanize(t)}</a> : <span class="chip">{humanize(t)}</span>}</li>
      ))}
    </ul>
  );
}
