// Signed webhook push: a system that holds a push source's signing secret posts mentions without an API token.
// The HMAC over "timestamp.body" proves who sent it; the timestamp window stops old requests being replayed,
// and storing is idempotent (same external id → same mention), so a replay within the window adds nothing.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getSource } from '../../../db/queries/sources.ts';
import { AppError, badRequest, conflict } from '../../core/errors.ts';
import { pushMentions } from '../../core/ingest/push-mentions.ts';
import { openSecrets, secretBoxFor } from '../../core/secrets.ts';
import { SIGNATURE_HEADER, verifySignature } from '../../core/signature.ts';
import { PUSH_SECRETS } from '../../sources/push.ts';
import type { AppEnv } from '../env.ts';
import { describeZodError, validationHook } from '../errors.ts';
import { errors, IdParam, json, PushItems } from '../schemas.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const rejected = (why: string) => new AppError('UNAUTHORIZED', `Signature rejected: ${why}`);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}',
    summary: 'Receive mentions signed with the push source\'s secret (no API token)',
    description: `Header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>\`; the body is the same JSON array as POST /api/mentions (up to 1,000 items).`,
    request: {
      params: IdParam,
      headers: z.object({ [SIGNATURE_HEADER]: z.string().optional() }),
    },
    responses: {
      201: json(z.object({ ids: z.array(z.number().int()), new: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), duplicates: z.number().int() }), 'Stored ids, in the order given (a copy of a stored mention gets its id)'),
      ...errors(400, 401, 409),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    // Read raw, not through a validator: the signature covers the exact bytes sent. Checked before parsing.
    const raw = await c.req.text();
    const source = await getSource(deps.db, c.req.valid('param').id);
    const { signing_secret: secret } =
      source?.kind === 'push' ? await openSecrets(source.config, PUSH_SECRETS, await secretBoxFor(deps.config.secretKey)) : {};
    // One answer for "no such source" and "no secret", so ids cannot be probed.
    if (!source || typeof secret !== 'string') throw rejected('this source does not accept signed pushes');
    const why = await verifySignature(secret, c.req.header(SIGNATURE_HEADER), raw, deps.clock.now());
    if (why) throw rejected(why);
    if (source.isPaused) throw conflict('this source is paused');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw badRequest('the body is not valid JSON');
    }
    const parsed = PushItems.safeParse(body);
    if (!parsed.success) throw badRequest(describeZodError(parsed.error));
    const items = parsed.data;
    const result = await pushMentions(deps, source.id, items);
    deps.metrics.inc('earshot_webhook_pushes_total', 'Signed webhook pushes accepted', {}, 1);
    return c.json(result, 201);
  },
);

export default app;
