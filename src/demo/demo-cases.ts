// The demo workspace's collection cases: invented cases and collection actions of the fictional collector
// "Lumera" for four fictional creditors, with the public complaints some of them lead to. Everything is generated
// from a fixed seed, laid out relative to an anchor (the start of the UTC day the demo was first seeded), so the
// same anchor always gives the same rows, byte for byte. Runtime-neutral: no Node APIs, the time comes in.
//
// One effect is planted for the Tactics page to find: from CADENCE_CHANGE_DAYS before the anchor, team "Riga B"
// sends the telecom creditor's SMS reminders late in the evening (21:00–23:30 local time) and every week instead of
// every month or so, weekends included. Cases that get those messages complain in public about seven times as
// often as the rest, mostly about the hour.
// Nobody in this data exists: no debtor identifiers at all, agents and teams are plain codes.
import { mulberry32 } from '../core/random.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../core/time/durations.ts';
import { offsetAt } from '../core/time/zones.ts';

/** Days of actions before the anchor (a collection system's export window). */
export const ACTION_DAYS = 120;
/** Cases were opened over this many days before the anchor. */
export const CASE_DAYS = 150;
/** The day the planted cadence change starts, in days before the anchor. */
export const CADENCE_CHANGE_DAYS = 35;
/** How many demo cases there are. */
export const DEMO_CASE_COUNT = 2000;

export const DEMO_CREDITORS = {
  telecom: 'Saulvo Mobile',
  energy: 'Kalvas Energi',
  lender: 'Dzelme Credit',
  shop: 'Kotikori Shop',
} as const;
type CreditorKind = keyof typeof DEMO_CREDITORS;
/** Every demo creditor: what tells a demo case from a real one. */
export const DEMO_CREDITOR_NAMES: readonly string[] = Object.values(DEMO_CREDITORS);

export const DEMO_TEAMS = ['Riga A', 'Riga B', 'Vilnius', 'Tallinn', 'Nordic'] as const;
type Team = (typeof DEMO_TEAMS)[number];

/** The planted effect, for the dashboard tour and the tests. */
export const PLANTED = { creditor: DEMO_CREDITORS.telecom, team: 'Riga B', actionType: 'sms', channel: 'sms', tactic: 'contact_time' } as const;

type Country = 'LV' | 'LT' | 'EE' | 'FI' | 'SE';
type Segment = 'known_info' | 'no_info' | 'willing_able' | 'unable' | 'unwilling';
type Status = 'open' | 'paying' | 'closed' | 'sold' | 'written_off';
type ActionType =
  | 'reminder' | 'call' | 'sms' | 'letter' | 'email' | 'payment_plan_offer' | 'payment_plan_agreed' | 'legal_notice'
  | 'credit_record_notice' | 'enforcement' | 'settlement' | 'other';
type Channel = 'phone' | 'sms' | 'email' | 'letter' | 'portal' | 'in_person';
export type DemoLanguage = 'en' | 'lv' | 'lt' | 'et' | 'fi' | 'sv';

/** A case as the import API takes it (CASE_ROWS). */
export interface DemoCaseRow {
  case_ref: string;
  creditor: string;
  segment: Segment;
  country: Country;
  opened_at: string;
  status: Status;
  closed_at?: string;
  amount: number;
  currency: 'EUR' | 'SEK';
  language: string;
  team: Team;
}

/** An action as the import API takes it (ACTION_ROWS). */
export interface DemoActionRow {
  case_ref: string;
  at: string;
  channel: Channel;
  action_type: ActionType;
  team: Team;
  agent: string;
  outcome?: string;
}

/** What a generated mention is about: the planted night SMS, an ordinary complaint, or praise. */
export type DemoMentionKind = 'night_sms' | 'complaint' | 'praise';

export interface DemoCaseMention {
  /** Stable id: the case reference's digits and a sequence number. */
  id: string;
  feed: 'forum' | 'social';
  lang: DemoLanguage;
  kind: DemoMentionKind;
  published_at: number;
  title: string;
  text: string;
  author: string;
  link_path: string;
  case_ref: string;
  /** The action it reacts to: its time and type. */
  trigger: { at: number; action_type: ActionType };
}

export interface DemoCaseData {
  anchor: number;
  /** Start of the planted cadence change (UTC midnight). */
  changeAt: number;
  cases: DemoCaseRow[];
  actions: DemoActionRow[];
  mentions: DemoCaseMention[];
}

// ---------------------------------------------------------------------------------------------------------------
// Randomness and time

const SEED = 0x4c756d65; // "Lume"

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
function weighted<T>(r: Rand, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1]![0];
}
const between = (r: Rand, lo: number, hi: number) => lo + r() * (hi - lo);

/** Start of the UTC day of a time. */
export const utcDayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Where each country's collectors keep their clocks. */
const TIME_ZONES: Record<Country, string> = { LV: 'Europe/Riga', LT: 'Europe/Vilnius', EE: 'Europe/Tallinn', FI: 'Europe/Helsinki', SE: 'Europe/Stockholm' };

