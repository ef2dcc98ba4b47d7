import { findUserById } from '../../../db/queries/users.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Deps } from '../../core/deps.ts';
import { MailError } from '../../core/mail/mailer.ts';
import { type Actor, authorize } from '../actor.ts';
import { previewDigest } from './preview.ts';
import type { PreviewInput } from './schemas.ts';

/**
 * Sends the digest as previewed (a week, a role, a language) to the person asking, now, through the server's mail:
 * the test of the schedule's last step. Says in words whether it went out, and why not. Audited with the outcome.
 */
export async function sendTestDigest(deps: Deps, actor: Actor, input: PreviewInput, origin: string): Promise<{ ok: true; to: string } | { ok: false; reason: string }> {
  authorize(actor, 'digest:configure');
  const mail = await previewDigest(deps, actor, input, origin);
  const me = await findUserById(deps.db, actor.id);
  let outcome: { ok: true; to: string } | { ok: false; reason: string };
  try {
    if (!me) throw new MailError('the account asking has no address', false);
    await deps.mailer.send({
      from: deps.config.mail.from,
      to: [me.email],
      subject: `[Test] ${mail.subject}`,
      text: mail.text,
      html: mail.html,
      idempotencyKey: `digest-test:${actor.id}:${deps.clock.now()}`,
    });
    outcome = { ok: true, to: me.email };
  } catch (err) {
    if (!(err instanceof MailError)) throw err;
    outcome = { ok: false, reason: err.message };
  }
  await recordAudit(deps, actor.id, 'digest.test', { week: mail.week, role: mail.role, ok: outcome.ok });
  return outcome;
}
