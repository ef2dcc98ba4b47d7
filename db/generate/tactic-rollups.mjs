#!/usr/bin/env node
// Prints the hand-written part of migration 0017: the Tactics rollups (db/schema/tactic-rollups.ts) kept for every
// grouping of db/queries/analytics.ts — each of GROUP_BYS, and each of PAIR_FIRSTS by each of PAIR_SECONDS (keep
// them in step: the rollup test checks every one against its definition) — by triggers that run the same on
// libSQL and D1. The triggers that only recount complaints read the view and stay as migration 0012 wrote them.
//   node db/generate/tactic-rollups.mjs > body.sql
const D = 86_400_000;

/** Each dimension's value for action `a` of case `c`; an action's own team wins over its case's. */
const DIMS = {
  action_type: { key: (a) => `${a}.action_type`, onAction: true },
  channel: { key: (a) => `${a}.channel`, onAction: true },
  team: { key: (a, c) => `coalesce(${a}.team, ${c}.team, '')`, onAction: true },
  segment: { key: (_, c) => `${c}.segment` },
  creditor: { key: (_, c) => `${c}.creditor` },
  country: { key: (_, c) => `${c}.country` },
};
/** The pairs: who (team, creditor, segment) by what was done (action type, channel). */
const PAIRS = ['team', 'creditor', 'segment'].flatMap((first) => ['action_type', 'channel'].map((second) => [first, second]));
const KINDS = [...Object.keys(DIMS).map((d) => [d]), ...PAIRS];
const name = (dims) => dims.join('+');
// A pair's key is its two values with the unit separator between them (no name or code holds it).
const keyOf = (dims, a, c) => dims.map((d) => DIMS[d].key(a, c)).join(' || char(31) || ');
const KIND_LIST = `'${JSON.stringify(KINDS.map(name))}'`;
/** The key of the grouping named by `kind` (an SQL expression) for action `a` of case `c`. */
const keyByKind = (kind, a, c) => `CASE ${kind} ${KINDS.map((k) => `WHEN '${name(k)}' THEN ${keyOf(k, a, c)}`).join(' ')} END`;

const out = [];
const stmt = (s) => out.push(s.trim().replace(/\n\s*\n/g, '\n'));
const trigger = (name, when, body) => `CREATE TRIGGER ${name} ${when} BEGIN\n  ${body.join('\n  ')}\nEND;`;

// ---------- exposure ----------
// The previous / next action of the same case in the same group as row R (NEW or OLD), in (at, id) order. Groupings
// with the same dimensions on the action share their neighbours (a case's segment, creditor and country are fixed),
// so each set of them (SETS) is looked up once.
const setOf = (dims) => dims.filter((d) => DIMS[d].onAction).join(',');
const SETS = [...new Set(KINDS.map(setOf))];
const before = (R) => `(at < ${R}.at OR (at = ${R}.at AND id < ${R}.id))`;
const after = (R) => `(at > ${R}.at OR (at = ${R}.at AND id > ${R}.id))`;
// A subquery in FROM cannot see the case joined beside it: its team is read from the row's case.
const caseTeam = (R) => `(SELECT team FROM cases WHERE id = ${R}.case_id)`;
const sameGroup = (set, R) =>
  [
    `case_id = ${R}.case_id`,
    ...(set ? set.split(',') : []).map((d) => (d === 'team' ? `coalesce(team, ${caseTeam(R)}, '') = coalesce(${R}.team, ${caseTeam(R)}, '')` : `${d} = ${R}.${d}`)),
  ].join(' AND ');
