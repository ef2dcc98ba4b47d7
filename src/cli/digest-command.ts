// `earshot digest`: preview a week's digest (HTML to a file, text to the terminal) or send it.
import { writeFileSync } from 'node:fs';
import { getDigestSettings, listRecipients, recipientByEmail } from '../../db/queries/digest-delivery.ts';
import { STAFF_ROLES, type StaffRole } from '../../db/schema/constants.ts';
import { buildDigest, DIGEST_LANGUAGES, type DigestLanguage } from '../core/digest/build-digest.ts';
import { renderDigest } from '../core/digest/render-digest.ts';
import { coveredWeek, DEFAULT_SCHEDULE, sendDigestNow } from '../core/digest/send-digests.ts';
import { formatIsoWeek, parseIsoWeek } from '../core/digest/week.ts';
import { isValidTimeZone } from '../core/time/zones.ts';
import { AppError } from '../core/errors.ts';
import { nodeDeps } from '../runtime/node-deps.ts';
import { command, type OptionValues, UsageError } from './command.ts';

const DIGEST_OPTIONS = {
  week: { type: 'string', value: 'W', help: 'the ISO week, e.g. 2026-W47' },
  to: { type: 'string', value: 'ADDRESS', help: 'the recipient: their role, time zone and language unless given (with --send: only them)' },
  role: { type: 'string', value: 'R', help: `the digest of this role (${STAFF_ROLES.join(', ')})` },
  'time-zone': { type: 'string', value: 'TZ', help: 'the IANA time zone its week is counted in, e.g. Europe/Riga' },
  language: { type: 'string', value: 'L', help: `its language (${DIGEST_LANGUAGES.join(', ')})` },
  out: { type: 'string', value: 'FILE.html', help: 'write the HTML to this file' },
  send: { type: 'boolean', default: false, help: 'send it (to --to, or to every enabled recipient) instead of previewing it' },
  force: { type: 'boolean', default: false, help: 'with --send: send again this week' },
} as const;

export const digestCommand = command({
  name: 'digest',
  summary:
    'Preview the weekly digest (text on stdout, HTML to --out) or send it; a send honours the once-per-address-per-week ' +
    'record unless --force; default week: the one just ended',
  options: DIGEST_OPTIONS,
  run: ({ values }) => digest(values),
});

async function digest(values: OptionValues<typeof DIGEST_OPTIONS>) {
  const role = values.role as string | undefined;
  if (role !== undefined && !(STAFF_ROLES as readonly string[]).includes(role)) throw new AppError('BAD_REQUEST', `--role: one of ${STAFF_ROLES.join(', ')}`);
  const tz = values['time-zone'] as string | undefined;
  if (tz !== undefined && !isValidTimeZone(tz)) throw new AppError('BAD_REQUEST', `--time-zone: "${tz}" is not an IANA time zone (e.g. Europe/Riga)`);
  const language = values.language as string | undefined;
  if (language !== undefined && !(DIGEST_LANGUAGES as readonly string[]).includes(language)) throw new AppError('BAD_REQUEST', `--language: one of ${DIGEST_LANGUAGES.join(', ')}`);
  const asked = values.week as string | undefined;
  const week = asked === undefined ? null : parseIsoWeek(asked);
  if (asked !== undefined && !week) throw new AppError('BAD_REQUEST', `--week: "${asked}" is not an ISO week like 2026-W47`);
  if (values.force && !values.send) throw new UsageError('--force only goes with --send');

  const { deps, client } = await nodeDeps();
  try {
    const settings = (await getDigestSettings(deps.db)) ?? DEFAULT_SCHEDULE;
    const to = values.to as string | undefined;
    const recipient = to ? await recipientByEmail(deps.db, to) : null;
    const timeZone = tz ?? recipient?.timeZone ?? settings.timeZone;
    const theWeek = week ?? coveredWeek(deps.clock.now(), timeZone);
    if (!values.send) {
      const digest = await buildDigest(deps, {
        week: theWeek,
        role: (role ?? recipient?.role ?? 'admin') as StaffRole,
        timeZone,
        language: (language ?? recipient?.language ?? 'en') as DigestLanguage,
        baseUrl: deps.config.publicUrl ?? null,
      });
      const mail = renderDigest(digest);
      if (values.out) writeFileSync(values.out as string, mail.html);
      console.log(`Subject: ${mail.subject}\n\n${mail.text}`);
      if (values.out) console.error(`HTML written to ${values.out}`);
      return;
    }
    const targets = to
      ? [{ email: to, role: (role ?? recipient?.role) as StaffRole | undefined }]
      : (await listRecipients(deps.db)).filter((r) => r.enabled).map((r) => ({ email: r.email, role: r.role as StaffRole | undefined }));
    if (targets.length === 0) throw new AppError('BAD_REQUEST', 'no recipients: add some (POST /api/digest/recipients) or give --to');
    for (const t of targets) {
      if (!t.role) throw new AppError('BAD_REQUEST', `${t.email} is not a recipient: give --role to say which digest it gets`);
      const w = week ?? coveredWeek(deps.clock.now(), (await recipientByEmail(deps.db, t.email))?.timeZone ?? timeZone);
      const r = await sendDigestNow(deps, { email: t.email, week: w, role: t.role, force: !!values.force });
      const label = `${formatIsoWeek(w)} ${t.email}`;
      if (r === 'already_sent') console.log(`${label}: already sent this week (use --force to send again)`);
      else if (r.status === 'sent') console.log(`${label}: sent`);
      else {
        console.log(`${label}: ${r.status === 'pending' ? 'not sent, will be retried by the send-digest job' : 'failed'}: ${r.lastError}`);
        process.exitCode = 1;
      }
    }
  } finally {
    client.close();
  }
}
