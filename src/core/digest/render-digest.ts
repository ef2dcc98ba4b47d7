// The digest as an e-mail: a subject, an HTML part built for mail clients (tables for layout, inline styles, bars
// as table cells, no scripts, no images, one column at most 600 px wide) and a plain-text part that says the same.
// Every piece of data goes through `escapeHtml` on its way into HTML; mention text is never inserted raw.
import { escapeHtml } from '../escape-html.ts';
import type { AttentionItem, Digest, QuotedMention, RateChange, RateGroup, SourceProblem, TopicFigures } from './build-digest.ts';
import {
  C,
  SEVERITY_COLOUR,
  FONT,
  bar,
  emailDocument,
  cellText,
  changeColour,
  headText,
  heading,
  link,
  muted,
  num,
  section,
  table,
  td,
  trimEnd,
  type Part,
} from './mail-blocks.ts';
import { arrow, formatter, interval, type Fmt } from './recipient-format.ts';
import { plural } from './strings.ts';
import { DAY_MS } from '../time/durations.ts';

// ---- sections, HTML and text side by side ----

function bigNumbers(d: Digest, f: Fmt): Part | null {
  const n = d.numbers;
  if (!n) return null;
  const s = f.s.numbers;
  const tile = (label: string, value: string, prev: string, avg: string, delta: number) =>
    td(
      `<div style="font-size:12px;line-height:16px;${muted}">${escapeHtml(label)}</div>
<div style="font-size:30px;line-height:36px;font-weight:700;color:${C.text};">${escapeHtml(value)}</div>
<div style="font-size:12px;line-height:16px;color:${changeColour(delta)};">${arrow(delta)} <span style="${muted}">${escapeHtml(s.previousWeek)}: ${escapeHtml(prev)}</span></div>
<div style="font-size:12px;line-height:16px;${muted}">${escapeHtml(s.average4)}: ${escapeHtml(avg)}</div>`,
      'width:33%;padding:8px 6px 8px 0;vertical-align:top;',
      'width="33%"',
    );
  const c = n.current;
  const p = n.previous;
  const a = n.average4;
  const shareDelta = (x: number | null, y: number | null) => (x === null || y === null ? 0 : Math.sign(Math.round(x * 100) - Math.round(y * 100)));
  const tiles = table(
    `<tr>${tile(s.mentions, f.int(c.mentions), f.int(p.mentions), f.dec(a.mentions), Math.sign(c.mentions - p.mentions))}${tile(
      s.relevantShare,
      f.pct(c.relevantShare),
      f.pct(p.relevantShare),
      f.pct(a.relevantShare),
      shareDelta(c.relevantShare, p.relevantShare),
    )}${tile(s.negativeShare, f.pct(c.negativeShare), f.pct(p.negativeShare), f.pct(a.negativeShare), shareDelta(c.negativeShare, p.negativeShare))}</tr>`,
  );
  const text = [
    ...heading(s.heading),
    `${s.mentions}: ${f.int(c.mentions)} (${s.previousWeek}: ${f.int(p.mentions)}, ${s.average4}: ${f.dec(a.mentions)})`,
    `${s.relevantShare}: ${f.pct(c.relevantShare)} (${s.previousWeek}: ${f.pct(p.relevantShare)}, ${s.average4}: ${f.pct(a.relevantShare)})`,
    `${s.negativeShare}: ${f.pct(c.negativeShare)} (${s.previousWeek}: ${f.pct(p.negativeShare)}, ${s.average4}: ${f.pct(a.negativeShare)})`,
  ];

  let markets = '';
  if (n.markets.length) {
    const max = Math.max(1, ...n.markets.map((m) => m.relevant), n.otherMarkets?.relevant ?? 0);
    const rows = n.markets.map((m) => ({ name: f.market(m.market), relevant: m.relevant, negative: m.negative as number | null, change: m.change }));
    if (n.otherMarkets) rows.push({ name: s.otherMarkets, relevant: n.otherMarkets.relevant, negative: null, change: n.otherMarkets.change });
    markets =
      `<div style="font-size:14px;line-height:20px;font-weight:600;color:${C.text};margin:14px 0 6px 0;">${escapeHtml(s.markets)}</div>` +
      table(
        `<tr><th style="${headText}">${escapeHtml(s.market)}</th><th style="${headText}text-align:right;">${escapeHtml(s.relevant)}</th><th style="${headText}">&nbsp;</th><th style="${headText}text-align:right;">${escapeHtml(s.change)}</th></tr>` +
          rows
            .map(
              (r) =>
                `<tr>${td(escapeHtml(r.name), cellText)}${td(f.int(r.relevant), cellText + num)}${td(bar(r.relevant / max), cellText + 'width:40%;vertical-align:middle;', 'width="40%"')}${td(
                  escapeHtml(f.signed(r.change)),
                  cellText + num + `color:${changeColour(r.change)};`,
                )}</tr>`,
            )
            .join(''),
      );
    text.push('', s.markets);
    for (const r of rows) text.push(`  ${r.name}: ${f.int(r.relevant)} (${f.signed(r.change)})`);
  }
  return { html: section(s.heading, tiles + markets), text };
}

