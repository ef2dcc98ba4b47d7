/** What the last action did (a flash) and what went wrong (a problem), at the top of a page. */
export function Notices({ flash, problem }: { flash?: string | { tone: 'ok' | 'problem'; text: string } | null; problem?: string | null }) {
  const f = typeof flash === 'string' ? { tone: 'ok', text: flash } : flash;
  return (
    <>
      {f ? (
        <p class={f.tone === 'ok' ? 'flash' : 'error'} role="status" data-testid="flash">
          {f.text}
        </p>
      ) : null}
      {problem ? (
        <p class="error" role="alert" data-testid="problems">
          {problem}
        </p>
      ) : null}
    </>
  );
}

/**
 * What was wrong with a form, one line a problem. `notice`: the page still answered (a filter was ignored), so it
 * informs rather than alarms.
 */
export function Problems({ problems, lead, tone = 'problem' }: { problems: string[]; lead?: string; tone?: 'problem' | 'notice' }) {
  if (problems.length === 0) return null;
  return (
    <div class={tone === 'problem' ? 'error' : 'notice'} role={tone === 'problem' ? 'alert' : 'status'} data-testid="problems">
      {lead ? <p>{lead}</p> : null}
      <ul>
        {problems.map((p) => (
          <li>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** Settings the server lacks for what this part of the page does, said where it matters. */
export function ConfigWarnings({ warnings }: { warnings: string[] }) {
  return warnings.length ? (
    <div class="notice" role="note" data-testid="config-warning">
      {warnings.map((w) => (
        <p>{w}</p>
      ))}
    </div>
  ) : null;
}