/** Offset of local time from UTC in the country at a moment. */
export const utcOffset = (country: Country, at: number): number => offsetAt(at, TIME_ZONES[country]);

/** The UTC time of a local clock time (minutes after local midnight) on the local day containing `day`. */
function localTime(country: Country, day: number, minutes: number): number {
  const off = utcOffset(country, day + 12 * HOUR_MS);
  const localMidnight = utcDayStart(day + off) - off;
  return localMidnight + minutes * MINUTE_MS;
}

/** 21:00–06:59 local time. */
const isLateEvening = (country: Country, at: number) => {
  const h = new Date(at + utcOffset(country, at)).getUTCHours();
  return h >= 21 || h < 7;
};
const localWeekday = (country: Country, at: number) => new Date(at + utcOffset(country, at)).getUTCDay();
const localClock = (country: Country, at: number) => {
  const d = new Date(at + utcOffset(country, at));
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

// ---------------------------------------------------------------------------------------------------------------
// Cases

const COUNTRIES: readonly (readonly [Country, number])[] = [['LV', 44], ['LT', 19], ['EE', 13], ['FI', 15], ['SE', 9]];
const CREDITORS: readonly (readonly [CreditorKind, number])[] = [['telecom', 46], ['energy', 23], ['lender', 17], ['shop', 14]];
const SEGMENTS: readonly (readonly [Segment, number])[] = [['known_info', 30], ['no_info', 12], ['willing_able', 22], ['unable', 20], ['unwilling', 16]];
const AMOUNTS: Record<CreditorKind, [number, number]> = { telecom: [18, 420], energy: [45, 980], lender: [150, 3200], shop: [15, 340] };
const LANGUAGES: Record<Country, readonly (readonly [string, number])[]> = {
  LV: [['lv', 78], ['ru', 17], ['en', 5]],
  LT: [['lt', 92], ['ru', 4], ['en', 4]],
  EE: [['et', 74], ['ru', 22], ['en', 4]],
  FI: [['fi', 91], ['sv', 6], ['en', 3]],
  SE: [['sv', 95], ['en', 5]],
};
/** How often each team reaches for SMS between letters and calls. */
const SMS_SHARE: Record<Team, number> = { 'Riga A': 0.2, 'Riga B': 0.25, Vilnius: 0.18, Tallinn: 0.2, Nordic: 0.15 };
const AGENT_PREFIX: Record<Team, string> = { 'Riga A': 'RA', 'Riga B': 'RB', Vilnius: 'VN', Tallinn: 'TL', Nordic: 'ND' };

/** Riga B works most of the telecom creditor's Latvian cases, Riga A most of the others. */
function teamFor(r: Rand, country: Country, kind: CreditorKind): Team {
  if (country === 'LV') return r() < (kind === 'telecom' ? 0.85 : 0.3) ? 'Riga B' : 'Riga A';
  return country === 'LT' ? 'Vilnius' : country === 'EE' ? 'Tallinn' : 'Nordic';
}

interface CaseState {
  row: DemoCaseRow;
  kind: CreditorKind;
  /** Agents of the case's team who work on it. */
  agents: string[];
  actions: { at: number; type: ActionType; channel: Channel; agent: string; outcome?: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The life of one case: a first reminder, then a step every week or so (SMS, calls, letters, e-mails) until it is
 * paid, goes on a plan, or escalates (legal notice, payment-default record, enforcement). Only actions inside the
 * export window are kept.
 */
function simulateCase(r: Rand, c: CaseState, anchor: number, changeAt: number): void {
  const { row } = c;
  const country = row.country;
  const opened = Date.parse(row.opened_at);
  const windowStart = anchor - ACTION_DAYS * DAY_MS;
  const end = anchor - HOUR_MS;
  const planted = row.creditor === PLANTED.creditor && row.team === PLANTED.team;
  const auto = `${AGENT_PREFIX[row.team]}-AUTO`;
  const agent = () => pick(r, c.agents);
  const add = (at: number, type: ActionType, channel: Channel, who: string, outcome?: string) => {
    if (at >= windowStart && at < end) c.actions.push({ at, type, channel, agent: who, outcome });
  };
  /** A weekday time during office hours (calls, letters): weekends move to the Friday before. */
  const officeTime = (day: number, from: number, to: number) => {
    const wd = localWeekday(country, day + 12 * HOUR_MS);
    const shifted = wd === 6 ? day - DAY_MS : wd === 0 ? day - 2 * DAY_MS : day;
    return localTime(country, shifted, Math.round(between(r, from, to)));
  };

  // How the case ends, in days after opening (Infinity: still open at the anchor).
  const seg = row.segment;
  const pays = seg === 'willing_able' ? r() < 0.85 : seg === 'known_info' ? r() < 0.5 : seg === 'no_info' ? r() < 0.15 : seg === 'unable' ? r() < 0.1 : r() < 0.05;
  const plan = !pays && (seg === 'unable' ? r() < 0.6 : seg === 'known_info' ? r() < 0.3 : seg === 'willing_able' ? r() < 0.5 : r() < 0.1);
  const legal = !pays && !plan && (seg === 'unwilling' ? r() < 0.8 : seg === 'no_info' ? r() < 0.3 : r() < 0.2);
  const paidAfter = pays ? between(r, 6, seg === 'willing_able' ? 40 : 80) : Infinity;
  const planAfter = plan ? between(r, 20, 60) : Infinity;
  const legalAfter = legal ? between(r, 40, 70) : Infinity;
  const sold = !pays && !plan && r() < 0.04 ? between(r, 100, 140) : Infinity;

  let status: Status = 'open';
  let closedAt: number | null = null;
  let t = opened + between(r, 0.5, 3) * DAY_MS;
  add(officeTime(t, 8 * 60, 10 * 60), 'reminder', r() < 0.7 ? 'letter' : 'email', auto, 'sent');
  let step = 0;
  let legalDone = false;
  let planAgreed = false;
  for (;;) {
    const sinceOpen = (t - opened) / DAY_MS;
    const nightCadence = planted && t >= changeAt && !planAgreed;
    t += nightCadence ? between(r, 5, 8) * DAY_MS : between(r, 4, 9) * DAY_MS;
    if (t >= end) break;
    if (sinceOpen >= paidAfter) {
      // Paid: some after a settlement agreed with an agent, most simply by paying the invoice.
      if (r() < 0.3) add(officeTime(t, 9 * 60, 17 * 60), 'settlement', r() < 0.5 ? 'phone' : 'portal', agent(), 'paid_in_full');
      status = 'closed';
      closedAt = t + HOUR_MS;
      break;
    }
    if (sold < sinceOpen) {
      status = 'sold';
      closedAt = t;
      break;
    }
    if (planAgreed) {
      // On a plan: a monthly payment reminder, mostly by SMS or e-mail, daytime.
      if (r() < 0.3) {
        const sms = r() < 0.6;
        add(localTime(country, t, Math.round(between(r, 10 * 60, 18 * 60))), sms ? 'sms' : 'email', sms ? 'sms' : 'email', auto, 'sent');
      }
      if (r() < 0.04) {
        status = 'closed';
        closedAt = t;
        break;
      }
      continue;
    }
    if (sinceOpen >= planAfter) {
      add(officeTime(t, 9 * 60, 17 * 60), 'payment_plan_offer', pick(r, ['letter', 'email', 'phone', 'portal'] as const), agent(), 'accepted');
      add(officeTime(t + between(r, 2, 8) * DAY_MS, 9 * 60, 18 * 60), 'payment_plan_agreed', r() < 0.6 ? 'phone' : 'portal', agent(), 'instalments');
      t += 8 * DAY_MS;
      planAgreed = true;
      status = 'paying';
      continue;
    }
    if (!legalDone && sinceOpen >= legalAfter) {
      legalDone = true;
      add(officeTime(t, 8 * 60, 10 * 60), 'legal_notice', 'letter', auto, 'sent');
      if (r() < 0.5) add(officeTime(t + between(r, 14, 30) * DAY_MS, 8 * 60, 10 * 60), 'credit_record_notice', 'letter', auto, 'sent');
      if (r() < 0.2) add(officeTime(t + between(r, 30, 60) * DAY_MS, 9 * 60, 12 * 60), 'enforcement', 'letter', agent(), 'filed');
      continue;
    }
    if (nightCadence) {
      // The planted change: every step is an SMS reminder late in the evening, weekends included (before, an SMS
      // was one step in four, sent in the daytime).
      add(localTime(country, t, Math.round(between(r, 21 * 60, 23 * 60 + 30))), 'sms', 'sms', auto, 'delivered');
      if (r() < 0.12) add(officeTime(t + DAY_MS, 9 * 60, 19 * 60), 'call', 'phone', agent(), pick(r, ['no_answer', 'reached', 'promise_to_pay', 'voicemail']));
      continue;
    }
    step++;
    const x = r();
    const smsShare = SMS_SHARE[row.team];
    if (x < smsShare) {
      add(localTime(country, officeTime(t, 0, 0), Math.round(between(r, 9 * 60, 19 * 60))), 'sms', 'sms', auto, 'delivered');
    } else if (x < smsShare + 0.3 + (seg === 'no_info' ? 0.15 : 0)) {
      add(officeTime(t, 8 * 60 + 30, 19 * 60 + 30), 'call', 'phone', agent(), pick(r, ['no_answer', 'reached', 'promise_to_pay', 'voicemail', 'no_answer']));
    } else if (x < 0.85) {
      add(officeTime(t, 8 * 60, 10 * 60), step % 3 === 0 ? 'letter' : 'reminder', step % 3 === 0 || r() < 0.6 ? 'letter' : 'email', auto, 'sent');
    } else {
      add(officeTime(t, 8 * 60, 18 * 60), 'email', 'email', agent(), 'sent');
    }
  }
  if (status === 'open' && r() < 0.02 && (end - opened) / DAY_MS > 120) {
    status = 'written_off';
    closedAt = end - HOUR_MS;
  }
  row.status = status;
  if (closedAt !== null && closedAt < end) row.closed_at = iso(closedAt);
  else if (status !== 'open' && status !== 'paying') row.status = 'open';
  c.actions.sort((a, b) => a.at - b.at);
}

// ---------------------------------------------------------------------------------------------------------------
// Mentions

/** Probability that a case complains in public, per case over the export window. */
const BASE_COMPLAINT = 0.018;
/** Probability that a case that got the late-evening SMS complains (about seven times the base). */
const NIGHT_COMPLAINT = 0.13;
/** Probability that a case on a plan or settled praises the agent or the plan in public. */
const PRAISE = 0.018;

interface Template {
  title: string;
  text: string;
  /** Short enough for a social post (otherwise a forum thread). */
  social?: boolean;
}

type TemplateGroup = 'night_sms' | 'contact' | 'amount' | 'legal' | 'praise';

// Placeholders: {ref} the case reference as written by the collector ("LV-41234567"), {time} the local time of
// the triggering message, {creditor} the creditor's short name, {amount} the amount, {cur} its currency.
const TEMPLATES: Record<DemoLanguage, Partial<Record<TemplateGroup, Template[]>>> = {
  en: {
    night_sms: [
      { social: true, title: 'Debt SMS at {time}, again', text: 'Lumera texted me about the {creditor} bill at {time} last night. Not the first late-night SMS either, case {ref}. Who sends debt reminders at that hour? Unacceptable.' },
      { social: true, title: 'Woken up by a collector', text: 'Woken up at {time} by an SMS from Lumera about my {creditor} debt (case {ref}). My kids were asleep. This is harassment.' },
      { title: 'Lumera sends collection texts late at night - case {ref}', text: 'Since last month Lumera sends me SMS reminders about an old {creditor} invoice late at night, the last one at {time}. Every week, weekends too. I have told them I will pay on payday. Case {ref}. Is this even legal in Latvia? I feel harassed.' },
      { social: true, title: 'Stop texting me at night', text: 'Dear Lumera, {time} is not an acceptable time to text me about a debt. Case {ref}. Stop it.' },
      { title: 'Late night debt SMS from Lumera for {creditor}', text: 'Anyone else getting debt collection SMS from Lumera late at night? Mine came at {time}, case {ref}, about {amount} {cur} for {creditor}. They text every week now and always after 9pm. I am sick of it and will complain to the consumer rights centre.' },
      { social: true, title: '{time}. A debt reminder.', text: '{time} and my phone buzzes: Lumera reminding me of the {creditor} debt, case {ref}. Again. Terrible.' },
      { title: 'Constant SMS at night about a phone bill', text: 'Lumera keeps texting me at night about a {amount} {cur} {creditor} phone bill - {time} the last time, 22-something the time before. Case {ref}. I never ignored them, I just asked for two weeks. Awful way to treat people.' },
      { social: true, title: 'Midnight collection texts', text: 'Got another text from Lumera at {time} about case {ref}. Late at night, again and again. Horrible. Filing a complaint.' },
    ],
    contact: [
      { social: true, title: 'Calls every single day', text: 'Lumera calls me every single day about the {creditor} debt, case {ref}. I already agreed to pay on the 15th. Enough!' },
      { title: 'Lumera keeps calling my phone - case {ref}', text: 'Lumera has called me several times a day for a week about a {creditor} bill of {amount} {cur}, case {ref}. I answered once and explained I will pay at the end of the month, but the calls continue. Terrible service.' },
      { social: true, title: 'Rude agent on the phone', text: 'The Lumera agent on the phone was rude and shouted at me about case {ref}. I was trying to arrange payment. Awful.' },
    ],
    amount: [
      { title: 'Lumera added fees I cannot understand - case {ref}', text: 'My {creditor} invoice was small, now Lumera demands {amount} {cur} with collection fees and interest, case {ref}. No breakdown of the fees anywhere. This is unfair and I have asked for an explanation.' },
      { title: 'Wrong amount on a Lumera reminder', text: 'Got a reminder letter from Lumera for {creditor}, case {ref}. The amount is wrong - I paid half of it in spring and they still ask for the full {amount} {cur} plus fees. Very frustrating.' },
      { social: true, title: 'A debt I never had', text: 'Lumera says I owe {creditor} {amount} {cur}, case {ref}. I never had a contract with them. Disputed it twice, no answer. Ridiculous.' },
    ],
    legal: [
      { title: 'Threatened with court over case {ref}', text: 'Lumera sent a letter saying they will take me to court and send the bailiff if I do not pay {amount} {cur} to {creditor} within 10 days, case {ref}. I offered a payment plan last month and got no reply. Scary and unfair.' },
      { title: 'Payment default record threat from Lumera', text: 'Lumera wrote that they will register a payment default with the credit bureau over my {creditor} debt, case {ref}. The amount is disputed! This will ruin my credit score. Terrible.' },
    ],
    praise: [
      { social: true, title: 'Credit where it is due', text: 'Credit where it is due: the Lumera agent was kind and patient and set up a payment plan for my {creditor} debt, case {ref}. Thank you!' },
      { title: 'Good experience with Lumera, surprisingly', text: 'I was dreading the call, but the Lumera agent listened, understood my situation and agreed a payment plan I can afford for case {ref}. Helpful and friendly. Thanks.' },
      { social: true, title: 'Helpful agent', text: 'Spoke to Lumera about case {ref} today. The agent was really helpful and we agreed instalments. Great service.' },
    ],
  },
  lv: {
    night_sms: [
      { social: true, title: 'Īsziņa plkst. {time}', text: 'Lumera atkal sūta īsziņas par {creditor} parādu plkst. {time}. Lietas nr. {ref}. Kas sūta parāda atgādinājumus naktī? Nepieņemami!' },
      { title: 'Lumera sūta īsziņas vēlu vakarā – lietas nr. {ref}', text: 'Kopš pagājušā mēneša Lumera man sūta īsziņas par {creditor} rēķinu vēlu vakarā, pēdējā pienāca plkst. {time}. Katru nedēļu, arī brīvdienās. Lietas nr. {ref}. Es neatsakos maksāt, bet šis ir uzbāzīgi un pretīgi.' },
      { social: true, title: 'Pamodināja parāda īsziņa', text: 'Pamodos no Lumera īsziņas plkst. {time}. Bērni guļ, bet viņiem vajag atgādināt par {creditor} parādu. Lieta {ref}. Kauns!' },
      { title: 'Nakts īsziņas par parādu', text: 'Vai vēl kādam Lumera sūta īsziņas naktī? Man par {creditor} parādu {amount} {cur}, lietas nr. {ref}. Pēdējā pienāca plkst. {time}, iepriekšējā ap pusnakti. Rakstīšu sūdzību PTAC.' },
      { social: true, title: 'Plkst. {time} atkal Lumera', text: 'Plkst. {time} atkal Lumera īsziņa par parādu, lietas nr. {ref}. Jau trešā šomēnes. Briesmīgi.' },
      { title: 'Lumera un {creditor} – īsziņas vēlu vakarā', text: 'Lumera sūta atgādinājumus par {creditor} rēķinu tikai vēlu vakarā, pēdējais plkst. {time}. Lietas nr. {ref}. Biju solījis samaksāt algas dienā, tomēr īsziņas nāk katru nedēļu. Tas ir nekaunīgi.' },
      { social: true, title: 'Lūdzu, beidziet!', text: 'Lumera, beidziet sūtīt īsziņas naktī! Plkst. {time} par {creditor} parādu, lietas nr. {ref}. Neizturami.' },
      { title: 'Parāda atgādinājumi pusnaktī', text: 'Lumera man sūta īsziņas par {amount} {cur} parādu {creditor} vēlu vakarā un brīvdienās, pēdējā plkst. {time}. Lietas nr. {ref}. Tā ir vajāšana, nevis piedziņa. Sliktākā pieredze.' },
    ],
    contact: [
      { social: true, title: 'Zvana katru dienu', text: 'Lumera zvana katru dienu par {creditor} parādu, lietas nr. {ref}. Jau teicu, ka samaksāšu 15. datumā. Pietiek!' },
      { title: 'Lumera zvana vairākas reizes dienā – lietas nr. {ref}', text: 'Lumera zvana vairākas reizes dienā par {creditor} rēķinu {amount} {cur}, lietas nr. {ref}. Paskaidroju, ka samaksāšu mēneša beigās, bet zvani turpinās. Briesmīgs serviss.' },
      { social: true, title: 'Rupjš darbinieks', text: 'Lumera darbinieks bija rupjš un kliedza uz mani par parādu, lietas nr. {ref}. Es gribēju vienoties par maksājumu. Šausmīgi.' },
    ],
    amount: [
      { title: 'Lumera pieprasa nesaprotamas komisijas – lietas nr. {ref}', text: '{creditor} rēķins bija neliels, bet tagad Lumera pieprasa {amount} {cur} ar piedziņas izdevumiem un procentiem, lietas nr. {ref}. Nekāda atšifrējuma. Negodīgi.' },
      { title: 'Nepareiza summa Lumera vēstulē', text: 'Saņēmu Lumera atgādinājuma vēstuli par {creditor} parādu, lietas nr. {ref}. Summa ir nepareiza – pusi samaksāju pavasarī, bet viņi prasa visus {amount} {cur} un komisijas. Ļoti slikti.' },
      { social: true, title: 'Parāds, kura man nav', text: 'Lumera apgalvo, ka esmu parādā {creditor} {amount} {cur}, lietas nr. {ref}. Man nekad nav bijis līguma ar viņiem. Divreiz apstrīdēju, atbildes nav. Absurds.' },
    ],
    legal: [
      { title: 'Lumera draud ar tiesu – lietas nr. {ref}', text: 'Lumera atsūtīja vēstuli, ka nodos lietu tiesu izpildītājam, ja 10 dienu laikā nesamaksāšu {amount} {cur} {creditor}, lietas nr. {ref}. Piedāvāju maksājumu grafiku, atbildes nebija. Negodīgi un biedējoši.' },
      { title: 'Draud ar ierakstu kredītu reģistrā', text: 'Lumera raksta, ka iekļaus mani parādnieku reģistrā par {creditor} parādu, lietas nr. {ref}. Summa ir apstrīdēta! Tas sabojās manu kredītvēsturi. Briesmīgi.' },
    ],
    praise: [
      { social: true, title: 'Paldies Lumera', text: 'Paldies Lumera darbiniecei – bija laipna, uzklausīja un piedāvāja maksājumu grafiku {creditor} parādam, lietas nr. {ref}. Ļoti palīdzēja!' },
      { title: 'Patīkami pārsteigta par Lumera', text: 'Baidījos zvanīt, bet Lumera darbinieks bija saprotošs un vienojāmies par maksājumu grafiku, ko varu atļauties, lietas nr. {ref}. Izpalīdzīgi un laipni. Paldies.' },
    ],
  },
  lt: {
    contact: [
      { social: true, title: 'Skambina kasdien', text: 'Lumera skambina kasdien dėl {creditor} skolos, bylos nr. {ref}. Jau sakiau, kad sumokėsiu 15 d. Užteks!' },
      { title: 'Lumera skambina kelis kartus per dieną – bylos nr. {ref}', text: 'Lumera skambina kelis kartus per dieną dėl {creditor} sąskaitos {amount} {cur}, bylos nr. {ref}. Paaiškinau, kad sumokėsiu mėnesio pabaigoje, bet skambučiai nesiliauja. Siaubingas aptarnavimas.' },
      { social: true, title: 'Nemandagus darbuotojas', text: 'Lumera darbuotojas buvo nemandagus ir rėkė ant manęs dėl skolos, bylos nr. {ref}. Norėjau susitarti dėl mokėjimo. Baisu.' },
    ],
    amount: [
      { title: 'Lumera reikalauja nesuprantamų mokesčių – bylos nr. {ref}', text: '{creditor} sąskaita buvo nedidelė, o dabar Lumera reikalauja {amount} {cur} su išieškojimo išlaidomis ir palūkanomis, bylos nr. {ref}. Jokio paaiškinimo. Neteisinga.' },
      { title: 'Neteisinga suma Lumera laiške', text: 'Gavau Lumera priminimą dėl {creditor} skolos, bylos nr. {ref}. Suma neteisinga – pusę sumokėjau pavasarį, o jie reikalauja visų {amount} {cur} ir mokesčių. Labai blogai.' },
      { social: true, title: 'Skola, kurios neturiu', text: 'Lumera teigia, kad esu skolingas {creditor} {amount} {cur}, bylos nr. {ref}. Niekada neturėjau su jais sutarties. Du kartus ginčijau, atsakymo nėra. Absurdas.' },
    ],
    legal: [
      { title: 'Lumera grasina teismu – bylos nr. {ref}', text: 'Lumera atsiuntė laišką, kad perduos bylą antstoliui, jei per 10 dienų nesumokėsiu {amount} {cur} {creditor}, bylos nr. {ref}. Siūliau mokėjimo grafiką, atsakymo negavau. Neteisinga ir baisu.' },
      { title: 'Grasina įrašu į skolininkų registrą', text: 'Lumera rašo, kad įtrauks mane į skolininkų registrą dėl {creditor} skolos, bylos nr. {ref}. Suma ginčijama! Tai sugadins mano kredito istoriją. Siaubinga.' },
    ],
    praise: [
      { social: true, title: 'Ačiū Lumera', text: 'Ačiū Lumera darbuotojai – buvo maloni, išklausė ir pasiūlė mokėjimo grafiką {creditor} skolai, bylos nr. {ref}. Labai padėjo!' },
      { title: 'Maloniai nustebino Lumera', text: 'Bijojau skambinti, bet Lumera darbuotojas buvo supratingas ir susitarėme dėl mokėjimo grafiko, bylos nr. {ref}. Paslaugus ir malonus. Ačiū.' },
    ],
  },
  et: {
    contact: [
      { social: true, title: 'Helistavad iga päev', text: 'Lumera helistab iga päev {creditor} võla pärast, toimik nr {ref}. Ütlesin juba, et maksan 15. kuupäeval. Aitab!' },
      { title: 'Lumera helistab mitu korda päevas – toimik nr {ref}', text: 'Lumera helistab mitu korda päevas {creditor} arve pärast, {amount} {cur}, toimik nr {ref}. Selgitasin, et maksan kuu lõpus, aga kõned jätkuvad. Kohutav teenindus.' },
      { social: true, title: 'Ebaviisakas töötaja', text: 'Lumera töötaja oli ebaviisakas ja karjus minu peale võla pärast, toimik nr {ref}. Tahtsin maksmises kokku leppida. Kohutav.' },
    ],
    amount: [
      { title: 'Lumera nõuab arusaamatuid tasusid – toimik nr {ref}', text: '{creditor} arve oli väike, aga nüüd nõuab Lumera {amount} {cur} koos sissenõudmiskulude ja viivistega, toimik nr {ref}. Mingit selgitust pole. Ebaõiglane.' },
      { title: 'Vale summa Lumera meeldetuletuses', text: 'Sain Lumeralt meeldetuletuse {creditor} võla kohta, toimik nr {ref}. Summa on vale – poole maksin kevadel ära, aga nad nõuavad kogu {amount} {cur} ja tasusid. Väga halb.' },
      { social: true, title: 'Võlg, mida mul pole', text: 'Lumera väidab, et võlgnen {creditor} {amount} {cur}, toimik nr {ref}. Mul pole nendega kunagi lepingut olnud. Vaidlustasin kaks korda, vastust pole. Absurd.' },
    ],
    legal: [
      { title: 'Lumera ähvardab kohtuga – toimik nr {ref}', text: 'Lumera saatis kirja, et annab asja kohtutäiturile, kui ma 10 päeva jooksul ei maksa {amount} {cur} {creditor}, toimik nr {ref}. Pakkusin maksegraafikut, vastust ei tulnud. Ebaõiglane ja hirmutav.' },
      { title: 'Ähvardavad maksehäire registriga', text: 'Lumera kirjutab, et kannab mind maksehäirete registrisse {creditor} võla pärast, toimik nr {ref}. Summa on vaidlustatud! See rikub mu krediidiajaloo. Kohutav.' },
    ],
    praise: [
      { social: true, title: 'Aitäh Lumera', text: 'Aitäh Lumera töötajale – oli lahke, kuulas ära ja pakkus {creditor} võlale maksegraafikut, toimik nr {ref}. Väga abivalmis!' },
      { title: 'Meeldiv kogemus Lumeraga', text: 'Kartsin helistada, aga Lumera töötaja oli mõistev ja leppisime kokku maksegraafiku, mida jõuan maksta, toimik nr {ref}. Abivalmis ja sõbralik. Aitäh.' },
    ],
  },
  fi: {
    contact: [
      { social: true, title: 'Soittavat joka päivä', text: 'Lumera soittaa joka päivä {creditor}-velasta, asianumero {ref}. Sanoin jo, että maksan 15. päivä. Riittää!' },
      { title: 'Lumera soittaa monta kertaa päivässä – asia {ref}', text: 'Lumera soittaa monta kertaa päivässä {creditor}-laskusta, {amount} {cur}, asianumero {ref}. Kerroin maksavani kuun lopussa, mutta soitot jatkuvat. Surkeaa palvelua.' },
      { social: true, title: 'Töykeä virkailija', text: 'Lumeran virkailija oli töykeä ja huusi minulle velasta, asianumero {ref}. Yritin sopia maksusta. Kamalaa.' },
    ],
    amount: [
      { title: 'Lumera vaatii käsittämättömiä kuluja – asia {ref}', text: '{creditor}-lasku oli pieni, mutta nyt Lumera vaatii {amount} {cur} perintäkuluineen ja korkoineen, asianumero {ref}. Mitään erittelyä ei ole. Kohtuutonta.' },
      { title: 'Väärä summa Lumeran muistutuksessa', text: 'Sain Lumeralta maksumuistutuksen {creditor}-velasta, asianumero {ref}. Summa on väärä – maksoin puolet keväällä, mutta he vaativat koko {amount} {cur} ja kulut. Todella huonoa.' },
      { social: true, title: 'Velka, jota minulla ei ole', text: 'Lumera väittää, että olen velkaa {amount} {cur} yhtiölle {creditor}, asianumero {ref}. Minulla ei ole koskaan ollut sopimusta heidän kanssaan. Riitautin kahdesti, ei vastausta. Järjetöntä.' },
    ],
    legal: [
      { title: 'Lumera uhkaa ulosotolla – asia {ref}', text: 'Lumera lähetti kirjeen, että asia siirtyy ulosottoon, jos en maksa {amount} {cur} 10 päivässä, asianumero {ref}, velkojana {creditor}. Ehdotin maksusuunnitelmaa, eikä kukaan vastannut. Epäreilua ja pelottavaa.' },
      { title: 'Uhkaavat maksuhäiriömerkinnällä', text: 'Lumera kirjoittaa, että minulle tulee maksuhäiriömerkintä {creditor}-velasta, asianumero {ref}. Summa on riitautettu! Tämä pilaa luottotietoni. Kamalaa.' },
    ],
    praise: [
      { social: true, title: 'Kiitos Lumera', text: 'Kiitos Lumeran virkailijalle – oli ystävällinen, kuunteli ja tarjosi maksusuunnitelmaa {creditor}-velkaan, asianumero {ref}. Auttoi todella!' },
      { title: 'Positiivinen kokemus Lumerasta', text: 'Jännitti soittaa, mutta Lumeran virkailija oli ymmärtäväinen ja sovimme maksusuunnitelmasta, johon minulla on varaa, asianumero {ref}. Avulias ja ystävällinen. Kiitos.' },
    ],
  },
  sv: {
    contact: [
      { social: true, title: 'Ringer varje dag', text: 'Lumera ringer varje dag om skulden till {creditor}, ärende {ref}. Jag har redan sagt att jag betalar den 25:e. Sluta!' },
      { title: 'Lumera ringer flera gånger om dagen – ärende {ref}', text: 'Lumera ringer flera gånger om dagen om en faktura från {creditor} på {amount} {cur}, ärende {ref}. Jag har förklarat att jag betalar i slutet av månaden, men samtalen fortsätter. Usel service.' },
      { social: true, title: 'Otrevlig handläggare', text: 'Handläggaren på Lumera var otrevlig och skrek åt mig om skulden, ärende {ref}. Jag ville bara göra upp om betalning. Fruktansvärt.' },
    ],
    amount: [
      { title: 'Lumera kräver obegripliga avgifter – ärende {ref}', text: 'Fakturan från {creditor} var liten, men nu kräver Lumera {amount} {cur} med inkassoavgifter och ränta, ärende {ref}. Ingen specifikation alls. Orimligt.' },
      { title: 'Fel belopp i inkassobrevet från Lumera', text: 'Fick ett inkassobrev från Lumera om skulden till {creditor}, ärende {ref}. Beloppet är fel – jag betalade halva i våras men de kräver hela {amount} {cur} plus avgifter. Riktigt dåligt.' },
      { social: true, title: 'En skuld jag aldrig haft', text: 'Lumera påstår att jag är skyldig {creditor} {amount} {cur}, ärende {ref}. Jag har aldrig haft något avtal med dem. Bestridit två gånger, inget svar. Absurt.' },
    ],
    legal: [
      { title: 'Lumera hotar med Kronofogden – ärende {ref}', text: 'Lumera skickade ett brev om att ärendet lämnas till Kronofogden om jag inte betalar {amount} {cur} till {creditor} inom 10 dagar, ärende {ref}. Jag föreslog en avbetalningsplan men fick inget svar. Orättvist och skrämmande.' },
      { title: 'Hotar med betalningsanmärkning', text: 'Lumera skriver att jag får en betalningsanmärkning för skulden till {creditor}, ärende {ref}. Beloppet är bestridt! Det förstör min kreditvärdighet. Fruktansvärt.' },
    ],
    praise: [
      { social: true, title: 'Tack Lumera', text: 'Tack till handläggaren på Lumera – vänlig, lyssnade och erbjöd en avbetalningsplan för skulden till {creditor}, ärende {ref}. Jättehjälpsam!' },
      { title: 'Positiv upplevelse av Lumera', text: 'Jag var nervös inför samtalet, men handläggaren på Lumera var förstående och vi kom överens om en avbetalningsplan jag har råd med, ärende {ref}. Hjälpsam och trevlig. Tack.' },
    ],
  },
};

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
  call: 2, reminder: 1, letter: 1, email: 1, payment_plan_offer: 1, legal_notice: 8, credit_record_notice: 8, enforcement: 8,
};
const PRAISE_TRIGGERS: ReadonlySet<ActionType> = new Set(['payment_plan_agreed', 'settlement']);

// ---------------------------------------------------------------------------------------------------------------
// The whole data set

/** Cases, actions and mentions for an anchor (the start of a UTC day). Deterministic: same anchor, same data. */
export function generateDemoCases(anchor: number): DemoCaseData {
  const changeAt = anchor - CADENCE_CHANGE_DAYS * DAY_MS;
  const r = mulberry32(SEED);
  const usedDigits = new Set<string>();
  const states: CaseState[] = [];
  for (let i = 0; i < DEMO_CASE_COUNT; i++) {
    const country = weighted(r, COUNTRIES);
    const kind = weighted(r, CREDITORS);
    const team = teamFor(r, country, kind);
    let digits: string;
    do digits = `41${String(Math.floor(r() * 1_000_000)).padStart(6, '0')}`;
    while (usedDigits.has(digits));
    usedDigits.add(digits);
    const [lo, hi] = AMOUNTS[kind];
    const eur = Math.round(between(r, lo, hi) * 100) / 100;
    const opened = utcDayStart(anchor - between(r, 1, CASE_DAYS) * DAY_MS) + Math.floor(between(r, 6, 16)) * HOUR_MS;
    const nAgents = 8;
    const agentIds = Array.from({ length: 2 }, () => `${AGENT_PREFIX[team]}-${String(1 + Math.floor(r() * nAgents)).padStart(2, '0')}`);
    states.push({
      kind,
      agents: agentIds,
      actions: [],
      row: {
        case_ref: `${country}-${digits}`,
        creditor: DEMO_CREDITORS[kind],
        segment: weighted(r, SEGMENTS),
        country,
        opened_at: iso(opened),
        status: 'open',
        amount: country === 'SE' ? Math.round(eur * 11) : eur,
        currency: country === 'SE' ? 'SEK' : 'EUR',
        language: weighted(r, LANGUAGES[country]),
        team,
      },
    });
  }
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
      actions.push({ case_ref: c.row.case_ref, at: iso(a.at), channel: a.channel, action_type: a.type, team: c.row.team, agent: a.agent, ...(a.outcome ? { outcome: a.outcome } : {}) });
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
