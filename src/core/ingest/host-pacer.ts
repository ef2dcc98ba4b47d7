// Politeness per host: within one polling run, requests to the same host are spaced at least `gapMs` apart,
// whichever sources or adapters make them (a Reddit source makes a token request, a search and a reach lookup).
// Monotonic time (performance.now), not the wall clock: pacing must hold even when a test fixes the clock.

export class HostPacer {
  private readonly nextAt = new Map<string, number>();

  constructor(private readonly gapMs: number) {}

  /** Resolves when a request to `url`'s host may go out, and books the slot after it. */
  async wait(url: string): Promise<void> {
    if (this.gapMs <= 0) return;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return; // the fetch itself reports a bad address
    }
    const now = performance.now();
    const at = Math.max(now, this.nextAt.get(host) ?? 0);
    this.nextAt.set(host, at + this.gapMs);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
