import { z } from '@hono/zod-openapi';

// Every list the API answers comes in one envelope, `{items, next_cursor}`. Lists that used another key before the
// envelope (`{alerts}`, `{rules}`…) repeat their items under it, marked deprecated, for one release (CHANGELOG.md).

const NextCursor = z.string().nullable().openapi({ description: 'Send it as `cursor` for the next page; null on the last page, and always for lists answered whole' });

/** The schema of a list answer. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: NextCursor });

/** The schema of a list answer that also carries its items under the key it used before the envelope. */
export function listWithLegacyKey<T extends z.ZodType, K extends string>(item: T, key: K) {
  const legacy = z.array(item).openapi({ deprecated: true, description: `Deprecated: the same as \`items\`, kept for one release; read \`items\`` });
  return listOf(item).extend({ [key]: legacy } as Record<K, typeof legacy>);
}

/** A list answered whole (not paged): its items, no next page. */
export function wholeList<T>(items: T[]): { items: T[]; next_cursor: null };
/** … and the same items under the key the list used before the envelope. */
export function wholeList<T, K extends string>(items: T[], legacyKey: K): { items: T[]; next_cursor: null } & Record<K, T[]>;
export function wholeList<T>(items: T[], legacyKey?: string) {
  return legacyKey === undefined ? { items, next_cursor: null } : { items, next_cursor: null, [legacyKey]: items };
}
