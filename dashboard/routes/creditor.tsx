import { Hono } from 'hono';
import { listCreditors } from '../../db/queries/creditors.ts';
import { readCreditorFigures } from '../../src/actions/creditors/figures.ts';
import { readCreditorReport } from '../../src/actions/creditors/report.ts';
import type { AppEnv } from '../../src/api/env.ts';
import { requirePermission } from '../../src/api/middleware/auth.ts';
import { DEFAULT_PERIOD_DAYS } from '../../src/core/cases/analytics.ts';
import { formatMonth, monthName, monthOf, previousMonth } from '../../src/core/creditors/month.ts';
import { AppError } from '../../src/core/errors.ts';
import { DAY_MS } from '../../src/core/time/durations.ts';
import { isoDay } from '../lib/format.ts';
import { renderPage } from '../lib/render.ts';
import { requireSession } from '../lib/session.ts';
import { CREDITOR_REPORT_PATH, CreditorPage } from '../pages/creditor.tsx';

const requireCreditorRead = requirePermission('creditor:read', "Your role cannot see creditors' figures.");

/** The last twelve full months, newest first. */
function reportMonths(now: number) {
  let m = previousMonth(monthOf(now));
  return Array.from({ length: 12 }, () => {
    const out = { value: formatMonth(m), label: monthName(m) };
    m = previousMonth(m);
    return out;
  });
}

/** A creditor's figures (a creditor account's home) and its monthly report as a page to print. */
export function creditorRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  r.get('/creditor', requireSession, requireCreditorRead, async (c) => {
    const deps = c.get('deps');
    const user = c.get('user');
    const q = c.req.query();
    const now = deps.clock.now();
    const staff = user.role !== 'creditor';
    const creditors = staff ? (await listCreditors(deps.db)).filter((x) => x.cases > 0).map((x) => x.creditor) : [user.creditor ?? ''];
    const form = {
      creditor: staff ? q.creditor || creditors[0] : undefined,
      from: q.from || isoDay(now - DEFAULT_PERIOD_DAYS * DAY_MS),
      to: q.to || isoDay(now),
    };
    const props = { user, csrfToken: c.get('csrfToken'), form, creditors, months: reportMonths(now) };
    if (staff && !form.creditor) return renderPage(c, <CreditorPage {...props} figures={null} problem="No case names a creditor yet: import cases first." />);
    try {
      // A creditor account's own creditor always; a `creditor` it names that is not its own is refused (403).
      const figures = await readCreditorFigures(deps, user, { creditor: staff ? form.creditor : q.creditor, from: form.from, to: form.to });
      return renderPage(c, <CreditorPage {...props} figures={figures} />);
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_REQUEST') return renderPage(c, <CreditorPage {...props} figures={null} problem={err.message} />, 400);
      throw err;
    }
  });

  // The report as e-mailed: the same HTML, served with the e-mail's headers (src/app.ts), to print or save as PDF.
  r.get(CREDITOR_REPORT_PATH, requireSession, requireCreditorRead, async (c) => {
    const q = c.req.query();
    const report = await readCreditorReport(c.get('deps'), c.get('user'), { creditor: q.creditor, month: q.month || undefined }, new URL(c.req.url).origin);
    return c.html(report.html);
  });

  return r;
}
