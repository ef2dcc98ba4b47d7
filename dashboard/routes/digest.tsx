import { requirePermission } from '../../src/api/middleware/auth.ts';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { STAFF_ROLES, type StaffRole } from '../../db/schema/constants.ts';
import { addRecipient } from '../../src/actions/digest/add-recipient.ts';
import { previewDigest } from '../../src/actions/digest/preview.ts';
import { removeRecipient } from '../../src/actions/digest/remove-recipient.ts';
import { updateDigestSettings } from '../../src/actions/digest/settings.ts';
import { sendTestDigest } from '../../src/actions/digest/send-test.ts';
import { DIGEST_LANGUAGES, type DigestLanguage } from '../../src/core/digest/build-digest.ts';
import { coveredWeek, DEFAULT_SCHEDULE } from '../../src/core/digest/send-digests.ts';
import { getDigestSettings, recentSends, listRecipients } from '../../db/queries/digest-delivery.ts';
import { formatIsoWeek, parseIsoWeek } from '../../src/core/digest/week.ts';
import { isValidTimeZone } from '../../src/core/time/zones.ts';
import { can } from '../../src/core/auth/roles.ts';
import { AppError } from '../../src/core/errors.ts';
import { renderPage } from '../lib/render.ts';
import { requireCsrfToken, requireSession } from '../lib/session.ts';
import { DigestPage } from '../pages/digest.tsx';
import { DIGEST_PREVIEW_PATH, type Ctx, originCheck, formLimit, field, notFoundPage, mentionIdParam } from '../lib/route-kit.tsx';
import type { AppEnv } from '../../src/api/env.ts';
import { digestWarnings } from '../lib/config-warnings.ts';

const NO_RECIPIENT = 'That recipient no longer exists.';

/** The weekly digest, previewed as sent (the same action as GET /api/digest/preview), and its settings. */
export function digestRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();

  /** The preview's choices from the query: defaults filled in, or the reason they cannot be used. */
  const digestQuery = (c: Ctx) => {
    const q = c.req.query();
    const viewer = c.get('user').role;
    const tz = q.time_zone?.trim() || 'UTC';
    const values = {
      week: q.week?.trim() || formatIsoWeek(coveredWeek(c.get('deps').clock.now(), isValidTimeZone(tz) ? tz : 'UTC')),
      role: q.role && (STAFF_ROLES as readonly string[]).includes(q.role) ? q.role : viewer,
      language: q.language && (DIGEST_LANGUAGES as readonly string[]).includes(q.language) ? q.language : 'en',
      time_zone: tz,
    };
    const problem = !parseIsoWeek(values.week)
      ? `"${values.week}" is not an ISO week like 2026-W47.`
      : !isValidTimeZone(tz)
        ? `"${tz}" is not a time zone; use a name like Europe/Riga.`
        : values.role !== viewer && !can(viewer, 'digest:configure')
          ? 'Your role may preview only its own digest.'
          : null;
    return { values, problem, preview: { week: values.week, role: values.role as StaffRole, language: values.language as DigestLanguage, time_zone: tz } };
  };

  /** The page for the query's week and role; `note` is what a test send said. */
  const digestPage = async (c: Ctx, note: { flash?: string; problem?: string } = {}) => {
    const { values, problem, preview } = digestQuery(c);
    const viewer = c.get('user').role;
    const mail = problem ? null : await previewDigest(c.get('deps'), c.get('user'), preview, new URL(c.req.url).origin);
    return renderPage(
      c,
      <DigestPage
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        values={values}
        roles={can(viewer, 'digest:configure') ? STAFF_ROLES : [viewer]}
        preview={mail ? { subject: mail.subject, text: mail.text } : null}
        problem={problem ?? note.problem ?? null}
        previewPath={DIGEST_PREVIEW_PATH}
        config={
          can(viewer, 'digest:configure')
            ? {
                settings: (await getDigestSettings(c.get('deps').db)) ?? DEFAULT_SCHEDULE,
                recipients: await listRecipients(c.get('deps').db),
                sends: await recentSends(c.get('deps').db),
              }
            : null
        }
        flash={note.flash ?? (c.req.query('done') === 'settings' ? 'Schedule saved.' : c.req.query('done') === 'recipients' ? 'Recipients saved.' : null)}
        warnings={digestWarnings(c.get('deps').config)}
      />,
      problem ? 400 : 200,
    );
  };

  r.get('/digest', requireSession, (c) => digestPage(c));

  const requireDigestConfigure = requirePermission('digest:configure', 'Only admins can change the digest schedule and recipients.');
  const digestForm = [originCheck, formLimit, requireSession, requireCsrfToken, requireDigestConfigure] as const;
  r.post('/digest/settings', ...digestForm, async (c) => {
    const body = await c.req.parseBody();
    // The picker writes the cron ("M H * * D"); the cron box is read only when chosen.
    const weekly = field(body, 'schedule_mode') !== 'cron';
    const settings = {
      cron: weekly ? `${field(body, 'minute')} ${field(body, 'hour')} * * ${field(body, 'weekday')}` : field(body, 'cron').trim(),
      time_zone: field(body, 'time_zone').trim(),
      sender: field(body, 'sender').trim() || null,
      enabled: field(body, 'enabled') === '1',
    };
    await updateDigestSettings(c.get('deps'), c.get('user'), settings);
    return c.redirect('/digest?done=settings', 303);
  });

  // The previewed digest sent to the person asking, now: what the page then says is whether it went out.
  r.post('/digest/test', ...digestForm, async (c) => {
    const { problem, preview } = digestQuery(c);
    if (problem) return digestPage(c);
    const sent = await sendTestDigest(c.get('deps'), c.get('user'), preview, new URL(c.req.url).origin);
    return sent.ok ? digestPage(c, { flash: `Sent this digest to ${sent.to}.` }) : digestPage(c, { problem: `The digest was not sent: ${sent.reason}.` });
  });

  r.post('/digest/recipients', ...digestForm, async (c) => {
    const body = await c.req.parseBody();
    const given = (name: string) => field(body, name).trim() || undefined;
    const email = field(body, 'email').trim();
    // The form's values are checked by the action; a bad one is refused with the field named.
    const recipient = {
      email,
      name: given('name') ?? null,
      role: field(body, 'role') as StaffRole,
      time_zone: given('time_zone'),
      language: given('language') as DigestLanguage | undefined,
    };
    try {
      await addRecipient(c.get('deps'), c.get('user'), recipient);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') throw new HTTPException(400, { message: `${email} gets the digest already.` });
      throw err;
    }
    return c.redirect('/digest?done=recipients', 303);
  });

  r.post('/digest/recipients/:id/delete', ...digestForm, async (c) => {
    const id = mentionIdParam(c, 'id');
    if (id === null) return notFoundPage(c, NO_RECIPIENT);
    try {
      await removeRecipient(c.get('deps'), c.get('user'), id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return notFoundPage(c, NO_RECIPIENT);
      throw err;
    }
    return c.redirect('/digest?done=recipients', 303);
  });

  r.get(DIGEST_PREVIEW_PATH, requireSession, async (c) => {
    const { problem, preview } = digestQuery(c);
    if (problem) throw new HTTPException(400, { message: problem });
    const mail = await previewDigest(c.get('deps'), c.get('user'), preview, new URL(c.req.url).origin);
    c.header('cache-control', 'no-store');
    return c.html(mail.html);
  });

  return r;
}
