/**
 * The dashboard's one stylesheet, served from memory at /static/style.css (no file system at runtime:
 * this also runs on Cloudflare Workers). The app's CSP allows only same-origin styles, so every bit of
 * styling lives here — pages and SVG charts use classes, never `style=` attributes. Negative and positive (and
 * "clearly higher" and "clearly lower") are red and blue, told apart with every common colour blindness, and never
 * by colour alone: a word or a sign goes with each.
 */
export const STYLE_CSS = `
:root {
  --bg: #f6f7f9;
  --surface: #ffffff;
  --text: #1f2329;
  --muted: #545a63;
  --border: #d5d8dd;
  --accent: #2458a6;
  --accent-text: #ffffff;
  --focus: #1a66d2;
  --neg: #c2413b;
  --neu: #8a8f98;
  --pos: #2f6db5;
  --bar: #3d6fb6;
  --neg-bg: #fbe7e5;
  --neg-text: #962a23;
  --neu-bg: #eceef1;
  --neu-text: #40454c;
  --pos-bg: #e3edf9;
  --pos-text: #1d4b86;
  --mark-neg: #f9d3cf;
  --mark-pos: #cfe0f5;
  --mark-neu: #e2e5e9;
  --mark-other: #fcefb4;
  --warn-bg: #fff6dd;
  --warn-border: #e2c15b;
  --error-bg: #fdecea;
  --error-border: #d9756c;
  --warn-text: #6b5000;
  --silent-bg: #ebe7f7;
  --silent-text: #4a3a8c;
  --danger: #b3261e;
  --danger-text: #ffffff;
  --radius: 8px;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15181c;
    --surface: #1e2227;
    --text: #e7e9ec;
    --muted: #a6adb7;
    --border: #3a4048;
    --accent: #7fb0ff;
    --accent-text: #0d1a2e;
    --focus: #8fbaff;
    --neg: #e5716a;
    --neu: #98a0ab;
    --pos: #6aa6ef;
    --bar: #6d9be0;
    --neg-bg: #4a2422;
    --neg-text: #ffc9c4;
    --neu-bg: #30353c;
    --neu-text: #dde1e6;
    --pos-bg: #1c3150;
    --pos-text: #c5dcff;
    --mark-neg: #6b2e2a;
    --mark-pos: #24406a;
    --mark-neu: #3b4149;
    --mark-other: #5a4d16;
    --warn-bg: #3d3415;
    --warn-border: #8a7426;
    --error-bg: #48221f;
    --error-border: #a5524a;
    --warn-text: #f3dc8a;
    --silent-bg: #2f2a48;
    --silent-text: #d6ceff;
    --danger: #ff8a80;
    --danger-text: #2a0906;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  font-size: 16px;
  line-height: 1.5;
}
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 1rem; top: .5rem; z-index: 10; background: var(--surface); padding: .5rem .75rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

/* top bar */
.topbar { background: var(--surface); border-bottom: 1px solid var(--border); }
.nav { max-width: 1120px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; }
.brand { font-weight: 700; font-size: 1.1rem; color: var(--text); text-decoration: none; letter-spacing: .01em; }
.nav-links { list-style: none; display: flex; gap: .25rem; margin: 0; padding: 0; }
.nav-links a { display: inline-block; padding: .3rem .6rem; border-radius: 6px; text-decoration: none; color: var(--text); }
.nav-links a:hover { background: var(--bg); }
.nav-links a[aria-current="page"] { background: var(--neu-bg); font-weight: 600; }
.nav-user { margin-left: auto; display: flex; align-items: center; gap: .75rem; font-size: .9rem; color: var(--muted); flex-wrap: wrap; }
.nav-user .email { color: var(--text); overflow-wrap: anywhere; }
.nav-user .role { border: 1px solid var(--border); border-radius: 999px; padding: 0 .5rem; font-size: .8rem; }
.logout { margin: 0; }
.link-button { font: inherit; background: none; border: 1px solid var(--border); color: var(--text); border-radius: 6px; padding: .2rem .6rem; cursor: pointer; }
.link-button:hover { background: var(--bg); }

.main { max-width: 1120px; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem 1.25rem; }
.stack > * + * { margin-top: 1rem; }
.kind-choices { list-style: none; margin: 0; padding: 1rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .6rem; }
.kind-choices .button { width: 100%; text-align: left; }
.muted { color: var(--muted); }
.notice { border: 1px solid var(--warn-border); background: var(--warn-bg); border-radius: var(--radius); padding: .6rem .9rem; margin: 0 0 1rem; }
.notice ul { margin: 0; padding-left: 1.2rem; }
.error { border: 1px solid var(--error-border); background: var(--error-bg); border-radius: var(--radius); padding: .6rem .9rem; margin: 0 0 1rem; }

/* forms */
label { display: block; font-size: .85rem; font-weight: 600; color: var(--muted); margin-bottom: .2rem; }
input, select, button, textarea { font: inherit; }
input:not([type]), input[type=text], input[type=search], input[type=email], input[type=password], input[type=date], input[type=url], input[type=number], select, textarea {
  width: 100%; padding: .45rem .55rem; border: 1px solid var(--border); border-radius: 6px;
  background: var(--surface); color: var(--text); min-height: 2.75rem;
}
.button, button[type=submit]:not(.link-button) {
  display: inline-block; background: var(--accent); color: var(--accent-text); border: 1px solid var(--accent);
  border-radius: 6px; padding: .45rem 1rem; font-weight: 600; cursor: pointer; text-decoration: none; min-height: 2.75rem;
}
.button.secondary { background: transparent; color: var(--accent); }
.checkbox { display: flex; align-items: center; gap: .4rem; font-weight: 400; color: var(--text); font-size: .95rem; }

.login { max-width: 380px; margin: 3rem auto; }
.login .field { margin-bottom: .9rem; }
.login button { width: 100%; }

.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: .75rem 1rem; align-items: end; margin-bottom: 1rem; }
.filters .wide { grid-column: span 2; }
.filters fieldset { border: 0; padding: 0; margin: 0; }
.filters .actions { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }

/* overview */
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem 1rem; margin-bottom: 1rem; }
.page-head h1 { margin: 0; }
.ranges { display: flex; gap: .25rem; list-style: none; margin: 0; padding: 0; }
.ranges a { display: inline-block; padding: .2rem .6rem; border: 1px solid var(--border); border-radius: 999px; text-decoration: none; color: var(--text); background: var(--surface); }
.ranges a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 1rem; margin: 0 0 1rem; }
.stat { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .8rem 1rem; margin: 0; }
.stat dt { font-size: .85rem; color: var(--muted); }
.stat dd { margin: 0; font-size: 1.75rem; font-weight: 650; line-height: 1.2; }
.stat dd a { color: inherit; text-decoration: none; }
.stat dd a:hover { text-decoration: underline; }
.stat .sub { display: block; font-size: .85rem; font-weight: 400; color: var(--muted); }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
.card h2 { margin-top: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; padding: 0; margin: .25rem 0 0; font-size: .85rem; color: var(--muted); }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .35rem; vertical-align: -1px; }
.swatch.s-negative { background: var(--neg); }
.swatch.s-neutral { background: var(--neu); }
.swatch.s-positive { background: var(--pos); }
details.data { margin-top: .5rem; font-size: .9rem; }
details.data summary { cursor: pointer; color: var(--muted); }

/* charts: width 100%, fixed height; horizontal positions are percentages, so text keeps its size */
.chart { display: block; width: 100%; overflow: visible; }
.chart text { font-family: inherit; font-size: 12px; fill: var(--muted); }
.chart .label, .chart .value { font-size: 14px; fill: var(--text); }
.chart .value { font-variant-numeric: tabular-nums; font-weight: 600; }
.chart .y-axis text { paint-order: stroke; stroke: var(--surface); stroke-width: 4px; stroke-linejoin: round; }
.chart .empty { font-size: 14px; fill: var(--muted); }
.chart line.grid { stroke: var(--border); stroke-width: 1; }
.chart .track { fill: var(--neu-bg); }
.chart .bar.s-negative { fill: var(--neg); }
.chart .bar.s-neutral { fill: var(--neu); }
.chart .bar.s-positive { fill: var(--pos); }
.chart .bar.b-language, .chart .bar.b-default { fill: var(--bar); }
.chart .bar.b-tactic { fill: var(--neg); }
.chart a:hover .bar { opacity: .8; }
.chart a:hover text { text-decoration: underline; }
.chart a:focus { outline: none; }
.chart a:focus-visible .bar { stroke: var(--focus); stroke-width: 3px; }
.chart a:focus-visible text { fill: var(--focus); font-weight: 700; text-decoration: underline; }

/* mentions list */
.result-meta { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; color: var(--muted); font-size: .9rem; margin-bottom: .5rem; }
.mention-list { list-style: none; margin: 0; padding: 0; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); }
.mention-row { padding: .8rem 1rem; border-top: 1px solid var(--border); }
.mention-row:first-child { border-top: 0; }
.mention-row .title { font-size: 1rem; font-weight: 600; margin: 0 0 .2rem; overflow-wrap: anywhere; }
.mention-row .title a { color: var(--text); text-decoration: none; }
.mention-row .title a:hover { color: var(--accent); text-decoration: underline; }
.snippet { margin: 0 0 .25rem; color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
.meta { display: flex; flex-wrap: wrap; align-items: center; gap: .2rem .75rem; font-size: .85rem; color: var(--muted); margin: 0; }
.meta .author { overflow-wrap: anywhere; }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 1rem; }
.empty-state { padding: 2rem 1rem; text-align: center; color: var(--muted); }

.badge { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: .8rem; font-weight: 600; line-height: 1.6; white-space: nowrap; }
.badge.s-negative { background: var(--neg-bg); color: var(--neg-text); }
.badge.s-neutral { background: var(--neu-bg); color: var(--neu-text); }
.badge.s-positive { background: var(--pos-bg); color: var(--pos-text); }
.badge.s-none { background: transparent; color: var(--muted); border: 1px dashed var(--border); }
.badge .score { font-weight: 400; }
.lang { font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.chips { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; padding: 0; margin: .35rem 0 0; }
.chip { display: inline-block; border: 1px solid var(--border); border-radius: 6px; padding: 0 .45rem; font-size: .8rem; color: var(--text); text-decoration: none; background: var(--bg); }
a.chip:hover { border-color: var(--accent); color: var(--accent); }
.chip.uncertain { border-style: dashed; color: var(--muted); }
.sureness { color: var(--muted); font-size: .8rem; }
.sureness.uncertain { font-style: italic; }
.corrected { border-left: 3px solid var(--accent); padding: .3rem .7rem; margin: 0 0 .8rem; }
.reasons { margin: 0; padding-left: 1.1rem; }
.reasons li { margin: .25rem 0; }
details.correct { margin-top: 1rem; }
details.correct summary { cursor: pointer; font-weight: 600; }
details.correct .checks { display: flex; flex-wrap: wrap; gap: .3rem 1rem; }

/* one mention */
.back { display: inline-block; margin-bottom: .75rem; }
.mention-head h1 { overflow-wrap: anywhere; }
.mention-head .meta { margin-bottom: 1rem; }
.mention-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.05rem; line-height: 1.65; max-width: 72ch; }
mark.ev { color: inherit; border-radius: 3px; padding: 0 .1em; background: var(--mark-other); box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.ev-negative { background: var(--mark-neg); }
mark.ev-positive { background: var(--mark-pos); }
mark.ev-neutral { background: var(--mark-neu); }
mark.ev-tactics { background: transparent; border-bottom: 2px solid var(--neg); border-radius: 0; }
mark.ev-channel, mark.ev-escalation, mark.ev-vulnerability, mark.ev-payer_stance, mark.ev-case_refs { background: var(--mark-other); }
/* Relative: visually hidden labels inside a wide table stay clipped by it instead of widening the page. */
.table-wrap { overflow-x: auto; position: relative; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
thead th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.labels th { width: 11rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.external { overflow-wrap: anywhere; }

/* sources */
.flash { border: 1px solid var(--pos); background: var(--pos-bg); border-radius: var(--radius); padding: .6rem .9rem; margin: 0 0 1rem; }
.card.flush { padding: 0; }
table.sources th, table.sources td { padding: .55rem .5rem; }
/* Header words may wrap between words, never inside one. */
table.sources thead th, table.preview-items thead th { overflow-wrap: normal; }
.source-name { font-weight: 600; min-width: 10rem; }
table.sources .kind { min-width: 6rem; }
.sub { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
table.sources .when { min-width: 7rem; }
table.sources .last-error { max-width: 20rem; }
table.sources .volume { min-width: 7.5rem; }
.per-day { font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart.chart-spark { width: 7.5rem; margin-top: .2rem; }
.chart .baseline { stroke: var(--border); stroke-width: 1; }
.row-actions { display: flex; flex-wrap: wrap; gap: .3rem; position: relative; } /* keeps the hidden button text inside the scrolling table */
.row-action { margin: 0; }
button[type=submit].small, .button.small {
  background: var(--surface); color: var(--accent); border: 1px solid var(--border);
  padding: .15rem .55rem; min-height: 0; font-size: .85rem; white-space: nowrap;
}
button[type=submit].small:hover, .button.small:hover { border-color: var(--accent); }
button[type=submit].secondary, .button.secondary { background: transparent; color: var(--accent); }
button[type=submit].danger, .button.danger { background: var(--danger); border-color: var(--danger); color: var(--danger-text); }
button[type=submit].small.danger, .button.small.danger { background: var(--surface); color: var(--neg-text); border-color: var(--border); }
button[type=submit].small.danger:hover, .button.small.danger:hover { border-color: var(--neg); }
.badge.health { border: 1px solid transparent; }
.badge.h-new { background: var(--neu-bg); color: var(--text); border: 1px dashed var(--border); }
.badge.h-healthy { background: var(--pos-bg); color: var(--pos-text); }
.badge.h-degraded { background: var(--warn-bg); color: var(--warn-text); border-color: var(--warn-border); }
.badge.h-failing { background: var(--neg-bg); color: var(--neg-text); border-color: var(--error-border); }
.badge.h-silent { background: var(--silent-bg); color: var(--silent-text); }
.badge.h-paused { background: transparent; color: var(--muted); border: 1px dashed var(--border); }
.health-legend { margin: .5rem 0 0; }
.health-legend > div { display: flex; gap: .6rem; align-items: baseline; margin-bottom: .3rem; }
.health-legend dt { min-width: 5.5rem; }
.health-legend dd { margin: 0; }
.source-form { max-width: 46rem; }
.source-form .field { margin-bottom: 1rem; }
.source-form textarea { min-height: 4.5rem; resize: vertical; }
.hint { font-size: .85rem; color: var(--muted); margin: .25rem 0 0; }
.hint code { color: var(--text); }
.reenter { color: var(--text); }
.optional { font-weight: 400; }
fieldset.settings { border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem 1rem .25rem; margin: 0 0 1rem; min-width: 0; }
fieldset.settings legend { font-weight: 600; padding: 0 .3rem; }
.form-actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: 0; }
.error ul { margin: .25rem 0 0; padding-left: 1.2rem; }
.error p { margin: 0; }
.preview-title { display: block; }
.confirm { max-width: 38rem; }

/* cases */
.case-search { max-width: 34rem; }
.case-search-row { display: flex; gap: .5rem; }
.case-search-row input { flex: 1; min-width: 0; }
.case-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem 1.25rem; margin: 0; }
.case-facts dt { font-size: .8rem; font-weight: 600; color: var(--muted); }
.case-facts dd { margin: .1rem 0 0; overflow-wrap: anywhere; }
.timeline { list-style: none; margin: 0; padding: 0; border-left: 2px solid var(--border); }
.tl-item { position: relative; display: grid; grid-template-columns: 11rem 1fr; gap: .25rem 1rem; padding: .6rem 0 .6rem 1rem; }
.tl-item + .tl-item { border-top: 1px solid var(--border); }
.tl-item::before { content: ""; position: absolute; left: -6px; top: 1rem; width: 10px; height: 10px; border-radius: 50%; background: var(--surface); border: 2px solid var(--neu); }
.tl-mention::before { border-color: var(--accent); background: var(--accent); }
.tl-when { font-size: .85rem; color: var(--muted); padding-top: .1rem; }
.tl-body > p { margin: 0 0 .3rem; }
.tl-body .row-actions { margin-top: .3rem; }
.tl-excerpt { overflow-wrap: anywhere; }
.badge.tl-kind { background: var(--neu-bg); color: var(--neu-text); font-weight: 400; }
.badge.link-status { border: 1px solid var(--border); }
.badge.ls-confirmed { background: var(--pos-bg); color: var(--pos-text); border-color: transparent; }
.badge.ls-suggested { background: var(--warn-bg); color: var(--warn-text); border-color: var(--warn-border); }
.linked-cases { margin: 0; padding-left: 1.2rem; }
.linked-cases li + li { margin-top: .3rem; }

/* tactics */
.sort-links { margin: 0 0 .5rem; font-size: .9rem; }
table.tactics thead th { overflow-wrap: normal; }
table.tactics .interval-col { min-width: 9rem; width: 22%; }
.small-note { color: var(--warn-text); overflow-wrap: normal; }
table.tactics tbody th { min-width: 8rem; }
.explain { margin: .6rem 0 0; font-size: .88rem; }
.chart-interval { display: block; }
.chart-interval .baseline { stroke: var(--border); }
.chart-interval .whisker, .chart-interval .whisker-end { stroke: var(--text); }
.chart-interval .point { fill: var(--accent); }
table.heatmap caption { caption-side: bottom; text-align: left; padding-top: .5rem; font-size: .88rem; }
table.heatmap thead th { overflow-wrap: normal; }
td.heat { text-align: center; }
td.heat-0 { color: var(--muted); }
td.heat-1 { background: color-mix(in srgb, var(--neg) 12%, transparent); }
td.heat-2 { background: color-mix(in srgb, var(--neg) 25%, transparent); }
td.heat-3 { background: color-mix(in srgb, var(--neg) 40%, transparent); font-weight: 600; }
td.heat-4 { background: color-mix(in srgb, var(--neg) 58%, transparent); font-weight: 700; }
.change-words { margin: 1rem 0 .5rem; }
section.card + section.card { margin-top: 1rem; }

@media (max-width: 640px) {
  body { font-size: 15px; }
  .main { padding: 1rem .75rem 2.5rem; }
  .nav { padding: .5rem .75rem; }
  /* The links wrap onto a second line instead of widening the page past the screen. */
  .nav-links { flex-wrap: wrap; }
  .nav-user { margin-left: 0; width: 100%; justify-content: space-between; }
  .filters { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
  .filters .wide { grid-column: 1 / -1; }
  .stat dd { font-size: 1.4rem; }
  table.labels th { width: 8rem; }
  .mention-row { padding: .7rem .75rem; }
  .tl-item { grid-template-columns: 1fr; }
  /* Tables marked "cards" become one card per row, each cell under its column's name. */
  table.cards thead { display: none; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; }
  table.cards tr { border-bottom: 1px solid var(--border); padding: .5rem .25rem; }
  table.cards td { border: 0; padding: .1rem .35rem; overflow-wrap: normal; }
  table.cards td.num { text-align: left; white-space: normal; }
  table.cards caption { display: block; text-align: left; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .85rem; }
  /* Touch targets: 44 px for anything pressed or typed in, 24 px check boxes and radio buttons. */
  input, select, textarea, button, .button, .button.small, button[type=submit].small, .link-button { min-height: 44px; }
  .nav-links a, .button, .link-button { display: inline-flex; align-items: center; min-height: 44px; }
  input[type=checkbox], input[type=radio] { min-height: 0; width: 1.5rem; height: 1.5rem; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
/* alerts */
.badge.severity { text-transform: uppercase; letter-spacing: .02em; }
.badge.sev-low { background: var(--neu-bg); color: var(--neu-text); }
.badge.sev-medium { background: var(--warn-bg); color: var(--warn-text); border: 1px solid var(--warn-border); }
.badge.sev-high { background: var(--neg-bg); color: var(--neg-text); border: 1px solid var(--error-border); }
.badge.sev-critical { background: var(--danger); color: var(--danger-text); }
.badge.alert-status { border: 1px solid var(--border); font-weight: 400; }
.badge.as-resolved { color: var(--muted); }
.digest-frame { width: 100%; max-width: 680px; height: 80vh; border: 1px solid var(--border); border-radius: var(--radius); background: #fff; }
.digest-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.settings-list { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .9rem; }
.settings-list p { margin: 0; }
table.users .settings-list { margin: 0; gap: .35rem; }
table.users .row-action { display: inline-block; }
.rule-form { margin-top: .5rem; }
.rule-form fieldset { border: 1px solid var(--border); border-radius: var(--radius); }
.kind-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .4rem .8rem; }
.kind-grid input { width: 100%; }
.overview-alerts { list-style: none; padding: 0; margin: 0; display: grid; gap: .5rem; }
.overview-alerts .sub { display: block; }
.alert-list { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.alert-item { border-left-width: 5px; }
.sev-edge-low { border-left-color: var(--neu); }
.sev-edge-medium { border-left-color: var(--warn-border); }
.sev-edge-high { border-left-color: var(--neg); }
.sev-edge-critical { border-left-color: var(--danger); }
.alert-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem; }
.alert-title { font-weight: 600; }
.reasons { margin: .4rem 0; padding-left: 1.2rem; }
.collapsed { margin: .4rem 0; padding: .4rem .6rem; background: var(--bg); border-radius: 6px; }
.saved-views { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .8rem; margin: 1rem 0; padding: .6rem 1rem; }
.saved-views ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem .9rem; }
.saved-views li { display: flex; align-items: center; gap: .3rem; }
.save-view { display: flex; gap: .4rem; align-items: center; margin-left: auto; }
.save-view input { width: 14rem; max-width: 100%; }
.alert-actions { display: grid; gap: .6rem; margin-top: .6rem; }
.note-form, .handover-form { display: grid; gap: .3rem; max-width: 40rem; }
.schedule-picker { border: 0; padding: 0; margin: 0; display: grid; gap: .4rem; }
.schedule-row { display: flex; gap: .5rem; flex-wrap: wrap; }
.schedule-row select { width: auto; }
.bulk-bar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 .75rem; }
.alert-head .tick { width: 1.5rem; height: 1.5rem; vertical-align: middle; margin-right: .35rem; }
.alert-mentions { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
.history { padding-left: 1.2rem; }
.note { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid var(--border); white-space: pre-wrap; }
`;

/** FNV-1a, for a cache-busting version: changes whenever the stylesheet does. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export const STYLE_VERSION = fnv1a(STYLE_CSS);

/** What pages link to; the version lets the response be cached for a long time. */
export const STYLE_HREF = `/static/style.css?v=${STYLE_VERSION}`;
