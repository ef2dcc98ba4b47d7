// The one description of a source as people send it: the API's request bodies and the dashboard's forms both
// end up here.
import { z } from '@hono/zod-openapi';
import { SOURCE_KINDS } from '../../../db/schema/constants.ts';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000);
const Interval = z.number().int().min(60).max(86_400);
const Brand = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .nullable()
  .optional()
  .openapi({ description: 'Which brand the source watches, when the workspace has several; alerts judge each brand apart' });
const Config = z.record(z.string(), z.unknown()).openapi({ description: "Kind-specific settings (see the README's source kinds)" });

export const CreateSource = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(SOURCE_KINDS),
  brand: Brand,
  url: HttpUrl.optional(),
  config: Config.default({}),
  poll_interval_seconds: Interval.default(900),
});
export type CreateSourceInput = z.input<typeof CreateSource>;

export const UpdateSource = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  brand: Brand,
  url: HttpUrl.optional(),
  /** Replaces the settings; a credential sent back as "********" (or left out) keeps its stored value. */
  config: Config.optional(),
  is_paused: z.boolean().optional(),
  poll_interval_seconds: Interval.optional(),
});
export type UpdateSourceInput = z.input<typeof UpdateSource>;

/** What a test fetch needs: a source's kind, address and settings, nothing stored. */
export const TestSource = CreateSource.omit({ name: true, poll_interval_seconds: true });
export type TestSourceInput = z.input<typeof TestSource>;
