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
