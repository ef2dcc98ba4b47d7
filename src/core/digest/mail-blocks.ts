// The digest e-mail's building blocks: colours, layout tables, bars and section frames in HTML, headings in text.
import { escapeHtml } from '../escape-html.ts';

// ---- colours that read on light and on dark (inverted) backgrounds ----
export const C = {
  page: '#eef1f5',
  card: '#ffffff',
  text: '#1f2933',
  muted: '#52606d',
  rule: '#d9e2ec',
  bar: '#3f7cac',
  barPrev: '#9fb3c8',
  track: '#e4e9ef',
  up: '#b4372f',
  down: '#2f7d4f',
  link: '#1f5f99',
};
export const SEVERITY_COLOUR: Record<string, string> = { critical: '#8e1b1b', high: '#b4372f', medium: '#a4660b', low: '#52606d' };
export const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

// ---- HTML building blocks ----

export const td = (content: string, style = '', attrs = '') => `<td${attrs ? ` ${attrs}` : ''} style="${style}">${content}</td>`;
export const table = (rows: string, style = '') =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${style}">${rows}</table>`;
export const link = (href: string | null, text: string) =>
  href ? `<a href="${escapeHtml(href)}" style="color:${C.link};text-decoration:underline;">${escapeHtml(text)}</a>` : escapeHtml(text);

/** A horizontal bar: a cell `fraction` of the width in `colour` on a light track (no images, no CSS classes). */
export function bar(fraction: number, colour = C.bar): string {
  const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
  const cell = (w: number, bg: string) =>
    `<td width="${w}%" style="width:${w}%;background:${bg};height:10px;font-size:1px;line-height:1px;mso-line-height-rule:exactly;">&nbsp;</td>`;
  const cells = (pct > 0 ? cell(pct, colour) : '') + (pct < 100 ? cell(100 - pct, C.track) : '');
  return table(`<tr>${cells}</tr>`, 'border-radius:2px;');
}

export function section(title: string, body: string): string {
  return `<tr><td style="padding:20px 20px 4px 20px;border-top:1px solid ${C.rule};">
<h2 style="margin:0 0 10px 0;font-size:18px;line-height:24px;font-weight:700;color:${C.text};">${escapeHtml(title)}</h2>
${body}
</td></tr>`;
}

export const cellText = `font-size:14px;line-height:20px;color:${C.text};padding:4px 6px 4px 0;vertical-align:top;`;
export const headText = `font-size:12px;line-height:16px;color:${C.muted};padding:0 6px 4px 0;text-align:left;font-weight:600;`;
export const num = 'text-align:right;white-space:nowrap;';
export const muted = `color:${C.muted};`;
export const changeColour = (n: number) => (n > 0 ? C.up : n < 0 ? C.down : C.muted);

// ---- plain text, and a section as both ----

/** Lines without the blank ones at the end. */
export function trimEnd(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && lines[n - 1] === '') n--;
  return lines.slice(0, n);
}

/** A plain-text heading: the words, underlined. */
export const heading = (h: string) => [h, '-'.repeat(Array.from(h).length)];

export interface Part {
  html: string;
  text: string[];
}

/**
 * A whole e-mail: one 600-px card of `body` rows under a small kicker and the title, `footer` (HTML) at the bottom;
 * inline styles only (`head` may add a style sheet for printing), readable in light and dark mode.
 */
export function emailDocument(o: { lang: string; subject: string; kicker: string; title: string; body: string; footer: string; head?: string }): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(o.subject)}</title>${o.head ?? ''}
</head>
<body style="margin:0;padding:0;background:${C.page};-webkit-text-size-adjust:100%;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(o.subject)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${C.page};">
<tr><td align="center" style="padding:12px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:${C.card};border-collapse:collapse;font-family:${FONT};color:${C.text};">
<tr><td style="padding:20px 20px 8px 20px;">
<div style="font-size:13px;line-height:18px;font-weight:700;letter-spacing:0.5px;color:${C.bar};text-transform:uppercase;">${escapeHtml(o.kicker)}</div>
<h1 style="margin:2px 0 0 0;font-size:22px;line-height:28px;font-weight:700;color:${C.text};">${escapeHtml(o.title)}</h1>
</td></tr>
${o.body}
<tr><td style="padding:16px 20px 20px 20px;border-top:1px solid ${C.rule};font-size:12px;line-height:16px;color:${C.muted};">
${o.footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
