// Automatic linking of mentions to collection cases, as mentions are stored and as cases are imported. Links are
// only suggestions: a person confirms or removes them.
import type { BatchItem } from 'drizzle-orm/batch';
import { creditorFormats, mentionIdsCitingCreditor, mentionIdsSince, mentionIdsSuggestedForCreditor } from '../../../db/queries/creditors.ts';
import {
  casesByIdentifierHashes,
  casesByRefDigits,
  mentionIdsByAuthorHashes,
  mentionIdsCitingRefs,
  mentionIdsWithWords,
  mentionsForLinking,
  reconcileCreditorLinks,
  suggestedLinkStatementsByKey,
  upsertSuggestedLinks,
  type CitedRef,
  type SuggestedLink,
} from '../../../db/queries/case-links.ts';
import type { IdentifierKind } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { identifierHasher, normaliseIdentifier, type IdentifierHasher } from './identifiers.ts';
import { compileRefFormat, refDigits, refKey, type RefFormat } from './ref-formats.ts';
import { DAY_MS } from '../time/durations.ts';

/** A reference in the text that fits its creditor's format and equals one of that creditor's case references. */
export const REF_FORMAT_CONFIDENCE = 0.95;
/** A case reference written in the mention (digits) equals a case's reference (digits). */
export const CASE_REF_CONFIDENCE = 0.9;
/** The mention's author equals a (hashed) debtor handle or e-mail of a case. */
export const IDENTIFIER_CONFIDENCE = 0.7;
/** How far back setting a creditor's format rescans mention texts for references without a cue word. */
export const RELINK_DAYS = 90;

const RELINK_BATCH = 500;

/**
 * The identifiers an author name can be compared as: a handle and, when it looks like one, an e-mail.
 */
export function authorIdentifiers(author: string | null): { kind: IdentifierKind; value: string }[] {
  if (!author) return [];
  const out: { kind: IdentifierKind; value: string }[] = [];
  for (const kind of ['handle', 'email'] as const) {
    const value = normaliseIdentifier(kind, author);
    if (value) out.push({ kind, value });
  }
  return out;
}

/** The keyed hashes of an author's identifiers (as case_identifiers holds them). */
export async function authorHashes(hasher: IdentifierHasher, author: string | null): Promise<string[]> {
  return Promise.all(authorIdentifiers(author).map((i) => hasher(i.kind, i.value)));
}

/** A mention as linking reads it. `authorHashes` null: not known (hashed from `author` when a key is set). */
export interface LinkableMention {
  id: number;
  /** Title and text, as the analyser read them. */
  text: string;
  refs: CitedRef[];
  author: string | null;
  authorHashes?: string[] | null;
}

type Formats = Map<string, RefFormat>;

async function loadFormats(deps: Pick<Deps, 'db'>): Promise<Formats> {
  const formats: Formats = new Map();
  for (const [creditor, mask] of await creditorFormats(deps.db)) {
    try {
      formats.set(creditor, compileRefFormat(mask));
    } catch {
      // A mask stored before a stricter check: ignored rather than failing every ingest.
    }
  }
  return formats;
}

/**
 * The links these mentions suggest:
 * - a reference fitting a creditor's format, found anywhere in the text, that equals one of that creditor's case
 *   references (letters and digits, upper-case): 0.95;
 * - a reference the analyser found (after a cue word) whose digits equal a case reference's digits: 0.9 — for a
 *   creditor with a format only when it was written as the format says or as bare digits (so digits that happen to
 *   equal a case number inside a phone number or another code do not link);
 * - the author's hashed handle or e-mail on a case: 0.7 (only with EARSHOT_SECRET_KEY).
 * One suggestion per mention and case: the most confident.
 */
