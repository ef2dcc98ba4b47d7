import type { Evidence } from '../../src/core/nlp/types.ts';
import { evidenceClass, evidenceTitle, highlightSegments } from '../lib/evidence.ts';

/**
 * The analysed text with evidence spans in `<mark>`. Every run is a plain JSX string child, so it is
 * escaped: a `<script>` in the text shows as text.
 */
export function HighlightedText({ text, evidence }: { text: string; evidence: readonly Evidence[] }) {
  const segments = highlightSegments(text, evidence);
  return (
    <div class="mention-text" data-testid="mention-text">
      {segments.map((s) =>
        s.evidence.length === 0 ? (
          s.text
        ) : (
          <mark class={evidenceClass(s.evidence[0]!)} title={s.evidence.map(evidenceTitle).join('; ')}>
            {s.text}
          </mark>
        ),
      )}
    </div>
  );
}
