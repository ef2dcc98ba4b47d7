// Cases and collection actions from the collection system (CSV/JSON Lines files or the API): one row schema each,
// validated with the same rules as mention imports (core/ingest/import-rows.ts: columns, dates, bad rows), then
// stored idempotently. A case whose row is unchanged is left alone; a changed one updates and its debtor
// identifiers are replaced. An action is identified by its case and a key over (at, channel, action_type, agent),
// so importing it again adds nothing. Debtor identifiers are normalised and only their keyed hashes are stored.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { z } from 'zod';
import { actionsByKey, casesByRef, upsertActions, upsertCases, type ActionWrite, type CaseWrite } from '../../../db/queries/cases.ts';
import { ACTION_TYPES, CASE_STATUSES, CHANNELS, SEGMENTS, type IdentifierKind } from '../../../db/schema/constants.ts';
import { linkEarlierMentions } from './link-mentions.ts';
import type { Deps } from '../deps.ts';
import { toItem, type ColumnMap, type RowSpec } from '../ingest/import-rows.ts';
import { normaliseIdentifier, requireIdentifierHasher } from './identifiers.ts';

/** The most rows one API call may carry. */
export const MAX_CASE_ROWS = 1000;

/** The identifier list columns, by the kind of identifier they hold. */
export const IDENTIFIER_FIELDS = { debtor_handles: 'handle', debtor_emails: 'email', debtor_phones: 'phone' } as const satisfies Record<string, IdentifierKind>;
type IdentifierField = keyof typeof IDENTIFIER_FIELDS;

const Text = (max: number) => z.string().trim().min(1).max(max);
const When = z.iso.datetime({ offset: true });
const toMs = (iso: string) => Date.parse(iso);
/** A number in a JSON value or in text ("1250.50"); a CSV cell is always text. */
const Amount = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, 'must be a number'),
  ])
  .transform(Number)
  .pipe(z.number().finite().min(0, 'must not be negative'));
/** "a;b;c" in a file, or an array in JSON. */
const List = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? v.split(';') : v).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(320)).max(50, 'at most 50 identifiers per case'));

const CaseFields = z.object({
  case_ref: Text(100),
  creditor: Text(200),
  segment: z.enum(SEGMENTS),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166 alpha-2 country code')
    .transform((s) => s.toUpperCase()),
  opened_at: When,
  status: z.enum(CASE_STATUSES),
  closed_at: When.optional(),
  amount: Amount.optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 currency code')
    .transform((s) => s.toUpperCase())
    .optional(),
  language: Text(20).optional(),
  team: Text(100).optional(),
  debtor_handles: List.optional(),
  debtor_emails: List.optional(),
  debtor_phones: List.optional(),
});

const WHAT: Record<IdentifierKind, string> = {
  handle: 'not a handle',
  email: 'not an e-mail address',
  phone: 'not a phone number (E.164, or a national number in a country with a known calling code)',
};

/** A validated case row; its identifiers normalised but not yet hashed. */
export interface CaseItem {
  caseRef: string;
  creditor: string;
  segment: (typeof SEGMENTS)[number];
  country: string;
  openedAt: number;
  closedAt: number | null;
  status: (typeof CASE_STATUSES)[number];
  amount: number | null;
  currency: string | null;
  language: string | null;
  team: string | null;
  identifiers: { kind: IdentifierKind; value: string }[];
}

export const CaseRow: z.ZodType<CaseItem> = CaseFields.transform((r, ctx) => {
  const identifiers: CaseItem['identifiers'] = [];
  for (const field of Object.keys(IDENTIFIER_FIELDS) as IdentifierField[]) {
    const kind = IDENTIFIER_FIELDS[field];
    for (const raw of r[field] ?? []) {
      const value = normaliseIdentifier(kind, raw, r.country);
      // The message names the kind, never the value: identifiers are personal data.
      if (value === null) {
        ctx.addIssue({ code: 'custom', path: [field], message: WHAT[kind] });
        return z.NEVER;
      }
      if (!identifiers.some((i) => i.kind === kind && i.value === value)) identifiers.push({ kind, value });
    }
  }
  return {
    caseRef: r.case_ref,
    creditor: r.creditor,
    segment: r.segment,
    country: r.country,
    openedAt: toMs(r.opened_at),
    closedAt: r.closed_at === undefined ? null : toMs(r.closed_at),
    status: r.status,
    amount: r.amount ?? null,
    currency: r.currency ?? null,
    language: r.language ?? null,
    team: r.team ?? null,
    identifiers,
  };
});

export const CASE_ROWS: RowSpec<CaseItem> = {
  schema: CaseRow,
  fields: Object.keys(CaseFields.shape),
  required: ['case_ref', 'creditor', 'segment', 'country', 'opened_at', 'status'],
  dateFields: ['opened_at', 'closed_at'],
};

const ActionFields = z.object({
  case_ref: Text(100),
  at: When,
  channel: z.enum(CHANNELS),
  action_type: z.enum(ACTION_TYPES),
  team: Text(100).optional(),
  agent: Text(200).optional(),
  outcome: Text(200).optional(),
});

export interface ActionItem {
  caseRef: string;
  at: number;
  channel: (typeof CHANNELS)[number];
  actionType: (typeof ACTION_TYPES)[number];
  team: string | null;
  agent: string | null;
  outcome: string | null;
}

export const ActionRow: z.ZodType<ActionItem> = ActionFields.transform((r) => ({
  caseRef: r.case_ref,
  at: toMs(r.at),
  channel: r.channel,
  actionType: r.action_type,
  team: r.team ?? null,
  agent: r.agent ?? null,
  outcome: r.outcome ?? null,
}));