function attentionItem(a: AttentionItem, f: Fmt): Part {
  const s = f.s;
  const sev = `<span style="display:inline-block;padding:1px 6px;border-radius:3px;background:${SEVERITY_COLOUR[a.severity] ?? C.muted};color:#ffffff;font-size:11px;line-height:16px;font-weight:700;text-transform:uppercase;">${escapeHtml(s.severity[a.severity] ?? a.severity)}</span>`;
  const meta = [`${s.attention.opened} ${f.day(a.openedAt)}`, a.mentionCount > 0 ? plural(f.lang, s.attention.mentions, a.mentionCount) : '', s.status[a.status]]
    .filter(Boolean)
    .join(' · ');
  const reasons = a.reasons.map((r) => `<div style="font-size:13px;line-height:18px;color:${C.text};padding-left:10px;">• ${escapeHtml(r)}</div>`).join('');
  const html = `<tr><td style="padding:8px 0;border-bottom:1px solid ${C.rule};">
${sev} <span style="font-size:15px;line-height:20px;font-weight:600;color:${C.text};">${link(a.url, a.title)}</span>
<div style="font-size:12px;line-height:16px;${muted}padding:2px 0 2px 0;">${escapeHtml(meta)}</div>${reasons}
</td></tr>`;
  const text = [`[${s.severity[a.severity] ?? a.severity}] ${a.title}`, `  ${meta}`, ...a.reasons.map((r) => `  - ${r}`), ...(a.url ? [`  ${a.url}`] : [])];
  return { html, text };
}

function attention(d: Digest, f: Fmt): Part | null {
  const a = d.attention;
  if (!a) return null;
  const s = f.s.attention;
  const items = a.items.map((i) => attentionItem(i, f));
  const more = a.more > 0 ? plural(f.lang, s.more, a.more) : '';
  const html = table(items.map((i) => i.html).join('')) + (more ? `<div style="font-size:13px;line-height:18px;${muted}padding:6px 0;">${escapeHtml(more)}</div>` : '');
  const text = [...heading(s.heading), ...items.flatMap((i) => [...i.text, '']), ...(more ? [more] : [])];
  return { html: section(s.heading, html), text };
}

function topicLine(t: TopicFigures, f: Fmt): string {
  const s = f.s.topics;
  const flag = t.clear ? s.clearChange : t.few ? s.fewMentions : '';
  return `${f.tactic(t.tactic)} ${arrow(t.change)} ${f.signed(t.change)} (${f.int(t.current)} / ${f.int(t.previous)})${flag ? ` — ${flag}` : ''}`;
}

