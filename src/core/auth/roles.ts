import type { Role } from '../../../db/schema/constants.ts';

/** What each role may do. Routes ask for a permission, never for a role, so the matrix lives here only. */
export const PERMISSIONS = {
  'mentions:read': ['admin', 'comms', 'credit_manager', 'viewer'],
  'mentions:write': ['admin'],
  /** Correcting what the analyser read in a mention (relevance, sentiment, tactics, vulnerability, escalation). */
  'mentions:correct': ['admin', 'comms', 'credit_manager'],
  'sources:read': ['admin', 'comms', 'credit_manager', 'viewer'],
  'sources:write': ['admin'],
  'users:manage': ['admin'],
  /** Case data and which case a mention is linked to: personal data, for credit managers and admins only. */
  'cases:read': ['admin', 'credit_manager'],
  'cases:write': ['admin', 'credit_manager'],
  /** Erasing a person's data on request. */
  'cases:erase': ['admin'],
  /** Complaint rates by tactic, channel, segment… (aggregates, no personal data). */
  'analytics:read': ['admin', 'credit_manager'],
  /** The alert inbox: everyone sees it; all but viewers act on alerts (acknowledge, assign, note, resolve). */
  'alerts:read': ['admin', 'comms', 'credit_manager', 'viewer'],
  'alerts:write': ['admin', 'comms', 'credit_manager'],
  /** Alert rules, mutes and notification channels. */
  'alerts:configure': ['admin', 'comms'],
  /** Digest recipients, schedule and sender; previews for any role (everyone may preview their own role's digest). */
  'digest:configure': ['admin'],
  /**
   * A creditor's customer-experience figures and monthly report: aggregates only. A creditor user reads their own
   * creditor's; staff with it may read any creditor's.
   */
  'creditor:read': ['admin', 'credit_manager', 'creditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * The only paths a creditor user reaches: their figures, their report, logging out. Everything else is refused
 * before its handler runs (the sign-in checks call this), so a page or route added later is closed to creditors
 * unless it is added here.
 */
const CREDITOR_PATHS = /^\/(?:creditor(?:\/report)?|api\/creditor\/(?:figures|report)|logout)$/;

export function creditorMayReach(path: string): boolean {
  return CREDITOR_PATHS.test(path);
}
