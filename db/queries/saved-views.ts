// Saved views: a page's filters under a name (saved_views), shared with everyone who may see the page.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { SavedViewPage } from '../schema/constants.ts';
import { type SavedView, savedViews } from '../schema/index.ts';

export async function listViews(db: Db, page: SavedViewPage): Promise<SavedView[]> {
  return db.select().from(savedViews).where(eq(savedViews.page, page)).orderBy(asc(savedViews.name));
}

export async function getView(db: Db, id: number): Promise<SavedView | null> {
  const [row] = await db.select().from(savedViews).where(eq(savedViews.id, id));
  return row ?? null;
}

export async function viewByName(db: Db, page: SavedViewPage, name: string): Promise<SavedView | null> {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.page, page), eq(savedViews.name, name)));
  return row ?? null;
}

/** Inserts a view; null when the page already has one of that name (another request may have saved it first). */
export async function insertView(db: Db, v: Omit<SavedView, 'id'>): Promise<SavedView | null> {
  const [row] = await db.insert(savedViews).values(v).onConflictDoNothing().returning();
  return row ?? null;
}

export async function deleteView(db: Db, id: number): Promise<boolean> {
  return (await db.delete(savedViews).where(eq(savedViews.id, id)).returning({ id: savedViews.id })).length > 0;
}
