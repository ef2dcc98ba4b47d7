// The monthly creditor report: one month of a creditor's figures beside the month before, as an e-mail (HTML and
// text) and, the same HTML, as a page to print or save as PDF. Built only from creditorFigures, so it holds what the
// creditor's own page holds: counts, rates and intervals, with small counts shown as "< 5".
import type { Db } from '../../../db/client.ts';
import { type Interval, rateRatioInterval } from '../cases/rates.ts';
import { cellText, emailDocument, headText, heading, link, muted, num, section, table, td, trimEnd, type Part } from '../digest/mail-blocks.ts';
import { escapeHtml } from '../escape-html.ts';
import { type CreditorFigures, type CreditorGroup, creditorFigures, type ShownCount, SUPPRESSED } from './figures.ts';
import { type Month, monthName, monthPeriod, previousMonth } from './month.ts';
import { FOLLOW_UP_DAYS, type StepVerdict } from '../steps/effect.ts';
import { DEFAULT_WINDOW_DAYS } from '../cases/analytics.ts';

export interface CreditorReport {
  creditor: string;
  month: Month;
  current: CreditorFigures;
  previous: CreditorFigures;
  /** Complaints per action this month ÷ last month; null when either month has too few complaints to show. */
  change: Interval | null;
  /** The dashboard's address, for the link at the bottom; null when none is configured. */
  baseUrl: string | null;
}

export async function buildCreditorReport(db: Db, o: { creditor: string; month: Month; now: number; baseUrl: string | null }): Promise<CreditorReport> {
  const read = (m: Month, detail: boolean) => creditorFigures(db, { creditor: o.creditor, ...monthPeriod(m), windowDays: DEFAULT_WINDOW_DAYS, links: 'any', now: o.now, detail });
  // The month before is shown by its headline figures only.
  const [current, previous] = await Promise.all([read(o.month, true), read(previousMonth(o.month), false)]);
  const count = (f: CreditorFigures) => (f.complaints === SUPPRESSED ? null : f.complaints);
  const a = count(current);
  const b = count(previous);
  return {
    creditor: o.creditor,
    month: o.month,
    current,
    previous,
    change: a === null || b === null ? null : rateRatioInterval(a, current.contacted.actions, b, previous.contacted.actions),
    baseUrl: o.baseUrl,
  };
}

// ---- words and numbers ----

const int = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

const count = (n: ShownCount) => (n === SUPPRESSED ? SUPPRESSED : int.format(n));
/** "12.3 (8.1–17.9)", or "—" where nothing may be shown. */
const rate = (i: Interval | null) => (i?.value == null ? '—' : `${dec.format(i.value)} (${dec.format(i.low ?? 0)}–${i.high === null ? '…' : dec.format(i.high)})`);
const share = (i: Interval | null) => (i?.value == null ? '—' : `${pct.format(i.value)} (${pct.format(i.low ?? 0)}–${pct.format(i.high ?? 1)})`);

export function changeWords(i: Interval | null): string {
  if (!i) return 'Too few complaints in one of the two months to compare them.';
  if (i.low !== null && i.low > 1)
    return `Complaints per action clearly rose: ${dec.format(i.value ?? 0)} times last month's rate (${dec.format(i.low)}–${i.high === null ? '…' : dec.format(i.high)}).`;
  if (i.high !== null && i.high < 1)
    return `Complaints per action clearly fell: ${dec.format(i.value ?? 0)} times last month's rate (${dec.format(i.low ?? 0)}–${dec.format(i.high)}).`;
  return 'No clear change in complaints per action from last month.';
}

export const VERDICT_WORDS: Record<StepVerdict, string> = {
  fewer: 'clearly fewer complaints after it',
  more: 'clearly more complaints after it',
  unclear: 'no clear difference',
  too_few: 'too few cases or complaints to tell',
};

// ---- the report ----

interface Row {
  label: string;
  cells: string[];
}

function grid(head: string[], rows: Row[]): Part {
  const th = (h: string, right: boolean) => `<th style="${headText}${right ? num : ''}">${escapeHtml(h)}</th>`;
  const html = table(
    `<tr>${head.map((h, i) => th(h, i > 0)).join('')}</tr>` +
      rows.map((r) => `<tr>${td(escapeHtml(r.label), cellText)}${r.cells.map((c) => td(escapeHtml(c), cellText + num)).join('')}</tr>`).join(''),
  );
  const text = rows.map((r) => `${r.label}: ${r.cells.map((c, i) => `${head[i + 1]} ${c}`).join(' · ')}`);
  return { html, text };
}