function topics(d: Digest, f: Fmt): Part | null {
  const t = d.topics;
  if (!t) return null;
  const s = f.s.topics;
  const n = f.s.numbers;
  const max = Math.max(1, ...t.top.map((x) => x.current));
  let html = `<div style="font-size:13px;line-height:18px;${muted}margin-bottom:6px;">${escapeHtml(s.intro(t.negative.current))}</div>`;
  const text = [...heading(s.heading), s.intro(t.negative.current)];
  if (t.top.length) {
    html += table(
      `<tr><th style="${headText}">${escapeHtml(s.topic)}</th><th style="${headText}text-align:right;">${escapeHtml(n.thisWeek)}</th><th style="${headText}">&nbsp;</th><th style="${headText}text-align:right;">${escapeHtml(n.previousWeek)}</th></tr>` +
        t.top
          .map(
            (x) =>
              `<tr>${td(escapeHtml(f.tactic(x.tactic)), cellText)}${td(f.int(x.current), cellText + num)}${td(bar(x.current / max), cellText + 'width:30%;vertical-align:middle;', 'width="30%"')}${td(
                f.int(x.previous),
                cellText + num + muted,
              )}</tr>`,
          )
          .join(''),
    );
    for (const x of t.top) text.push(`  ${f.tactic(x.tactic)}: ${f.int(x.current)} (${n.previousWeek}: ${f.int(x.previous)})`);
  }
  if (t.movers.length) {
    html +=
      `<div style="font-size:14px;line-height:20px;font-weight:600;color:${C.text};margin:12px 0 4px 0;">${escapeHtml(s.movers)}</div>` +
      t.movers.map((x) => `<div style="font-size:13px;line-height:18px;color:${changeColour(x.change)};">${escapeHtml(topicLine(x, f))}</div>`).join('');
    text.push('', s.movers, ...t.movers.map((x) => `  ${topicLine(x, f)}`));
  }
  return { html: section(s.heading, html), text };
}

function rateTable(title: string, groups: RateGroup[], dim: 'action_type' | 'channel' | 'team', f: Fmt): Part {
  const s = f.s.rates;
  const max = Math.max(1, ...groups.map((g) => g.current.rate.high ?? g.current.rate.value ?? 0));
  const rows = groups
    .map((g) => {
      const r = g.current.rate;
      const counts = `${plural(f.lang, s.complaintsN, g.current.complaints)} · ${plural(f.lang, s.casesN, g.current.cases)}${g.current.small ? ` · ${s.few}` : ''}`;
      return `<tr>${td(`${escapeHtml(f.group(dim, g.key))}<div style="font-size:11px;line-height:14px;${muted}">${escapeHtml(counts)}</div>`, cellText)}${td(
        `<strong>${escapeHtml(f.rate(r.value))}</strong><div style="font-size:11px;line-height:14px;${muted}">${escapeHtml(interval(f, r))}</div>${bar((r.value ?? 0) / max, g.current.small ? C.barPrev : C.bar)}`,
        cellText + 'text-align:right;width:40%;',
        'width="40%"',
      )}${td(escapeHtml(g.previous ? f.rate(g.previous.rate.value) : '—'), cellText + num + muted)}</tr>`;
    })
    .join('');
  const html =
    `<div style="font-size:14px;line-height:20px;font-weight:600;color:${C.text};margin:10px 0 4px 0;">${escapeHtml(title)}</div>` +
    table(
      `<tr><th style="${headText}">${escapeHtml(s.group)}</th><th style="${headText}text-align:right;">${escapeHtml(s.rate)} (${escapeHtml(s.interval)})</th><th style="${headText}text-align:right;">${escapeHtml(s.previous)}</th></tr>` +
        rows,
    );
  const text = [
    title,
    ...groups.map(
      (g) =>
        `  ${f.group(dim, g.key)}: ${f.rate(g.current.rate.value)} [${interval(f, g.current.rate)}], ${plural(f.lang, s.complaintsN, g.current.complaints)} / ${plural(f.lang, s.casesN, g.current.cases)}; ${s.previous.toLowerCase()} ${g.previous ? f.rate(g.previous.rate.value) : '—'}${g.current.small ? ` (${s.few})` : ''}`,
    ),
  ];
  return { html, text };
}

function changeLine(c: RateChange, f: Fmt): string {
  const s = f.s.rates;
  return `${f.group(c.dimension, c.key)} (${s.dimension[c.dimension]}): ${c.direction === 'up' ? s.up : s.down} ${f.rate(c.previous.rate.value)} → ${f.rate(c.current.rate.value)} [${interval(f, c.previous.rate)} → ${interval(f, c.current.rate)}] — ${s.clear}`;
}