const prev = (set, R) => `(SELECT at FROM case_actions WHERE ${sameGroup(set, R)} AND ${before(R)} ORDER BY at DESC, id DESC LIMIT 1)`;
const next = (set, R) => `(SELECT at FROM case_actions WHERE ${sameGroup(set, R)} AND ${after(R)} ORDER BY at, id LIMIT 1)`;
// Row R added (sign 1) or removed (sign -1) between its neighbours p and x in each grouping: R's own (day, prev)
// pair, and x's pair moving from (x, p) to (x, R) or back. One statement per set of dimensions on the action: its
// neighbours looked up once (LIMIT 1 keeps that subquery from being flattened into the rows after it) and the case
// read once, then every grouping of the set as rows of a VALUES list (not a UNION: D1 allows at most five terms in a
// compound SELECT).
function exposureStep(R, sign) {
  return SETS.map((set) => {
    const kinds = KINDS.filter((k) => setOf(k) === set);
    const key = kinds.length === 1 ? keyOf(kinds[0], R, 'c') : `CASE k.kind ${kinds.map((k) => `WHEN '${name(k)}' THEN ${keyOf(k, R, 'c')}`).join(' ')} END`;
    return `INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT k.kind, ${key},
           CASE r.i WHEN 0 THEN ${R}.at / ${D} ELSE n.x / ${D} END,
           CASE r.i WHEN 2 THEN ${R}.at / ${D} ELSE coalesce(n.p / ${D}, -1) END,
           CASE r.i WHEN 1 THEN ${-sign} ELSE ${sign} END
    FROM (SELECT ${prev(set, R)} AS p, ${next(set, R)} AS x LIMIT 1) n
    CROSS JOIN cases c ON c.id = ${R}.case_id
    CROSS JOIN (SELECT column1 AS kind FROM (VALUES ${kinds.map((k) => `('${name(k)}')`).join(', ')})) k
    CROSS JOIN (SELECT column1 AS i FROM (VALUES (0), (1), (2))) r
    WHERE r.i = 0 OR n.x IS NOT NULL
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;`;
  });
}

// Every grouping's pairs for the actions of the cases meeting `where` (on a), with the case's values from `c`
// (a joined row, or OLD / NEW in a case's trigger): what a change to a case or to an action's team recounts.
function exposureOfCases(where, c, sign) {
  const join = c === 'c' ? 'CROSS JOIN cases c ON c.id = a.case_id' : '';
  const key = keyByKind('k.value', 'a', c);
  return `INSERT INTO tactic_exposure (kind, key, day, prev_day, actions)
    SELECT kind, key, day, prev_day, ${sign} * count(*) FROM (
      SELECT k.value AS kind, ${key} AS key, a.at / ${D} AS day,
             coalesce(lag(a.at) OVER (PARTITION BY a.case_id, k.value, ${key} ORDER BY a.at, a.id) / ${D}, -1) AS prev_day
      FROM case_actions a ${join} CROSS JOIN json_each(${KIND_LIST}) k WHERE ${where})
    WHERE true GROUP BY 1, 2, 3, 4
    ON CONFLICT (kind, day, key, prev_day) DO UPDATE SET actions = actions + excluded.actions;`;
}

stmt(`DROP VIEW tactic_complaint_actions;`);
for (const t of [
  'case_actions_rollup_insert',
  'case_actions_rollup_delete',
  'case_actions_rollup_team_before',
  'case_actions_rollup_team_after',
  'cases_rollup_update_before',
  'cases_rollup_update_after',
])
  stmt(`DROP TRIGGER ${t};`);

stmt(`-- Each complaint with every action on a linked case at or before its publication, once per grouping (see
-- db/schema/tactic-rollups.ts). The triggers and the Tactics queries read it for one mention, a case's mentions
-- or the mentions published in a few days.
CREATE VIEW tactic_complaint_actions AS
SELECT m.id AS mention_id, m.published_at, m.published_at / ${D} AS day, ma.tactics, l.id AS link_id, l.status, a.id AS action_id, a.at, k.value AS kind,
       ${keyByKind('k.value', 'a', 'c')} AS key
FROM mentions m
CROSS JOIN mention_case_links l ON l.mention_id = m.id
CROSS JOIN mention_analysis ma ON ma.mention_id = m.id
CROSS JOIN cases c ON c.id = l.case_id
CROSS JOIN case_actions a ON a.case_id = l.case_id AND a.at <= m.published_at
CROSS JOIN json_each(${KIND_LIST}) k
WHERE ma.sentiment_label = 'negative' AND ma.is_relevant = 1;`);