export const ACTION_ROWS: RowSpec<ActionItem> = {
  schema: ActionRow,
  fields: Object.keys(ActionFields.shape),
  required: ['case_ref', 'at', 'channel', 'action_type'],
  dateFields: ['at'],
};

/** Rows per batch for actions: the bulk of a collection system's export, and cheap rows. */
export const ACTION_BATCH_SIZE = 2000;

export interface StoreCounts {
  new: number;
  updated: number;
  unchanged: number;
  /** Rows that could not be stored, by their index in the input, and why. */
  rejected: { index: number; reason: string }[];
}

const hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/** True when any row carries debtor identifiers (which then need EARSHOT_SECRET_KEY). */
export const hasIdentifiers = (rows: readonly CaseItem[]) => rows.some((r) => r.identifiers.length > 0);

/**
 * Stores cases: new ones are inserted, changed ones updated (their identifier set replaced), unchanged ones left
 * alone. A ref given twice in one call: the last row counts, the earlier ones count as unchanged.
 */
export async function storeCases(deps: Pick<Deps, 'db' | 'clock' | 'config'>, items: readonly CaseItem[]): Promise<StoreCounts> {
  const counts: StoreCounts = { new: 0, updated: 0, unchanged: 0, rejected: [] };
  if (!items.length) return counts;
  const hasher = hasIdentifiers(items) ? await requireIdentifierHasher(deps.config.secretKey) : null;
  const last = new Map<string, CaseItem>();
  for (const item of items) last.set(item.caseRef, item);
  counts.unchanged += items.length - last.size;

  const writes: CaseWrite[] = [];
  for (const item of last.values()) {
    const identifiers = await Promise.all(item.identifiers.map(async (i) => ({ kind: i.kind, hash: await hasher!(i.kind, i.value) })));
    identifiers.sort((a, b) => (a.kind + a.hash < b.kind + b.hash ? -1 : 1));
    const { identifiers: _clear, ...fields } = item;
    // Over the keyed hashes, not the identifiers: the row hash must not be a way back to them.
    const rowHash = hex(JSON.stringify([fields, identifiers]));
    writes.push({ ...fields, rowHash, identifiers });
  }
  const stored = await casesByRef(
    deps.db,
    writes.map((w) => w.caseRef),
  );
  const changed = writes.filter((w) => {
    const s = stored.get(w.caseRef);
    if (!s) counts.new++;
    else if (s.rowHash !== w.rowHash) counts.updated++;
    else {
      counts.unchanged++;
      return false;
    }
    return true;
  });
  if (changed.length) {
    await upsertCases(deps.db, changed, deps.clock.now());
    // Mentions that arrived before their case was imported are linked now: by the references they cite (with or
    // without a cue word) and by their authors' hashes.
    await linkEarlierMentions(deps, {
      cases: changed.map((w) => ({ caseRef: w.caseRef, creditor: w.creditor })),
      identifierHashes: changed.flatMap((w) => w.identifiers.filter((i) => i.kind !== 'phone').map((i) => i.hash)),
    });
  }
  return counts;
}

/** The identity of an action within its case. */
export const actionKey = (a: Pick<ActionItem, 'at' | 'channel' | 'actionType' | 'agent'>) => hex(JSON.stringify([a.at, a.channel, a.actionType, a.agent])).slice(0, 32);

export const NO_CASE = 'case_ref: no case with this case_ref';

/**
 * Stores actions for known cases; an action whose case_ref matches no case is rejected (by index). One already
 * stored (same case and key) is unchanged, or updated when its team or outcome changed.
 */
export async function storeActions(deps: Pick<Deps, 'db' | 'clock'>, items: readonly ActionItem[]): Promise<StoreCounts> {
  const counts: StoreCounts = { new: 0, updated: 0, unchanged: 0, rejected: [] };
  if (!items.length) return counts;
  const cases = await casesByRef(
    deps.db,
    items.map((i) => i.caseRef),
  );
  const byKey = new Map<string, ActionWrite>();
  items.forEach((item, index) => {
    const stored = cases.get(item.caseRef);
    if (!stored) return void counts.rejected.push({ index, reason: NO_CASE });
    const write: ActionWrite = {
      caseId: stored.id,
      at: item.at,
      channel: item.channel,
      actionType: item.actionType,
      team: item.team,
      agent: item.agent,
      outcome: item.outcome,
      actionKey: actionKey(item),
    };
    const id = `${write.caseId}:${write.actionKey}`;
    if (byKey.has(id)) counts.unchanged++; // the same action twice in one call: the last one counts
    byKey.set(id, write);
  });
  const writes = [...byKey.values()];
  const existing = await actionsByKey(deps.db, writes);
  const changed = writes.filter((w) => {
    const s = existing.get(`${w.caseId}:${w.actionKey}`);
    if (!s) counts.new++;
    else if (s.team !== w.team || s.outcome !== w.outcome) counts.updated++;
    else {
      counts.unchanged++;
      return false;
    }
    return true;
  });
  if (changed.length) await upsertActions(deps.db, changed, deps.clock.now());
  return counts;
}

/** Items given to the API (no lines): each validated on its own, so one bad item does not refuse the rest. */
export function validateItems<T>(values: readonly unknown[], spec: RowSpec<T>): { items: { index: number; item: T }[]; bad: { index: number; reason: string }[] } {
  const columns: ColumnMap = Object.fromEntries(spec.fields.map((f) => [f, f]));
  const items: { index: number; item: T }[] = [];
  const bad: { index: number; reason: string }[] = [];
  values.forEach((v, index) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return void bad.push({ index, reason: 'not an object' });
    const result = toItem(v as Record<string, unknown>, columns, spec);
    if (result.ok) items.push({ index, item: result.item });
    else bad.push({ index, reason: result.reason });
  });
  return { items, bad };
}