function rates(d: Digest, f: Fmt): Part | null {
  const r = d.rates;
  if (!r) return null;
  const s = f.s.rates;
  const days = Math.round((r.period.to + 1 - r.period.from) / DAY_MS);
  let html = `<div style="font-size:13px;line-height:18px;${muted}">${escapeHtml(s.intro(days))}</div>`;
  const text = [...heading(s.heading), s.intro(days)];
  for (const [title, groups, dim] of [
    [s.byActionType, r.byActionType, 'action_type'],
    [s.byChannel, r.byChannel, 'channel'],
    [s.byTeam, r.byTeam, 'team'],
  ] as const) {
    if (!groups.length) continue;
    const part = rateTable(title, groups, dim, f);
    html += part.html;
    text.push('', ...part.text);
  }
  html += `<div style="font-size:14px;line-height:20px;font-weight:600;color:${C.text};margin:12px 0 4px 0;">${escapeHtml(s.changes)}</div>`;
  text.push('', s.changes);
  if (r.changes.length) {
    html += r.changes
      .map((c) => `<div style="font-size:13px;line-height:18px;color:${changeColour(c.direction === 'up' ? 1 : -1)};">${escapeHtml(changeLine(c, f))}</div>`)
      .join('');
    text.push(...r.changes.map((c) => `  ${changeLine(c, f)}`));
  }
  if (!r.changes.length) {
    html += `<div style="font-size:13px;line-height:18px;${muted}">${escapeHtml(s.noChanges)}</div>`;
    text.push(`  ${s.noChanges}`);
  }
  return { html: section(s.heading, html), text };
}

function steps(d: Digest, f: Fmt): Part | null {
  const st = d.steps;
  if (!st) return null;
  const s = f.s.steps;
  const intro = s.intro(st.followDays, st.sinceDays);
  const th = (h: string, right = false) => `<th style="${headText}${right ? num : ''}">${escapeHtml(h)}</th>`;
  const rows = st.effects.map((e) => ({
    name: s.names[e.step] ?? e.step,
    taken: s.cell(e.applied.complaints, e.applied.cases),
    notTaken: s.cell(e.without.complaints, e.without.cases),
    verdict: s.verdict[e.verdict],
    colour: e.verdict === 'fewer' ? changeColour(-1) : e.verdict === 'more' ? changeColour(1) : C.muted,
  }));
  const html =
    `<div style="font-size:13px;line-height:18px;${muted}">${escapeHtml(intro)}</div>` +
    table(
      `<tr>${th(s.step)}${th(s.taken, true)}${th(s.notTaken, true)}${th('')}</tr>` +
        rows
          .map(
            (r) =>
              `<tr>${td(escapeHtml(r.name), cellText)}${td(escapeHtml(r.taken), cellText + num)}${td(escapeHtml(r.notTaken), cellText + num)}${td(escapeHtml(r.verdict), `${cellText}color:${r.colour};`)}</tr>`,
          )
          .join(''),
      'margin-top:6px;',
    );
  const text = [...heading(s.heading), intro, ...rows.map((r) => `  ${r.name}: ${s.taken} ${r.taken} · ${s.notTaken} ${r.notTaken} · ${r.verdict}`)];
  return { html: section(s.heading, html), text };
}

function quote(m: QuotedMention, f: Fmt): Part {
  const s = f.s.mentions;
  const stats = [
    m.authorReach !== null && m.authorReach > 0 ? `${s.reach} ${f.int(m.authorReach)}` : '',
    m.engagement !== null && m.engagement > 0 ? `${s.engagement} ${f.int(m.engagement)}` : '',
  ].filter(Boolean);
  const meta = [m.sourceName, f.day(m.publishedAt), ...stats].join(' · ');
  const html = `<tr><td style="padding:8px 0 8px 10px;border-left:3px solid ${C.barPrev};">
<div style="font-size:12px;line-height:16px;${muted}">${escapeHtml(meta)}</div>
${m.title ? `<div style="font-size:14px;line-height:20px;font-weight:600;color:${C.text};">${escapeHtml(m.title)}</div>` : ''}
<div style="font-size:14px;line-height:20px;color:${C.text};">${escapeHtml(m.excerpt)}</div>
${m.url ? `<div style="font-size:13px;line-height:18px;padding-top:2px;">${link(m.url, `${s.open} →`)}</div>` : ''}
</td></tr><tr><td style="height:8px;font-size:1px;line-height:1px;">&nbsp;</td></tr>`;
  const text = [meta, ...(m.title ? [m.title] : []), `"${m.excerpt}"`, ...(m.url ? [m.url] : []), ''];
  return { html, text };
}

