import type { AuthUser } from '../../db/queries/users.ts';
import { ROLES } from '../../db/schema/constants.ts';
import { DIGEST_LANGUAGES } from '../../src/core/digest/build-digest.ts';
import { Layout, ROLE_NAMES } from '../components/layout.tsx';
import { queryString } from '../lib/format.ts';

export interface DigestValues {
  week: string;
  role: string;
  language: string;
  time_zone: string;
}

export interface DigestPageProps {
  user: AuthUser;
  csrfToken: string;
  values: DigestValues;
  /** Roles whose digest this user may preview: their own, or all for those who configure the digest. */
  roles: readonly string[];
  preview: { subject: string; text: string } | null;
  problem: string | null;
  previewPath: string;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', sv: 'Svenska', lv: 'Latviešu' };

/** The weekly digest as a role gets it, for any week: the e-mail itself in a frame, and its plain-text part. */
export function DigestPage({ user, csrfToken, values, roles, preview, problem, previewPath }: DigestPageProps) {
  const src = `${previewPath}${queryString({ week: values.week, role: values.role, language: values.language, time_zone: values.time_zone })}`;
  return (
    <Layout title="Weekly digest" user={user} csrfToken={csrfToken} nav="digest">
      <h1>Weekly digest</h1>
      <p class="muted">The e-mail as it is sent on the schedule, for a week and a role.</p>
      <form method="get" action="/digest" class="filters card" aria-label="Choose the digest">
        <div>
          <label for="week">Week</label>
          <input id="week" name="week" value={values.week} pattern="\d{4}-[Ww]\d{2}" placeholder="2026-W47" required />
        </div>
        <div>
          <label for="role">Role</label>
          <select id="role" name="role">
            {ROLES.filter((r) => roles.includes(r)).map((r) => (
              <option value={r} selected={values.role === r}>
                {ROLE_NAMES[r] ?? r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="language">Language</label>
          <select id="language" name="language">
            {DIGEST_LANGUAGES.map((l) => (
              <option value={l} selected={values.language === l}>
                {LANGUAGE_NAMES[l] ?? l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="time_zone">Time zone</label>
          <input id="time_zone" name="time_zone" value={values.time_zone} placeholder="Europe/Riga" />
        </div>
        <div class="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {problem ? (
        <p class="error" role="alert" data-testid="problems">
          {problem}
        </p>
      ) : null}
      {preview ? (
        <div class="stack">
          <p>
            <strong>Subject:</strong> <span data-testid="digest-subject">{preview.subject}</span>
          </p>
          <iframe class="digest-frame" src={src} title="The digest e-mail" data-testid="digest-frame"></iframe>
          <details class="card">
            <summary>The plain-text part</summary>
            <pre class="digest-text" data-testid="digest-text">
              {preview.text}
            </pre>
          </details>
        </div>
      ) : null}
    </Layout>
  );
}