async function suggestLinks(deps: Pick<Deps, 'db' | 'config'>, mentions: LinkableMention[], formats: Formats): Promise<SuggestedLink[]> {
  const best = new Map<string, SuggestedLink>();
  const suggest = (l: SuggestedLink) => {
    const key = `${l.mentionId}:${l.caseId}`;
    if ((best.get(key)?.confidence ?? -1) < l.confidence) best.set(key, l);
  };

  // References fitting a creditor's format, anywhere in the text.
  const scanned = new Map<string, string[]>(); // mask → creditors
  for (const [creditor, f] of formats) if (f.distinctive) scanned.set(f.mask, [...(scanned.get(f.mask) ?? []), creditor]);
  const found: { mentionId: number; creditors: string[]; key: string; digits: string }[] = [];
  for (const [mask, creditors] of scanned) {
    const format = compileRefFormat(mask);
    for (const m of mentions) {
      for (const written of format.find(m.text)) found.push({ mentionId: m.id, creditors, key: refKey(written), digits: refDigits(written) });
    }
  }

  const digits = [...mentions.flatMap((m) => m.refs.map((r) => r.digits)), ...found.map((f) => f.digits)].filter(Boolean);
  if (digits.length) {
    const byDigits = new Map<string, Awaited<ReturnType<typeof casesByRefDigits>>>();
    for (const c of await casesByRefDigits(deps.db, digits)) byDigits.set(c.digits, [...(byDigits.get(c.digits) ?? []), c]);
    for (const f of found) {
      for (const c of byDigits.get(f.digits) ?? []) {
        if (f.creditors.includes(c.creditor) && refKey(c.caseRef) === f.key) {
          suggest({ mentionId: f.mentionId, caseId: c.caseId, method: 'case_ref', confidence: REF_FORMAT_CONFIDENCE });
        }
      }
    }
    for (const m of mentions) {
      for (const r of m.refs) {
        for (const c of byDigits.get(r.digits) ?? []) {
          const format = formats.get(c.creditor);
          if (format && r.written !== r.digits && !format.fits(r.written)) continue;
          suggest({ mentionId: m.id, caseId: c.caseId, method: 'case_ref', confidence: CASE_REF_CONFIDENCE });
        }
      }
    }
  }

  const hasher = await identifierHasher(deps.config.secretKey);
  if (hasher) {
    const hashesOf = new Map<number, string[]>();
    for (const m of mentions) hashesOf.set(m.id, m.authorHashes ?? (await authorHashes(hasher, m.author)));
    const byHash = new Map<string, number[]>();
    for (const c of await casesByIdentifierHashes(deps.db, [...hashesOf.values()].flat())) byHash.set(c.hash, [...(byHash.get(c.hash) ?? []), c.caseId]);
    for (const [mentionId, hashes] of hashesOf) {
      for (const h of hashes) for (const caseId of byHash.get(h) ?? []) suggest({ mentionId, caseId, method: 'identifier', confidence: IDENTIFIER_CONFIDENCE });
    }
  }
  return [...best.values()];
}

/** A new or edited mention of one source as ingest holds it: by its key, before the batch gives it an id. */
export type IngestedMention = Omit<LinkableMention, 'id'> & { externalKey: string };

/**
 * The statements that store the links these mentions suggest, for the batch that stores the mentions: a crash can
 * then not leave them stored but unlinked (a retry would find them unchanged and never link them).
 */
export async function linkStatements(deps: Pick<Deps, 'db' | 'clock' | 'config'>, sourceId: number, mentions: IngestedMention[]): Promise<BatchItem<'sqlite'>[]> {
  if (mentions.length === 0) return [];
  // Positions stand in for ids until the batch runs; the statements find each mention by its key.
  const links = await suggestLinks(
    deps,
    mentions.map((m, id) => ({ ...m, id })),
    await loadFormats(deps),
  );
  return suggestedLinkStatementsByKey(
    deps.db,
    sourceId,
    links.map(({ mentionId, ...l }) => ({ ...l, externalKey: mentions[mentionId]!.externalKey })),
    deps.clock.now(),
  );
}

/** The title and text of a mention, as searched for references. */
export const scanText = (title: string | null, text: string) => (title ? `${title}\n\n${text}` : text);

const linkable = (m: Awaited<ReturnType<typeof mentionsForLinking>>[number]): LinkableMention => ({
  id: m.id,
  text: scanText(m.title, m.text),
  refs: m.refs,
  author: m.author,
});

/**
 * Suggests links for stored mentions: by case reference (always; see suggestLinks for creditors' formats) and by
 * author identifier (only with EARSHOT_SECRET_KEY, since identifiers exist only as keyed hashes). Returns how many
 * links were new.
 */
