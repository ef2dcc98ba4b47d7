// Progress of a file import on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise (logs
// and CI). Bad rows are listed as they come, up to a limit, so a badly broken file cannot flood the terminal.

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Bad rows listed one by one; past this they are only counted (the summary has the total). */
export const LISTED_BAD_ROWS = 100;
const REDRAW_MS = 100;
const LINE_EVERY_MS = 5_000;

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function importProgress(out: ProgressOutput, now: () => number = () => performance.now()) {
  const started = now();
  // A terminal gets its bar at once; a log gets its first line only once an import has run a while.
  let shown = out.isTTY ? -Infinity : started;
  let bar = false; // a bar is on the current line
  let listed = 0;
  let last: ImportProgress = { rows: 0, bytes: 0, totalBytes: 0 };

  const describe = (p: ImportProgress) => {
    const seconds = (now() - started) / 1000;
    const percent = p.totalBytes ? Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100)) : 100;
    return { percent, text: `${thousands(p.rows)} rows, ${thousands(seconds > 0 ? p.rows / seconds : 0)} rows/s, ${percent}% of the file` };
  };
  const clearBar = () => {
    if (bar) out.write('\r\x1b[K');
    bar = false;
  };
  const draw = (p: ImportProgress) => {
    const { percent, text } = describe(p);
    const width = 24;
    const filled = Math.round((percent / 100) * width);
    out.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}`);
    bar = true;
  };

  return {
    update(p: ImportProgress) {
      last = p;
      const t = now();
      if (t - shown < (out.isTTY ? REDRAW_MS : LINE_EVERY_MS)) return;
      shown = t;
      if (out.isTTY) draw(p);
      else out.write(`progress: ${describe(p).text}\n`);
    },
    badRow(bad: { line: number; reason: string }) {
      listed++;
      if (listed > LISTED_BAD_ROWS) return;
      clearBar();
      out.write(`line ${bad.line}: skipped, ${bad.reason}\n`);
      if (listed === LISTED_BAD_ROWS) out.write(`(further bad rows are counted in the summary but not listed)\n`);
      if (out.isTTY) draw(last);
    },
    /** Ends the bar at 100% so the summary starts on a clean line. */
    done() {
      if (bar) {
        draw(last);
        out.write('\n');
      }
      bar = false;
    },
  };
}
