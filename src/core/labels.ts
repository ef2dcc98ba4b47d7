// The words people read for the product's ids — tactics, action types, channels, segments — in English: one list
// for the dashboard, the alert e-mails and the English digest, so a complaint about "Contact at bad times" is
// called that wherever it is read. The digest's other languages translate the same keys (digest/strings.ts).
import type { ActionType, Channel, Segment, Tactic } from '../../db/schema/constants.ts';

export const TACTIC_NAMES: Record<Tactic, string> = {
  contact_frequency: 'Too many calls or messages',
  contact_time: 'Contact at bad times',
  ignored_stop_request: 'Kept contacting after being asked to stop',
  abusive_conduct: 'Rude or abusive conduct',
  threat_legal: 'Legal threats or enforcement',
  credit_record: 'Credit record threats',
  third_party_contact: 'Contacting family or employer',
  debt_not_owed: 'Debt not owed or already paid',
  fees_amount: 'Fees or wrong amount',
  insufficient_info: 'Unclear or missing information',
  false_representation: 'Misleading claims',
  payment_plan: 'Payment plans',
  agent_helpful: 'Helpful staff',
  reachability: 'Hard to reach',
};

export const ACTION_TYPE_NAMES: Record<ActionType, string> = {
  reminder: 'Reminder',
  call: 'Call',
  sms: 'SMS',
  letter: 'Letter',
  email: 'E-mail',
  payment_plan_offer: 'Payment plan offered',
  payment_plan_agreed: 'Payment plan agreed',
  legal_notice: 'Legal notice',
  credit_record_notice: 'Credit record notice',
  enforcement: 'Enforcement',
  settlement: 'Settlement',
  other: 'Other',
};

export const CHANNEL_NAMES: Record<Channel, string> = {
  phone: 'Phone',
  sms: 'SMS',
  email: 'E-mail',
  letter: 'Letter',
  social: 'Social media',
  portal: 'Portal',
  in_person: 'In person',
};

/** The five customer groups, as credit management names them. */
export const SEGMENT_NAMES: Record<Segment, string> = {
  known_info: 'Known, information on file',
  no_info: 'Unknown, no information',
  willing_able: 'Willing and able',
  unable: 'Willing but unable',
  unwilling: 'Unwilling',
};

/** What a missing value (no team, no action type recorded) is called. */
export const NOT_RECORDED = 'Not recorded';

const NAMES = { tactic: TACTIC_NAMES, action_type: ACTION_TYPE_NAMES, channel: CHANNEL_NAMES, segment: SEGMENT_NAMES } as const;
export type NamedKind = keyof typeof NAMES;

/** An id in words: its name when it has one, else the id with spaces for underscores (an id newer than this list). */
export function nameOf(kind: NamedKind, id: string): string {
  return (NAMES[kind] as Record<string, string>)[id] ?? id.replace(/_/g, ' ');
}

/** A name inside a sentence: "Contact at bad times" → "contact at bad times"; "SMS" stays "SMS". */
export function inSentence(name: string): string {
  const first = name.split(/[\s-]/)[0] ?? '';
  return first.length > 1 && first === first.toUpperCase() ? name : name.charAt(0).toLowerCase() + name.slice(1);
}