const note = (words: string) => `<p style="margin:8px 0 0 0;font-size:13px;line-height:18px;${muted}">${escapeHtml(words)}</p>`;

function part(title: string, body: Part, after?: string): Part {
  return { html: section(title, body.html + (after ? note(after) : '')), text: [...heading(title), ...body.text, ...(after ? [after] : []), ''] };
}

function groupsPart(title: string, groups: CreditorGroup[]): Part | null {
  if (!groups.length) return null;
  return part(
    title,
    grid(
      ['', 'Actions', 'Complaints', 'Per 1,000 actions'],
      groups.map((g) => ({ label: g.name, cells: [int.format(g.actions), count(g.complaints), rate(g.rate_per_1000_actions)] })),
    ),
  );
}

/** Printed or saved as PDF from the browser: A4 pages, white, no section split across a page where it can be helped. */
const PRINT_STYLE = '\n<style>@page { size: A4; margin: 14mm; } @media print { body, table { background: #ffffff !important; } tr { break-inside: avoid; } }</style>';

export function renderCreditorReport(r: CreditorReport): { subject: string; html: string; text: string } {
  const c = r.current;
  const p = r.previous;
  const month = monthName(r.month);
  const subject = `${r.creditor}: customer experience in collection, ${month}`;
  const parts: Part[] = [
    part(
      'The month in numbers',
      grid(
        ['', month, monthName(previousMonth(r.month))],
        [
          { label: 'Cases in the portfolio', cells: [int.format(c.portfolio.cases), int.format(p.portfolio.cases)] },
          { label: 'Cases contacted', cells: [int.format(c.contacted.cases), int.format(p.contacted.cases)] },
          { label: 'Collection actions', cells: [int.format(c.contacted.actions), int.format(p.contacted.actions)] },
          { label: 'Public complaints', cells: [count(c.complaints), count(p.complaints)] },
          { label: 'Complaints per 1,000 cases', cells: [rate(c.complaints_per_1000_cases), rate(p.complaints_per_1000_cases)] },
          { label: 'Complaints per 1,000 actions', cells: [rate(c.complaints_per_1000_actions), rate(p.complaints_per_1000_actions)] },
          { label: 'Negative share of what people say', cells: [share(c.mentions.negative_share), share(p.mentions.negative_share)] },
          { label: 'Signs of vulnerability', cells: [count(c.vulnerability.signals), count(p.vulnerability.signals)] },
          { label: 'Vulnerability per 1,000 cases', cells: [rate(c.vulnerability.per_1000_cases), rate(p.vulnerability.per_1000_cases)] },
        ],
      ),
      changeWords(r.change),
    ),
  ];
  const byType = groupsPart('By action type', c.by_action_type);
  if (byType) parts.push(byType);
  const byChannel = groupsPart('By channel', c.by_channel);
  if (byChannel) parts.push(byChannel);
  if (c.steps.length) {
    parts.push(
      part(
        'Next steps on your cases',
        grid(
          ['', 'Proposed', 'Taken', 'Did it help?'],
          c.steps.map((s) => ({ label: s.name, cells: [count(s.proposed), count(s.accepted), s.effect ? VERDICT_WORDS[s.effect.verdict] : '—'] })),
        ),
        `"Did it help?" compares complaints in the ${FOLLOW_UP_DAYS} days after a step with the cases where the same step was proposed and not taken.`,
      ),
    );
  }
  const method = `A complaint is a negative public mention about collection linked to one of your cases, counted when it follows a collection action by at most ${c.window_days} days. Ranges are 95 % intervals. Counts under 5 are shown as "< 5" and no rate is given for them. No mention text, author or case reference is in this report.`;
  const footer = `${escapeHtml(method)}${r.baseUrl ? ` · ${link(r.baseUrl, 'Open Earshot')}` : ''}`;
  const body = parts.map((x) => x.html).join('\n');
  const html = emailDocument({ lang: 'en', subject, kicker: 'Earshot · monthly creditor report', title: `${r.creditor} · ${month}`, body, footer, head: PRINT_STYLE });
  const text = [`${subject}`, '', ...parts.flatMap((x) => [...trimEnd(x.text), '']), '--', method, ...(r.baseUrl ? [`Earshot: ${r.baseUrl}`] : [])].join('\n');
  return { subject, html, text };
}