function mentions(d: Digest, f: Fmt): Part | null {
  if (!d.mentions) return null;
  const parts = d.mentions.map((m) => quote(m, f));
  return { html: section(f.s.mentions.heading, table(parts.map((p) => p.html).join(''))), text: [...heading(f.s.mentions.heading), ...parts.flatMap((p) => p.text)] };
}

function sourceLine(p: SourceProblem, f: Fmt): string {
  const s = f.s.sources;
  const detail = p.health === 'failing' ? `${s.lastError}: ${p.lastError ?? '—'}` : `${s.lastMention}: ${p.lastMentionAt !== null ? f.day(p.lastMentionAt) : s.never}`;
  return `${p.name} (${p.kind.replace(/_/g, ' ')}) — ${s.health[p.health]}; ${detail}`;
}

function sources(d: Digest, f: Fmt): Part | null {
  if (!d.sources) return null;
  const lines = d.sources.map((p) => sourceLine(p, f));
  const html = d.sources
    .map(
      (p, i) =>
        `<div style="font-size:13px;line-height:18px;color:${C.text};padding:2px 0;"><span style="color:${p.health === 'failing' ? C.up : C.muted};font-weight:700;">●</span> ${escapeHtml(lines[i])}</div>`,
    )
    .join('');
  return { html: section(f.s.sources.heading, html), text: [...heading(f.s.sources.heading), ...lines.map((l) => `  ${l}`)] };
}

/** "Earshot weekly: 2026-W47 — 312 mentions, 41% negative, 3 alerts need attention" in the digest's language. */
export function digestSubject(d: Digest): string {
  const f = formatter(d);
  const s = f.s.subject;
  const parts: string[] = [];
  if (d.numbers) {
    parts.push(`${f.int(d.numbers.current.mentions)} ${plural(f.lang, s.mentions, d.numbers.current.mentions)}`);
    if (d.numbers.current.negativeShare !== null) parts.push(`${f.pct(d.numbers.current.negativeShare)} ${s.negative}`);
  }
  const open = d.attention?.unresolved ?? 0;
  if (open > 0) parts.push(`${f.int(open)} ${plural(f.lang, s.alerts, open)} ${plural(f.lang, s.needAttention, open)}`);
  return `${s.prefix}: ${d.weekLabel}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

/** Section order by role: credit managers see complaint rates right after the numbers. */
function order(d: Digest): ((d: Digest, f: Fmt) => Part | null)[] {
  return d.role === 'credit_manager' ? [bigNumbers, attention, rates, steps, topics, mentions, sources] : [bigNumbers, attention, topics, rates, steps, mentions, sources];
}

export function renderDigest(d: Digest): { subject: string; html: string; text: string } {
  const f = formatter(d);
  const s = f.s;
  const subject = digestSubject(d);
  const parts = order(d)
    .map((fn) => fn(d, f))
    .filter((p): p is Part => p !== null);
  const span = f.weekSpan(d.range.from, d.range.to);
  const title = `${s.week(d.week.week)} · ${span}`;
  const footer = `${s.footer.role}: ${s.roles[d.role]} · ${s.footer.timeZone} ${d.timeZone}`;
  const body = parts.length
    ? parts.map((p) => p.html).join('\n')
    : section(s.numbers.heading, `<div style="font-size:14px;line-height:20px;color:${C.text};">${escapeHtml(s.nothing)}</div>`);

  const html = emailDocument({
    lang: d.language,
    subject,
    kicker: s.title,
    title,
    body,
    footer: `${escapeHtml(footer)}${d.baseUrl ? ` · ${link(d.baseUrl, s.footer.dashboard)}` : ''}`,
  });

  const text = [
    `${s.title} — ${title}`,
    '',
    ...(parts.length ? parts.flatMap((p) => [...trimEnd(p.text), '']) : [s.nothing, '']),
    '--',
    footer,
    ...(d.baseUrl ? [`${s.footer.dashboard}: ${d.baseUrl}`] : []),
  ].join('\n');

  return { subject, html, text };
}
