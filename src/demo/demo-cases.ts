// The demo workspace's collection cases: invented cases and collection actions of the fictional collector
// "Lumera" for four fictional creditors, with the public complaints some of them lead to. Everything is generated
// from a fixed seed, laid out relative to an anchor (the start of the UTC day the demo was first seeded), so the
// same anchor always gives the same rows, byte for byte. Runtime-neutral: no Node APIs, the time comes in.
//
// One effect is planted for the Tactics page to find: from CADENCE_CHANGE_DAYS before the anchor, team "Riga B"
// sends the telecom creditor's SMS reminders late in the evening (21:00–23:30 local time) and every week instead of
// every month or so, weekends included. Cases that get those messages complain in public about fourteen times as
// often as the rest, mostly about the hour.
// Nobody in this data exists: no debtor identifiers at all, agents and teams are plain codes.
// Its parts: demo-case-model.ts (the facts and row shapes), demo-case-life.ts (each case's actions),
// demo-complaint-templates.ts (what the posts say), demo-random.ts and demo-local-time.ts.
import { mulberry32 } from '../core/random.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/time/durations.ts';
import { drawCases, iso, simulateCase, type CaseState } from './demo-case-life.ts';
import {
  CADENCE_CHANGE_DAYS,
  type ActionType,
  type CreditorKind,
  type DemoActionRow,
  type DemoCaseData,
  type DemoCaseMention,
  type DemoCaseRow,
  type DemoLanguage,
} from './demo-case-model.ts';
import { TEMPLATES, type Template, type TemplateGroup } from './demo-complaint-templates.ts';
import { isLateEvening, localClock } from './demo-local-time.ts';
import { between, pick, weighted, type Rand } from './demo-random.ts';

export {
  ACTION_DAYS,
  CADENCE_CHANGE_DAYS,
  CASE_DAYS,
  DEMO_CASE_COUNT,
  DEMO_CREDITOR_NAMES,
  DEMO_CREDITORS,
  DEMO_TEAMS,
  PLANTED,
  type DemoActionRow,
  type DemoCaseData,
  type DemoCaseMention,
  type DemoCaseRow,
  type DemoLanguage,
  type DemoMentionKind,
} from './demo-case-model.ts';
export { utcDayStart, utcOffset } from './demo-local-time.ts';

const SEED = 0x4c756d65; // "Lume"

// ---------------------------------------------------------------------------------------------------------------
// Mentions

/** Probability that a case complains in public, per case over the export window. */
const BASE_COMPLAINT = 0.018;
/** Probability that a case that got the late-evening SMS complains: a quarter of them (about fourteen times the base). */
const NIGHT_COMPLAINT = 0.25;
/** Probability that a case on a plan or settled praises the agent or the plan in public. */
const PRAISE = 0.018;

/** Every template, for tests that read each one through the analyser. */
export const DEMO_TEMPLATES: readonly { lang: DemoLanguage; group: TemplateGroup; index: number; template: Template }[] = (
  Object.entries(TEMPLATES) as [DemoLanguage, Partial<Record<TemplateGroup, Template[]>>][]
).flatMap(([lang, groups]) =>
  (Object.entries(groups) as [TemplateGroup, Template[]][]).flatMap(([group, list]) => list.map((template, index) => ({ lang, group, index, template }))),
);

const CREDITOR_SHORT: Record<CreditorKind, string> = { telecom: 'Saulvo', energy: 'Kalvas', lender: 'Dzelme', shop: 'Kotikori' };

/** Fills a template's placeholders. */
export function fillTemplate(s: string, v: { ref: string; time: string; creditor: string; amount: string; cur: string }): string {
  return s.replace(/\{(ref|time|creditor|amount|cur)\}/g, (_, k: keyof typeof v) => v[k]);
}

const HANDLE_WORDS = ['birch', 'heron', 'amber', 'tram', 'dune', 'lynx', 'fjord', 'moss', 'pine', 'lark', 'ferry', 'frost', 'linden', 'otter', 'rye', 'cedar'];
const HANDLE_TAILS = ['runner', 'walker', 'reader', 'fan', 'dad', 'mum', 'owl', 'lane', 'north', 'cat', 'rider', 'smith'];

function handle(r: Rand, social: boolean): string {
  const name = `${pick(r, HANDLE_WORDS)}_${pick(r, HANDLE_TAILS)}${Math.floor(between(r, 10, 99))}`;
  return social ? `@${name}` : name;
}

/** The language a complaint is written in: the case's own where there are templates for it, else English. */
function mentionLanguage(r: Rand, caseLanguage: string, group: TemplateGroup): DemoLanguage {
  const own = caseLanguage as DemoLanguage;
  if (TEMPLATES[own]?.[group] && r() < 0.8) return own;
  return 'en';
}

const groupOf = (type: ActionType): TemplateGroup =>
  type === 'call' ? 'contact' : type === 'legal_notice' || type === 'credit_record_notice' || type === 'enforcement' ? 'legal' : 'amount';