stmt(trigger('case_actions_rollup_insert', `AFTER INSERT ON case_actions`, exposureStep('NEW', 1)));
stmt(trigger('case_actions_rollup_delete', `AFTER DELETE ON case_actions`, exposureStep('OLD', -1)));
// The complaints of the case's linked mentions, as migration 0012 recounts them around a change of team or case.
const complaints = (sign, caseId) => `INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
    SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / ${D}, ${sign} * count(*)
    FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = ${caseId})) GROUP BY mention_id, kind, key
          UNION ALL
          SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM (SELECT * FROM tactic_complaint_actions WHERE mention_id IN (SELECT mention_id FROM mention_case_links WHERE case_id = ${caseId})) WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
    CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
    WHERE true GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (kind, links, tactic, day, key, last_day) DO UPDATE SET complaints = complaints + excluded.complaints;`;
const teamChanged = `OLD.team IS NOT NEW.team`;
stmt(
  trigger('case_actions_rollup_team_before', `BEFORE UPDATE OF team ON case_actions WHEN ${teamChanged}`, [
    exposureOfCases('a.case_id = OLD.case_id', 'c', -1),
    complaints(-1, 'OLD.case_id'),
  ]),
);
stmt(
  trigger('case_actions_rollup_team_after', `AFTER UPDATE OF team ON case_actions WHEN ${teamChanged}`, [
    exposureOfCases('a.case_id = NEW.case_id', 'c', 1),
    complaints(1, 'NEW.case_id'),
  ]),
);
const caseChanged = `OLD.segment IS NOT NEW.segment OR OLD.creditor IS NOT NEW.creditor OR OLD.country IS NOT NEW.country OR OLD.team IS NOT NEW.team`;
stmt(
  trigger('cases_rollup_update_before', `BEFORE UPDATE OF segment, creditor, country, team ON cases WHEN ${caseChanged}`, [
    exposureOfCases('a.case_id = OLD.id', 'OLD', -1),
    complaints(-1, 'OLD.id'),
  ]),
);
stmt(
  trigger('cases_rollup_update_after', `AFTER UPDATE OF segment, creditor, country, team ON cases WHEN ${caseChanged}`, [
    exposureOfCases('a.case_id = NEW.id', 'NEW', 1),
    complaints(1, 'NEW.id'),
  ]),
);

// Everything stored, counted again for every grouping.
stmt(`DELETE FROM tactic_exposure;`);
stmt(`DELETE FROM tactic_complaints;`);
stmt(exposureOfCases('true', 'c', 1).replace(/\n\s*ON CONFLICT[^;]*;/, ';'));
stmt(`INSERT INTO tactic_complaints (kind, links, tactic, day, key, last_day, complaints)
SELECT f.kind, f.links, t.value, f.day, f.key, f.last_at / ${D}, count(*)
FROM (SELECT mention_id, kind, key, day, tactics, 'any' AS links, max(at) AS last_at FROM tactic_complaint_actions GROUP BY mention_id, kind, key
      UNION ALL
      SELECT mention_id, kind, key, day, tactics, 'confirmed', max(at) FROM tactic_complaint_actions WHERE status = 'confirmed' GROUP BY mention_id, kind, key) f
CROSS JOIN json_each(CASE WHEN json_array_length(f.tactics) > 0 THEN json_insert(f.tactics, '$[#]', '*') ELSE '["*",""]' END) t
WHERE true GROUP BY 1, 2, 3, 4, 5, 6;`);

console.log(out.join('\n--> statement-breakpoint\n'));