export async function linkMentions(deps: Pick<Deps, 'db' | 'clock' | 'config'>, mentionIds: number[]): Promise<{ links: number }> {
  if (mentionIds.length === 0) return { links: 0 };
  let links = 0;
  const formats = await loadFormats(deps);
  for (let i = 0; i < mentionIds.length; i += RELINK_BATCH) {
    const mentions = (await mentionsForLinking(deps.db, mentionIds.slice(i, i + RELINK_BATCH))).map(linkable);
    const suggested = await suggestLinks(deps, mentions, formats);
    if (suggested.length) links += await upsertSuggestedLinks(deps.db, suggested, deps.clock.now());
  }
  return { links };
}

/**
 * Links mentions stored before their cases were imported: those whose analysis cites one of these cases'
 * references (by digits, through mention_case_refs), those whose author has one of the cases' identifier hashes
 * (through mention_author_hashes) and, for a creditor with a format, those whose text holds the reference as a word
 * (through the full-text index; the format then decides). All lookups are indexed: nothing is rehashed or rescanned.
 */
export async function linkEarlierMentions(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  o: { cases: { caseRef: string; creditor?: string }[]; identifierHashes?: string[] },
): Promise<{ links: number }> {
  const digits = [...new Set(o.cases.map((c) => refDigits(c.caseRef)).filter(Boolean))];
  const ids = new Set(digits.length ? await mentionIdsCitingRefs(deps.db, digits) : []);
  if (o.identifierHashes?.length) for (const id of await mentionIdsByAuthorHashes(deps.db, o.identifierHashes)) ids.add(id);
  const formats = o.cases.some((c) => c.creditor) ? await loadFormats(deps) : new Map<string, RefFormat>();
  const words = o.cases.flatMap((c) => {
    const format = c.creditor ? formats.get(c.creditor) : undefined;
    // "LV-40512377" is indexed as "lv" and "40512377", "LV40512377" as one word.
    return format?.distinctive && format.fits(c.caseRef) ? [refDigits(c.caseRef), refKey(c.caseRef)] : [];
  });
  if (words.length) for (const id of await mentionIdsWithWords(deps.db, words)) ids.add(id);
  return linkMentions(
    deps,
    [...ids].sort((a, b) => a - b),
  );
}

/** linkEarlierMentions by references (and identifier hashes) alone. */
export async function linkCitingMentions(deps: Pick<Deps, 'db' | 'clock' | 'config'>, caseRefs: string[], identifierHashes: string[] = []): Promise<{ links: number }> {
  return linkEarlierMentions(deps, { cases: caseRefs.map((caseRef) => ({ caseRef })), identifierHashes });
}

/**
 * After a creditor's format was set or cleared: re-reads the mentions it can change — every mention citing the
 * digits of one of the creditor's cases, every mention with a suggested reference link to one of them and, when
 * the format can be searched for without a cue word, every mention published in the last RELINK_DAYS days — and
 * brings their suggested reference links to the creditor's cases in line (added, re-weighed or removed; confirmed
 * and manual links stay).
 */
export async function relinkCreditor(deps: Pick<Deps, 'db' | 'clock' | 'config'>, creditor: string): Promise<{ mentions: number; added: number; removed: number }> {
  const formats = await loadFormats(deps);
  const format = formats.get(creditor);
  const ids = new Set([...(await mentionIdsCitingCreditor(deps.db, creditor)), ...(await mentionIdsSuggestedForCreditor(deps.db, creditor))]);
  if (format?.distinctive) for (const id of await mentionIdsSince(deps.db, deps.clock.now() - RELINK_DAYS * DAY_MS)) ids.add(id);
  const sorted = [...ids].sort((a, b) => a - b);
  const totals = { mentions: sorted.length, added: 0, removed: 0 };
  for (let i = 0; i < sorted.length; i += RELINK_BATCH) {
    const part = sorted.slice(i, i + RELINK_BATCH);
    const mentions = (await mentionsForLinking(deps.db, part)).map(linkable);
    const fresh = await suggestLinks(deps, mentions, formats);
    const r = await reconcileCreditorLinks(deps.db, { creditor, mentionIds: part, fresh, now: deps.clock.now() });
    totals.added += r.added;
    totals.removed += r.removed;
  }
  return totals;
}