/** What an ordinary complaint reacts to, and how much more likely than a routine letter (legal steps sting most). */
const COMPLAINT_TRIGGERS: Partial<Record<ActionType, number>> = {
  call: 2,
  reminder: 1,
  letter: 1,
  email: 1,
  payment_plan_offer: 1,
  legal_notice: 8,
  credit_record_notice: 8,
  enforcement: 8,
};
const PRAISE_TRIGGERS: ReadonlySet<ActionType> = new Set(['payment_plan_agreed', 'settlement']);

// ---------------------------------------------------------------------------------------------------------------
// The whole data set

/** Cases, actions and mentions for an anchor (the start of a UTC day). Deterministic: same anchor, same data. */
export function generateDemoCases(anchor: number): DemoCaseData {
  const changeAt = anchor - CADENCE_CHANGE_DAYS * DAY_MS;
  const r = mulberry32(SEED);
  const states = drawCases(r, anchor);
  // Each case's life and mentions from its own stream, so one case never shifts another.
  const cases: DemoCaseRow[] = [];
  const actions: DemoActionRow[] = [];
  const mentions: DemoCaseMention[] = [];
  const usedTitles = new Set<string>();
  for (const [i, c] of states.entries()) {
    const cr = mulberry32(SEED ^ Math.imul(i + 1, 0x9e3779b1));
    simulateCase(cr, c, anchor, changeAt);
    cases.push(c.row);
    for (const a of c.actions) {
      actions.push({
        case_ref: c.row.case_ref,
        at: iso(a.at),
        channel: a.channel,
        action_type: a.type,
        team: c.row.team,
        agent: a.agent,
        ...(a.outcome ? { outcome: a.outcome } : {}),
      });
    }
    const mr = mulberry32(SEED ^ Math.imul(i + 1, 0x85ebca6b));
    const night = c.actions.filter((a) => a.type === 'sms' && a.at >= changeAt && isLateEvening(c.row.country, a.at));
    const x = mr();
    let trigger: CaseState['actions'][number] | undefined;
    let group: TemplateGroup | undefined;
    if (night.length && x < NIGHT_COMPLAINT) {
      // People tend to write after one of the first few late messages, not the tenth.
      trigger = pick(mr, night.slice(0, 3));
      group = 'night_sms';
    } else if (x >= 1 - BASE_COMPLAINT) {
      const candidates = c.actions.flatMap((a) => (COMPLAINT_TRIGGERS[a.type] ? [[a, COMPLAINT_TRIGGERS[a.type]!] as const] : []));
      if (candidates.length) {
        trigger = weighted(mr, candidates);
        group = groupOf(trigger.type);
      }
    } else if (x >= NIGHT_COMPLAINT && x < NIGHT_COMPLAINT + PRAISE) {
      const candidates = c.actions.filter((a) => PRAISE_TRIGGERS.has(a.type));
      if (candidates.length) {
        trigger = pick(mr, candidates);
        group = 'praise';
      }
    }
    if (!trigger || !group) continue;
    const lang = group === 'night_sms' ? (c.row.language === 'lv' && mr() < 0.7 ? 'lv' : 'en') : mentionLanguage(mr, c.row.language, group);
    const list = TEMPLATES[lang][group]!;
    const template = list[Math.floor(mr() * list.length)]!;
    // Published 2 hours to 10 days after the action, never after the anchor.
    const latest = Math.min(trigger.at + 10 * DAY_MS, anchor - HOUR_MS);
    const published = Math.round((trigger.at + Math.min(2 * HOUR_MS, (latest - trigger.at) / 2) + mr() ** 1.5 * (latest - trigger.at - 2 * HOUR_MS)) / MINUTE_MS) * MINUTE_MS;
    const values = {
      ref: c.row.case_ref,
      time: localClock(c.row.country, trigger.at),
      creditor: CREDITOR_SHORT[c.kind],
      amount: String(Math.round(c.row.amount)),
      cur: c.row.currency,
    };
    let title = fillTemplate(template.title, values);
    // Two posts never share a title (they would be taken for copies of one another).
    if (usedTitles.has(title)) title = `${title} (${c.row.case_ref})`;
    usedTitles.add(title);
    const id = `case-${c.row.case_ref.slice(3)}-1`;
    mentions.push({
      id,
      feed: template.social ? 'social' : 'forum',
      lang,
      kind: group === 'night_sms' ? 'night_sms' : group === 'praise' ? 'praise' : 'complaint',
      published_at: Math.max(trigger.at + MINUTE_MS, Math.min(published, anchor - HOUR_MS)),
      title,
      text: fillTemplate(template.text, values),
      author: handle(mr, !!template.social),
      link_path: `/posts/${id}`,
      case_ref: c.row.case_ref,
      trigger: { at: trigger.at, action_type: trigger.type },
    });
  }
  actions.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.case_ref < b.case_ref ? -1 : 1));
  mentions.sort((a, b) => a.published_at - b.published_at || (a.id < b.id ? -1 : 1));
  return { anchor, changeAt, cases, actions, mentions };
}

let cached: DemoCaseData | undefined;

/** generateDemoCases, remembered for the last anchor asked (the feeds ask on every poll). */
export function demoCaseData(anchor: number): DemoCaseData {
  if (cached?.anchor !== anchor) cached = generateDemoCases(anchor);
  return cached;
}
