// What people send to change alerts and their settings (rules, mutes, notification channels): the API's request
// bodies and the dashboard's forms both end up here.
import { z } from '@hono/zod-openapi';
import { ALERT_STATUSES, CHANNEL_KINDS, RULE_KINDS, SEVERITIES, SOURCE_KINDS } from '../../../db/schema/constants.ts';

/** What a person may change on an alert. */
export const AlertChangeSchema = z
  .object({
    status: z.enum(ALERT_STATUSES).optional(),
    assignee: z.number().int().positive().nullable().optional().openapi({ description: 'A user id; null unassigns' }),
    note: z.string().min(1).max(2000).optional(),
    snoozed_until: z.iso.datetime({ offset: true }).nullable().optional().openapi({ description: 'Notifications wait until then; null ends the snooze' }),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of status, assignee, note, snoozed_until')
  .openapi('AlertChange');
export type AlertChangeInput = z.input<typeof AlertChangeSchema>;

export const NewRule = z
  .object({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(RULE_KINDS),
    enabled: z.boolean().default(true),
    params: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Settings of the kind; left out: its defaults' }),
  })
  .strict();
export type NewRuleInput = z.input<typeof NewRule>;

export const RuleChange = z
  .object({ name: z.string().trim().min(1).max(120).optional(), enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, enabled, params');
export type RuleChangeInput = z.input<typeof RuleChange>;

export const NewMute = z
  .object({
    rule_kind: z.enum(RULE_KINDS).nullable().default(null),
    market: z.string().min(2).max(10).nullable().default(null),
    source_kind: z.enum(SOURCE_KINDS).nullable().default(null),
    until: z.iso.datetime({ offset: true }).nullable().default(null).openapi({ description: 'Null: until removed' }),
    reason: z.string().max(500).nullable().default(null),
  })
  .strict()
  .refine((m) => m.rule_kind || m.market || m.source_kind, 'give at least one of rule_kind, market, source_kind: a mute of everything is turning alerts off');
export type NewMuteInput = z.input<typeof NewMute>;

export const NewChannel = z
  .object({
    name: z.string().trim().min(1).max(120),
    kind: z.enum(CHANNEL_KINDS),
    config: z.record(z.string(), z.unknown()),
    min_severity: z.enum(SEVERITIES).default('medium'),
    enabled: z.boolean().default(true),
  })
  .strict();
export type NewChannelInput = z.input<typeof NewChannel>;

export const ChannelChange = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    min_severity: z.enum(SEVERITIES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of name, config, min_severity, enabled');
export type ChannelChangeInput = z.input<typeof ChannelChange>;
