import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { CASE_ROWS, storeCases, validateItems } from '../../core/cases/import-cases.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import { CaseItems, type ImportItemsInput } from './schemas.ts';

export interface ImportResult {
  new: number;
  updated: number;
  unchanged: number;
  /** Items not stored, by their index in the input, and why. */
  skipped: { index: number; reason: string }[];
}

/** Imports cases: new ones are added, changed ones updated, unchanged ones left alone; a bad item is skipped, not fatal. */
export async function importCases(deps: Deps, actor: Actor, input: ImportItemsInput): Promise<ImportResult> {
  authorize(actor, 'cases:write');
  const { items, bad } = validateItems(readInput(CaseItems, input), CASE_ROWS);
  const stored = await storeCases(
    deps,
    items.map((i) => i.item),
  );
  const result = { new: stored.new, updated: stored.updated, unchanged: stored.unchanged, skipped: bad };
  await recordAudit(deps, actor.id, 'cases.import', { counts: { new: result.new, updated: result.updated, unchanged: result.unchanged, skipped: bad.length } });
  return result;
}
