// A saved view as people send it: a page, a name and the page's query string.
import { z } from '@hono/zod-openapi';
import { SAVED_VIEW_PAGES, type SavedViewPage } from '../../../db/schema/constants.ts';

/** The filters each page reads: a saved view keeps these and drops anything else (a paging cursor, a flash). */
export const VIEW_PARAMS: Record<SavedViewPage, readonly string[]> = {
  mentions: ['source', 'language', 'sentiment', 'tactic', 'from', 'to', 'q', 'relevant'],
  tactics: ['by', 'split_by', 'from', 'to', 'window_days', 'links', 'sort', 'key', 'action_type', 'at', 'span_days'],
};

export const SaveView = z.object({
  page: z.enum(SAVED_VIEW_PAGES),
  name: z.string().trim().min(1, 'give the view a name').max(60, 'at most 60 characters'),
  query: z.string().max(2_000),
});
export type SaveViewInput = z.input<typeof SaveView>;
