import type { AccountRow, AuthUser, TokenRow } from '../../db/queries/users.ts';
import { STAFF_ROLES } from '../../db/schema/constants.ts';
import { Layout, ROLE_NAMES } from '../components/layout.tsx';
import { friendlyTime, isoInstant } from '../lib/format.ts';
import { relativeTime } from '../lib/relative-time.ts';
import { Notices } from '../components/notices.tsx';

export interface UsersPageProps {
  user: AuthUser;
  csrfToken: string;
  now: number;
  accounts: AccountRow[];
  tokens: TokenRow[];
  flash: string | null;
  problem: string | null;
}

function Ago({ ms, now, never = 'never' }: { ms: number | null; now: number; never?: string }) {
  if (ms === null) return <span class="muted">{never}</span>;
  return (
    <time datetime={isoInstant(ms)} title={friendlyTime(ms)}>
      {relativeTime(ms, now)}
    </time>
  );
}

/** A one-button POST form; `name` makes the button's accessible name say whom it acts on. */
function ActionForm({ action, csrfToken, label, name, tone, testId }: { action: string; csrfToken: string; label: string; name: string; tone?: 'danger'; testId: string }) {
  return (
    <form method="post" action={action} class="row-action">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class={`small${tone ? ` ${tone}` : ''}`} data-testid={testId}>
        {label}
        <span class="visually-hidden"> {name}</span>
      </button>
    </form>
  );
}

function TokenItem({ t, now, csrfToken }: { t: TokenRow; now: number; csrfToken: string }) {
  return (
    <li data-testid="token" data-token={t.id} data-revoked={t.revokedAt !== null ? 'true' : 'false'}>
      <strong>{t.name}</strong>{' '}
      <span class="muted">
        created <Ago ms={t.createdAt} now={now} /> · last used <Ago ms={t.lastUsedAt} now={now} />
      </span>{' '}
      {t.revokedAt !== null ? (
        <span class="badge s-none">revoked</span>
      ) : (
        <ActionForm action={`/tokens/${t.id}/revoke`} csrfToken={csrfToken} label="Revoke" name={`token ${t.name} of ${t.userEmail}`} tone="danger" testId="token-revoke" />
      )}
    </li>
  );
}

/** Who may use Earshot: roles, disabling, API tokens and when each was last used. For admins (`users:manage`). */
export function UsersPage({ user, csrfToken, now, accounts, tokens, flash, problem }: UsersPageProps) {
  return (
    <Layout title="Users" user={user} csrfToken={csrfToken} nav="users">
      <h1>Users</h1>
      <p class="muted">
        Who can use Earshot and with which role. Disabling a user ends their sessions and stops their API tokens at once; a revoked token stops at once too. Every change is in the
        audit log.
      </p>
      <Notices flash={flash} problem={problem} />
      <div class="table-wrap card flush">
        <table class="sources users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Last used</th>
              <th scope="col">API tokens</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => {
              const own = tokens.filter((t) => t.userId === a.id);
              const disabled = a.disabledAt !== null;
              return (
                <tr data-testid="user-row" data-email={a.email} data-disabled={disabled ? 'true' : 'false'}>
                  <th scope="row" class="source-name">
                    {a.email}
                    {a.id === user.id ? ' (you)' : null}
                    <span class="sub">{a.name}</span>
                  </th>
                  <td>
                    {a.role === 'creditor' ? (
                      // A creditor login stays one (see changeUser): its creditor instead of a choice.
                      <span data-testid="user-role">creditor · {a.creditor}</span>
                    ) : (
                      <form method="post" action={`/users/${a.id}/role`} class="row-action">
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <label class="visually-hidden" for={`role-${a.id}`}>
                          Role of {a.email}
                        </label>
                        <select id={`role-${a.id}`} name="role" data-testid="user-role">
                          {STAFF_ROLES.map((r) => (
                            <option value={r} selected={a.role === r}>
                              {ROLE_NAMES[r] ?? r}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit" class="small" data-testid="user-role-save">
                          Save<span class="visually-hidden"> the role of {a.email}</span>
                        </button>
                      </form>
                    )}
                  </td>
                  <td class="when">
                    <Ago ms={a.lastUsedAt} now={now} />
                  </td>
                  <td>
                    {own.length === 0 ? (
                      <span class="muted">none</span>
                    ) : (
                      <ul class="settings-list">
                        {own.map((t) => (
                          <TokenItem t={t} now={now} csrfToken={csrfToken} />
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {disabled ? (
                      <>
                        <span class="badge s-none" data-testid="user-status">
                          disabled <Ago ms={a.disabledAt} now={now} />
                        </span>{' '}
                        <ActionForm action={`/users/${a.id}/enable`} csrfToken={csrfToken} label="Enable" name={a.email} testId="user-enable" />
                      </>
                    ) : (
                      <>
                        <span class="badge s-positive" data-testid="user-status">
                          active
                        </span>{' '}
                        <ActionForm action={`/users/${a.id}/disable`} csrfToken={csrfToken} label="Disable" name={a.email} tone="danger" testId="user-disable" />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
