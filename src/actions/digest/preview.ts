import type { StaffRole } from '../../../db/schema/constants.ts';
import { can } from '../../core/auth/roles.ts';
import type { Deps } from '../../core/deps.ts';
import { buildDigest } from '../../core/digest/build-digest.ts';
import { renderDigest } from '../../core/digest/render-digest.ts';
import { coveredWeek } from '../../core/digest/send-digests.ts';
import { formatIsoWeek, parseIsoWeek } from '../../core/digest/week.ts';
import { AppError } from '../../core/errors.ts';
import { type Actor, readInput } from '../actor.ts';
import { PreviewQuery, type PreviewInput } from './schemas.ts';

export interface DigestPreview {
  week: string;
  role: StaffRole;
  subject: string;
  html: string;
  text: string;
}

/**
 * The digest a role gets for a week, as it would be sent; nothing is stored, so nothing is audited. Everyone may see
 * their own role's; another role's needs digest:configure. Links point at EARSHOT_PUBLIC_URL, else at `origin`, the
 * address the preview was asked from.
 */
export async function previewDigest(deps: Deps, actor: Actor, input: PreviewInput, origin: string): Promise<DigestPreview> {
  const q = readInput(PreviewQuery, input);
  if (actor.role === 'creditor') throw new AppError('FORBIDDEN', 'A creditor account has no weekly digest; its report is monthly');
  const role = q.role ?? actor.role;
  if (role !== actor.role && !can(actor.role, 'digest:configure')) throw new AppError('FORBIDDEN', `The ${actor.role} role may preview only its own digest`);
  const week = q.week ? parseIsoWeek(q.week)! : coveredWeek(deps.clock.now(), q.time_zone);
  const digest = await buildDigest(deps, { week, role, timeZone: q.time_zone, language: q.language, baseUrl: deps.config.publicUrl ?? origin });
  return { week: formatIsoWeek(week), role, ...renderDigest(digest) };
}
