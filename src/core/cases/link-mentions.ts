// Automatic linking of mentions to collection cases, as mentions are stored. Links are only suggestions: a
// person confirms or removes them.
import {
  casesByIdentifierHashes,
  casesByRefDigits,
  mentionIdsCitingRefs,
  mentionsForLinking,
  upsertSuggestedLinks,
  type SuggestedLink,
} from '../../../db/queries/links.ts';
import type { IdentifierKind } from '../../../db/schema/constants.ts';
import type { Deps } from '../deps.ts';
import { identifierHasher, normaliseIdentifier } from './identifiers.ts';

/** A case reference written in the mention (digits) equals a case's reference (digits). */
export const CASE_REF_CONFIDENCE = 0.9;
/** The mention's author equals a (hashed) debtor handle or e-mail of a case. */
export const IDENTIFIER_CONFIDENCE = 0.7;

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

/**
 * Suggests links for the given mentions: by case reference (always) and by author identifier (only with
 * EARSHOT_SECRET_KEY, since identifiers exist only as keyed hashes). Returns how many links were new.
 * Reference formats per creditor are a later refinement: today any case whose reference has the same digits
 * ("LV-40512377" ↔ "40512377") matches.
 */
export async function linkMentions(deps: Pick<Deps, 'db' | 'clock' | 'config'>, mentionIds: number[]): Promise<{ links: number }> {
  if (mentionIds.length === 0) return { links: 0 };
  const mentions = await mentionsForLinking(deps.db, mentionIds);
  const best = new Map<string, SuggestedLink>();
  const suggest = (l: SuggestedLink) => {
    const key = `${l.mentionId}:${l.caseId}`;
    if ((best.get(key)?.confidence ?? -1) < l.confidence) best.set(key, l);
  };

  const refs = mentions.flatMap((m) => m.case_refs.map((r) => r.replace(/\D/g, '')).filter(Boolean));
  if (refs.length) {
    const byDigits = new Map<string, number[]>();
    for (const c of await casesByRefDigits(deps.db, refs)) byDigits.set(c.digits, [...(byDigits.get(c.digits) ?? []), c.caseId]);
    for (const m of mentions) {
      for (const ref of m.case_refs) {
        for (const caseId of byDigits.get(ref.replace(/\D/g, '')) ?? []) suggest({ mentionId: m.id, caseId, method: 'case_ref', confidence: CASE_REF_CONFIDENCE });
      }
    }
  }

  const hasher = await identifierHasher(deps.config.secretKey);
  if (hasher) {
    const hashesOf = new Map<number, string[]>();
    for (const m of mentions) {
      hashesOf.set(m.id, await Promise.all(authorIdentifiers(m.author).map((i) => hasher(i.kind, i.value))));
    }
    const byHash = new Map<string, number[]>();
    for (const c of await casesByIdentifierHashes(deps.db, [...hashesOf.values()].flat())) byHash.set(c.hash, [...(byHash.get(c.hash) ?? []), c.caseId]);
    for (const [mentionId, hashes] of hashesOf) {
      for (const h of hashes) for (const caseId of byHash.get(h) ?? []) suggest({ mentionId, caseId, method: 'identifier', confidence: IDENTIFIER_CONFIDENCE });
    }
  }

  return { links: best.size ? await upsertSuggestedLinks(deps.db, [...best.values()], deps.clock.now()) : 0 };
}

/**
 * Links mentions stored before their cases were imported: those whose text cites one of these cases' references.
 * (Author matches of earlier mentions are left to the next mention of that author: hashing every stored author on
 * each import would cost more than it finds.)
 */
export async function linkCitingMentions(deps: Pick<Deps, 'db' | 'clock' | 'config'>, caseRefs: string[]): Promise<{ links: number }> {
  const digits = [...new Set(caseRefs.map((r) => r.replace(/\D/g, '')).filter(Boolean))];
  if (digits.length === 0) return { links: 0 };
  return linkMentions(deps, await mentionIdsCitingRefs(deps.db, digits));
}
