import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SAVED_VIEW_PAGES } from './constants.ts';
import { users } from './users.ts';

/** A page's filters saved under a name, shared with everyone who may see that page. */
export const savedViews = sqliteTable(
  'saved_views',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    page: text('page', { enum: SAVED_VIEW_PAGES }).notNull(),
    name: text('name').notNull(),
    /** The page's query string (its known parameters only), without the "?". */
    query: text('query').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('saved_views_page_name_uq').on(t.page, t.name)],
);

export type SavedView = typeof savedViews.$inferSelect;
