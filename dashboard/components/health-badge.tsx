import type { SourceHealth } from '../../src/sources/health.ts';

/** What each word means, as the badge's tooltip and in the page's legend. */
export const HEALTH_MEANING: Record<SourceHealth, string> = {
  new: 'Not polled yet, and nothing heard from it so far: the first poll comes at the next scheduled run.',
  healthy: 'Polls succeed and mentions arrive about as often as usual.',
  degraded: 'The last poll failed; Earshot keeps trying, waiting longer each time.',
  failing: 'Three or more polls in a row have failed.',
  silent: 'Polls succeed, but no new mentions for much longer than usual.',
  paused: 'Not polled until someone resumes it.',
};

/** A source's health as a pill: the word itself, coloured (never colour alone). */
export function HealthBadge({ health }: { health: SourceHealth }) {
  return (
    <span class={`badge health h-${health}`} title={HEALTH_MEANING[health]} data-testid="health">
      {health}
    </span>
  );
}
