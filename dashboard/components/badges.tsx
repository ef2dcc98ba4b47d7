import { SENTIMENT_LABELS } from '../../db/schema/constants.ts';
import { formatSigned, humanize, queryString } from '../lib/format.ts';
import { nameOf } from '../../src/core/labels.ts';

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

/**
 * Label chips; with `param`, each links to the mention list filtered by it. With `sureness`, a label the analyser
 * gave with low probability is marked uncertain (dashed, "?", and its probability on hover).
 */
export function Chips({
  items,
  param,
  kind = 'tactic',
  sureness,
}: {
  items: string[];
  param?: string;
  kind?: string;
  sureness?: (label: string) => { probability: number; uncertain: boolean } | undefined;
}) {
  if (items.length === 0) return null;
  return (
    <ul class={`chips chips-${kind}`}>
      {items.map((t) => {
        const s = sureness?.(t);
        const cls = s?.uncertain ? 'chip uncertain' : 'chip';
        const title = s ? `${s.uncertain ? 'Uncertain: ' : ''}probability ${Math.round(s.probability * 100)}%` : undefined;
        const body = (
          <>
            {kind === 'tactic' || kind === 'channel' ? nameOf(kind, t) : humanize(t)}
            {s?.uncertain ? <span aria-hidden="true">?</span> : null}
            {s?.uncertain ? <span class="visually-hidden"> (uncertain)</span> : null}
          </>
        );
        return (
          <li>
            {param ? (
              <a class={cls} title={title} href={`/mentions${queryString({ [param]: t })}`}>
                {body}
              </a>
            ) : (
              <span class={cls} title={title}>
                {body}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
