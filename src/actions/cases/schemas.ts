// The one description of what people send about cases, creditors and the complaint analytics: the API's request
// bodies and queries, and what the dashboard's forms are read into, end up here.
import { z } from '@hono/zod-openapi';
import { GROUP_BYS, PAIR_FIRSTS, PAIR_SECONDS } from '../../../db/queries/analytics.ts';
import { ACTION_TYPES, CASE_STATUSES } from '../../../db/schema/constants.ts';
import { DEFAULT_BUCKET_DAYS, DEFAULT_PERIOD_DAYS, DEFAULT_WINDOW_DAYS, MAX_TREND_BUCKETS } from '../../core/cases/analytics.ts';
import { MAX_CASE_ROWS } from '../../core/cases/import-cases.ts';
import { MAX_FORMAT_LENGTH, MIN_FORMAT_POSITIONS } from '../../core/cases/ref-formats.ts';

// ---- links between mentions and cases ----

export const LinkMention = z.object({ mention_id: z.number().int().positive() });
export type LinkMentionInput = z.input<typeof LinkMention>;

/** The API's PATCH body: the one change a link takes is to be confirmed. */
export const ConfirmLink = z.object({ status: z.literal('confirmed') });

// ---- the case list ----

export const CaseListQuery = z.object({
  creditor: z.string().trim().max(200).optional(),
  team: z.string().trim().max(200).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  with_complaints: z.enum(['true', 'false']).optional().openapi({ description: 'true: only cases with at least one linked complaint (a negative, relevant mention)' }),
  ref: z.string().trim().max(100).optional().openapi({
    description:
      'A reference in any written form: "4051 2377", "LV-4051-2377" and "40512377" find the same cases (their digits start with these); without digits, the start of the reference',
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().openapi({ description: 'The next_cursor of the previous page' }),
});
export type CaseListQueryInput = z.input<typeof CaseListQuery>;

// ---- imports ----

// Items are checked one by one (as rows of a file are), so one bad item is reported by index, not the whole call.
const Items = (what: string) =>
  z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .max(MAX_CASE_ROWS)
    .openapi({ description: `Up to ${MAX_CASE_ROWS.toLocaleString('en-US')} ${what}, with the fields of the file import (see the README)` });

export const CaseItems = Items('cases');
export const ActionItems = Items('actions');
export type ImportItemsInput = z.input<typeof CaseItems>;

// ---- a creditor's case-reference format ----

export const FORMAT_HELP =
  `A mask of at most ${MAX_FORMAT_LENGTH} characters: "#" a digit, "A" a letter, "*" a letter or digit, "\\" makes the next ` +
  `letter or digit literal; other letters and digits are literal, any other character is a separator that matches one ` +
  `separator or none. At least ${MIN_FORMAT_POSITIONS} "#"/"A"/"*" positions, one of them "#". Case-insensitive. null clears it.`;

export const ReferenceFormat = z.object({ format: z.string().max(200).nullable().openapi({ example: 'LV-########', description: FORMAT_HELP }) });
export type ReferenceFormatInput = z.input<typeof ReferenceFormat>;

// ---- complaint analytics (aggregates only) ----

export const IsoTime = z.iso.datetime({ offset: true }).or(z.iso.date());

export const WindowDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(365)
  .default(DEFAULT_WINDOW_DAYS)
  .openapi({ description: 'A complaint counts against the actions on its case before it, on its day of publication or up to this many whole days earlier' });
export const Links = z
  .enum(['any', 'confirmed'])
  .default('any')
  .openapi({ description: 'Which mention–case links count: any stored link (suggested or confirmed), or only confirmed ones' });

export const GroupQuery = z.object({
  by: z.enum(GROUP_BYS),
  split_by: z
    .enum(GROUP_BYS)
    .optional()
    .openapi({ description: `Split each group by a second dimension: ${PAIR_FIRSTS.join(', ')} by ${PAIR_SECONDS.join(' or ')} (keys "first · second")` }),
  from: IsoTime.optional().openapi({
    description: `Actions on or after this UTC day (ISO 8601; views count whole days, so a time takes in its day); default ${DEFAULT_PERIOD_DAYS} days before \`to\``,
  }),
  to: IsoTime.optional().openapi({ description: 'Actions on or before this UTC day (ISO 8601; the whole day); default today' }),
  window_days: WindowDays,
  links: Links,
});
export type GroupQueryInput = z.input<typeof GroupQuery>;

export const TacticsQuery = GroupQuery.extend({
  sort: z.enum(['key', 'low']).default('key').openapi({ description: 'By group key, or by the lower 95 % bound of the rate per 1,000 cases (highest first)' }),
});
export type TacticsQueryInput = z.input<typeof TacticsQuery>;

export const ChangeQuery = z.object({
  by: z.enum(GROUP_BYS).default('action_type').openapi({ description: 'The grouping of the group compared (as /tactics)' }),
  split_by: z.enum(GROUP_BYS).optional().openapi({ description: 'Its second dimension, for a pair (as /tactics)' }),
  key: z.string().min(1).max(300).optional().openapi({ description: 'The group, as /tactics names it: "Riga B", "sms", "(none)", or for a pair "Riga B · sms"' }),
  action_type: z.enum(ACTION_TYPES).optional().openapi({ description: 'Shorthand for by=action_type&key=…' }),
  at: IsoTime.openapi({ description: 'The day of the change (ISO 8601): the after period starts on this UTC day' }),
  span_days: z.coerce.number().int().min(1).max(730).default(28).openapi({ description: 'Length of the periods before and after `at`' }),
  window_days: WindowDays,
  links: Links,
});
export type ChangeQueryInput = z.input<typeof ChangeQuery>;

export const TimeOfDayQuery = GroupQuery.extend({
  by: z.enum(GROUP_BYS).optional().openapi({ description: 'The grouping of the group (as /tactics); leave out with `key` for every action' }),
  key: z.string().min(1).max(300).optional().openapi({ description: 'The group, as /tactics names it ("Riga B", or for a pair "Riga B · sms"); every action when left out' }),
});
export type TimeOfDayQueryInput = z.input<typeof TimeOfDayQuery>;

export const TrendQuery = GroupQuery.extend({
  bucket_days: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(DEFAULT_BUCKET_DAYS)
    .openapi({
      description:
        `Length of each bucket in whole days. Buckets start on the day of \`from\`; the last one ends with the day of \`to\` ` +
        `and may be shorter than the others. At most ${MAX_TREND_BUCKETS} buckets per request.`,
    }),
});
export type TrendQueryInput = z.input<typeof TrendQuery>;
