// Signed webhook push: a system that holds a push source's signing secret posts mentions without an API token.
// The HMAC over "timestamp.body" (the body's exact bytes) proves who sent it; the timestamp window stops old
// requests being replayed, and a signature already applied within the window is refused (409).
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { getSource } from '../../../db/queries/sources.ts';
import { AppError, badRequest, conflict } from '../../core/errors.ts';
import { pushSignedMentions } from '../../core/ingest/push-mentions.ts';
import { openSecrets, secretBoxFor } from '../../core/secrets.ts';
import { parseSignatureHeader, SIGNATURE_HEADER, verifySignature } from '../../core/signature.ts';
import { PUSH_SECRETS } from '../../sources/push.ts';
import type { AppEnv } from '../env.ts';
import { describeZodError } from '../../core/errors.ts';
import { validationHook } from '../errors.ts';
import { decodeUtf8Body } from '../middleware/utf8-body.ts';
import { PushItems } from '../../actions/mentions/schemas.ts';
import { errors, IdParam, json, PushResult } from '../schemas.ts';

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
const rejected = (why: string) => new AppError('UNAUTHORIZED', `Signature rejected: ${why}`);

app.openapi(
  createRoute({
    method: 'post',
    path: '/{id}',
    summary: "Receive mentions signed with the push source's secret (no API token)",
    description: `Header \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>\`; the body is the same JSON array as POST /api/mentions (up to 1,000 items).`,
    request: {
      params: IdParam,
      headers: z.object({ [SIGNATURE_HEADER]: z.string().optional() }),
    },
    responses: {
      201: json(PushResult, 'What was stored; items refused on their own (a published_at outside 1990 to a day from now) are listed'),
      ...errors(400, 401, 409),
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    // Read raw, not through a validator: the signature covers the exact bytes sent. Checked before decoding.
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const source = await getSource(deps.db, c.req.valid('param').id);
    const { signing_secret: secret } = source?.kind === 'push' ? await openSecrets(source.config, PUSH_SECRETS, await secretBoxFor(deps.config.secretKey)) : {};
    // One answer for "no such source" and "no secret", so ids cannot be probed.
    if (!source || typeof secret !== 'string') throw rejected('this source does not accept signed pushes');
    const header = c.req.header(SIGNATURE_HEADER);
    const why = await verifySignature(secret, header, raw, deps.clock.now());
    if (why) throw rejected(why);
    if (source.isPaused) throw conflict('this source is paused');
    const text = decodeUtf8Body(raw);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw badRequest('the body is not valid JSON');
    }
    const parsed = PushItems.safeParse(body);
    if (!parsed.success) throw badRequest(describeZodError(parsed.error));
    const items = parsed.data;
    const result = await pushSignedMentions(deps, source.id, parseSignatureHeader(header!)!.v1, items);
    deps.metrics.inc('earshot_webhook_pushes_total', 'Signed webhook pushes accepted', {}, 1);
    return c.json(result, 201);
  },
);

export default app;
