// The life of each demo case: who it is owed to and worked by, then its collection actions week by week.
import { DAY_MS, HOUR_MS } from '../core/time/durations.ts';
import {
  ACTION_DAYS,
  CASE_DAYS,
  DEMO_CASE_COUNT,
  DEMO_CREDITORS,
  PLANTED,
  type ActionType,
  type Channel,
  type Country,
  type CreditorKind,
  type DemoCaseRow,
  type Segment,
  type Status,
  type Team,
} from './demo-case-model.ts';
import { localTime, localWeekday, utcDayStart } from './demo-local-time.ts';
import { between, pick, weighted, type Rand } from './demo-random.ts';

const COUNTRIES: readonly (readonly [Country, number])[] = [
  ['LV', 44],
  ['LT', 19],
  ['EE', 13],
  ['FI', 15],
  ['SE', 9],
];
const CREDITORS: readonly (readonly [CreditorKind, number])[] = [
  ['telecom', 46],
  ['energy', 23],
  ['lender', 17],
  ['shop', 14],
];
const SEGMENTS: readonly (readonly [Segment, number])[] = [
  ['known_info', 30],
  ['no_info', 12],
  ['willing_able', 22],
  ['unable', 20],
  ['unwilling', 16],
];
const AMOUNTS: Record<CreditorKind, [number, number]> = { telecom: [18, 420], energy: [45, 980], lender: [150, 3200], shop: [15, 340] };
const LANGUAGES: Record<Country, readonly (readonly [string, number])[]> = {
  LV: [
    ['lv', 78],
    ['ru', 17],
    ['en', 5],
  ],
  LT: [
    ['lt', 92],
    ['ru', 4],
    ['en', 4],
  ],
  EE: [
    ['et', 74],
    ['ru', 22],
    ['en', 4],
  ],
  FI: [
    ['fi', 91],
    ['sv', 6],
    ['en', 3],
  ],
  SE: [
    ['sv', 95],
    ['en', 5],
  ],
};
/** How often each team reaches for SMS between letters and calls. */
const SMS_SHARE: Record<Team, number> = { 'Riga A': 0.2, 'Riga B': 0.25, Vilnius: 0.18, Tallinn: 0.2, Nordic: 0.15 };
const AGENT_PREFIX: Record<Team, string> = { 'Riga A': 'RA', 'Riga B': 'RB', Vilnius: 'VN', Tallinn: 'TL', Nordic: 'ND' };

/** Riga B works most of the telecom creditor's Latvian cases, Riga A most of the others. */
function teamFor(r: Rand, country: Country, kind: CreditorKind): Team {
  if (country === 'LV') return r() < (kind === 'telecom' ? 0.85 : 0.3) ? 'Riga B' : 'Riga A';
  return country === 'LT' ? 'Vilnius' : country === 'EE' ? 'Tallinn' : 'Nordic';
}

export interface CaseState {
  row: DemoCaseRow;
  kind: CreditorKind;
  /** Agents of the case's team who work on it. */
  agents: string[];
  actions: { at: number; type: ActionType; channel: Channel; agent: string; outcome?: string }[];
}

export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The life of one case: a first reminder, then a step every week or so (SMS, calls, letters, e-mails) until it is
 * paid, goes on a plan, or escalates (legal notice, payment-default record, enforcement). Only actions inside the
 * export window are kept.
 */
export function simulateCase(r: Rand, c: CaseState, anchor: number, changeAt: number): void {
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

/** DEMO_CASE_COUNT new cases with distinct references, opened over the CASE_DAYS before the anchor, nothing done yet. */
export function drawCases(r: Rand, anchor: number): CaseState[] {
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
  return states;
}
