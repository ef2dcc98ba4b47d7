// The demo cases' fixed facts and row shapes: creditors, teams, the planted effect, and case, action and mention rows.

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
export type CreditorKind = keyof typeof DEMO_CREDITORS;
/** Every demo creditor: what tells a demo case from a real one. */
export const DEMO_CREDITOR_NAMES: readonly string[] = Object.values(DEMO_CREDITORS);

export const DEMO_TEAMS = ['Riga A', 'Riga B', 'Vilnius', 'Tallinn', 'Nordic'] as const;
export type Team = (typeof DEMO_TEAMS)[number];

/** The planted effect, for the dashboard tour and the tests. */
export const PLANTED = { creditor: DEMO_CREDITORS.telecom, team: 'Riga B', actionType: 'sms', channel: 'sms', tactic: 'contact_time' } as const;

export type Country = 'LV' | 'LT' | 'EE' | 'FI' | 'SE';
export type Segment = 'known_info' | 'no_info' | 'willing_able' | 'unable' | 'unwilling';
export type Status = 'open' | 'paying' | 'closed' | 'sold' | 'written_off';
export type ActionType =
  | 'reminder'
  | 'call'
  | 'sms'
  | 'letter'
  | 'email'
  | 'payment_plan_offer'
  | 'payment_plan_agreed'
  | 'legal_notice'
  | 'credit_record_notice'
  | 'enforcement'
  | 'settlement'
  | 'other';
export type Channel = 'phone' | 'sms' | 'email' | 'letter' | 'portal' | 'in_person';
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
