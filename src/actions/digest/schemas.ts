// The digest as people set it up: its schedule and sender, its recipients, and which week's digest to preview. The
// API's request bodies and queries and the dashboard's forms are all held to these.
import { z } from '@hono/zod-openapi';
import { STAFF_ROLES } from '../../../db/schema/constants.ts';
import { DIGEST_LANGUAGES } from '../../core/digest/build-digest.ts';
import { parseCron } from '../../core/digest/schedule.ts';
import { parseIsoWeek } from '../../core/digest/week.ts';
import { isValidTimeZone } from '../../core/time/zones.ts';

const TimeZone = z.string().refine(isValidTimeZone, { error: (i) => `"${String(i.input).slice(0, 60)}" is not a time zone (an IANA name like Europe/Riga)` });
export const Week = z
  .string()
  .refine((w) => parseIsoWeek(w) !== null, 'an ISO week like 2026-W47')
  .openapi({ example: '2026-W47' });

/** The schedule and sender. */
export const SettingsSchema = z
  .object({
    cron: z
      .string()
      .superRefine((c, ctx) => {
        const parsed = parseCron(c);
        if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed.replace(/^cron: /, '') });
      })
      .openapi({ example: '0 7 * * 1' }),
    time_zone: TimeZone.openapi({ example: 'Europe/Riga' }),
    sender: z.string().min(3).max(200).nullable().openapi({ description: 'From address; null: EARSHOT_MAIL_FROM' }),
    enabled: z.boolean(),
  })
  .openapi('DigestSettings');
export type SettingsInput = z.input<typeof SettingsSchema>;

export const NewRecipient = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(120).nullable().default(null),
    role: z.enum(STAFF_ROLES),
    time_zone: TimeZone.default('UTC'),
    language: z.enum(DIGEST_LANGUAGES).default('en'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type NewRecipientInput = z.input<typeof NewRecipient>;

export const RecipientChange = z
  .object({
    name: z.string().trim().min(1).max(120).nullable().optional(),
    role: z.enum(STAFF_ROLES).optional(),
    time_zone: TimeZone.optional(),
    language: z.enum(DIGEST_LANGUAGES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, role, time_zone, language, enabled');
export type RecipientChangeInput = z.input<typeof RecipientChange>;

export const PreviewQuery = z.object({
  week: Week.optional().openapi({ description: 'Default: the week that just ended' }),
  role: z.enum(STAFF_ROLES).optional().openapi({ description: "Default: your own role; another role's digest needs digest:configure" }),
  language: z.enum(DIGEST_LANGUAGES).default('en'),
  time_zone: TimeZone.default('UTC'),
});
export type PreviewInput = z.input<typeof PreviewQuery>;
