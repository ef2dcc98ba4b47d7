import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { ACTION_ROWS, storeActions, validateItems } from '../../core/cases/import-cases.ts';
import { type Actor, authorize, readInput } from '../actor.ts';
import type { ImportResult } from './import-cases.ts';
import { ActionItems, type ImportItemsInput } from './schemas.ts';

/**
 * Imports one case's collection actions (the case is the one `ref` names, whatever an item says); an action already
 * stored is not added again. Items for a case that is not there are skipped with the reason.
 */
export async function importCaseActions(deps: Deps, actor: Actor, ref: string, input: ImportItemsInput): Promise<ImportResult> {
  authorize(actor, 'cases:write');
  const { items, bad } = validateItems(
    readInput(ActionItems, input).map((a) => ({ ...a, case_ref: ref })),
    ACTION_ROWS,
  );
  const stored = await storeActions(
    deps,
    items.map((i) => i.item),
  );
  const skipped = [...bad, ...stored.rejected.map((r) => ({ index: items[r.index]!.index, reason: r.reason }))].sort((a, b) => a.index - b.index);
  const result = { new: stored.new, updated: stored.updated, unchanged: stored.unchanged, skipped };
  await recordAudit(deps, actor.id, 'cases.actions.import', {
    caseRef: ref,
    counts: { new: result.new, updated: result.updated, unchanged: result.unchanged, skipped: skipped.length },
  });
  return result;
}
