// Enums as `as const` arrays: each feeds a column, a zod schema and a TS type (one source of truth).
// Label names follow the analyser taxonomy exactly.

export const LANGUAGES = ['en', 'sv', 'fi', 'nb', 'da', 'lv', 'lt', 'et', 'ru', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const TACTICS = [
  'contact_frequency',
  'contact_time',
  'ignored_stop_request',
  'abusive_conduct',
  'threat_legal',
  'credit_record',
  'third_party_contact',
  'debt_not_owed',
  'fees_amount',
  'insufficient_info',
  'false_representation',
  'payment_plan',
  'agent_helpful',
  'reachability',
] as const;
export type Tactic = (typeof TACTICS)[number];

export const CHANNELS = ['phone', 'sms', 'email', 'letter', 'social', 'portal', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const VULNERABILITIES = ['health', 'life_event', 'resilience', 'capability'] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

export const PAYER_STANCES = ['willing_able', 'willing_unable', 'unwilling', 'unknown'] as const;
export type PayerStance = (typeof PAYER_STANCES)[number];

export const ESCALATIONS = ['regulator', 'legal', 'media'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

/** `creditor`: a creditor-client's own login, to its aggregated customer-experience figures and nothing else. */
export const ROLES = ['admin', 'comms', 'credit_manager', 'viewer', 'creditor'] as const;
export type Role = (typeof ROLES)[number];
/** The company's own people: everyone but creditor logins (the weekly digest is written for these). */
export const STAFF_ROLES = ['admin', 'comms', 'credit_manager', 'viewer'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * `rss` covers RSS 0.9x/1.0/2.0 and Atom; `json` is any JSON API mapped by JSON pointers; `push` receives
 * mentions through the API. The others are the public APIs of src/sources/ (one adapter each).
 */
export const SOURCE_KINDS = ['rss', 'google_news', 'reddit', 'bluesky', 'mastodon', 'hacker_news', 'app_store', 'trustpilot', 'youtube', 'cfpb', 'json', 'push'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How a poll of a source ended. */
export const POLL_OUTCOMES = ['ok', 'not_modified', 'failed'] as const;
export type PollOutcomeKind = (typeof POLL_OUTCOMES)[number];

export const JOB_RUN_STATUSES = ['running', 'ok', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** The five customer groups a collector profiles cases into (taxonomy "Case segments"). */
export const SEGMENTS = ['known_info', 'no_info', 'willing_able', 'unable', 'unwilling'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const CASE_STATUSES = ['open', 'paying', 'closed', 'sold', 'written_off'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a collector did on a case; the channel says how. */
export const ACTION_TYPES = [
  'reminder',
  'call',
  'sms',
  'letter',
  'email',
  'payment_plan_offer',
  'payment_plan_agreed',
  'legal_notice',
  'credit_record_notice',
  'enforcement',
  'settlement',
  'other',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Debtor identifiers, stored only as keyed hashes. */
export const IDENTIFIER_KINDS = ['handle', 'email', 'phone'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** How a mention came to be linked to a case. */
export const LINK_METHODS = ['case_ref', 'identifier', 'manual'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];
export const LINK_STATUSES = ['suggested', 'confirmed'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** Alerts: open → acknowledged → resolved (and reopened). */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Per-mention rule kinds first, then the anomaly detectors (src/core/alerts/rule-kinds.ts has their settings). */
export const RULE_KINDS = ['escalation', 'vulnerable_harm', 'high_reach', 'open_case', 'low_rating', 'volume_spike', 'negative_share', 'tactic_spike'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
/** What raised an alert: a rule kind, or a person by hand from a mention. */
export const ALERT_KINDS = [...RULE_KINDS, 'manual'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_EVENT_TYPES = ['opened', 'escalated', 'acknowledged', 'assigned', 'note', 'snoozed', 'resolved', 'reopened'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];
/** The transitions that notify. */
export const TRANSITIONS = ['opened', 'escalated', 'resolved'] as const;
export type Transition = (typeof TRANSITIONS)[number];
export const CHANNEL_KINDS = ['email', 'webhook', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A weekly digest e-mail's delivery to one address for one ISO week. */
export const DIGEST_SEND_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DigestSendStatus = (typeof DIGEST_SEND_STATUSES)[number];

/** The pages whose filters can be saved under a name. */
export const SAVED_VIEW_PAGES = ['mentions', 'tactics'] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];

/** The kinds of next-step rule: what in a linked complaint calls for a step on its case (src/core/steps/step-rules.ts). */
export const STEP_RULE_KINDS = ['vulnerability_care', 'payment_plan', 'contact_pattern', 'validation', 'escalation_review'] as const;
export type StepRuleKind = (typeof STEP_RULE_KINDS)[number];

/** The steps themselves, as reason codes the collection system can act on. */
export const STEP_CODES = [
  'pause_and_call',
  'offer_payment_plan',
  'move_contact_window',
  'lower_contact_frequency',
  'send_validation',
  'review_today',
  'check_legal_policy',
] as const;
export type StepCode = (typeof STEP_CODES)[number];

/** A step is proposed by a rule, then accepted (to be carried out by the collection system) or dismissed by a person. */
export const STEP_STATUSES = ['proposed', 'accepted', 'dismissed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
