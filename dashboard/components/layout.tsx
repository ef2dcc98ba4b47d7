import type { Child } from 'hono/jsx';
import type { AuthUser } from '../../db/queries/users.ts';
import { can } from '../../src/core/auth/roles.ts';
import { STYLE_HREF } from '../static/style.ts';

export type NavItem = 'overview' | 'alerts' | 'mentions' | 'sources' | 'cases' | 'tactics' | 'steps' | 'creditor' | 'digest' | 'users';

export interface LayoutProps {
  title: string;
  user?: AuthUser;
  csrfToken?: string;
  nav?: NavItem;
  children?: Child;
}

export const ROLE_NAMES: Record<string, string> = {
  admin: 'admin',
  comms: 'communications',
  credit_manager: 'credit manager',
  viewer: 'viewer',
  creditor: 'creditor',
};

/** A creditor account's one page. */
function CreditorNav({ nav }: { nav?: NavItem }) {
  return (
    <ul class="nav-links">
      <li>
        <a href="/creditor" aria-current={nav === 'creditor' ? 'page' : undefined}>
          Figures
        </a>
      </li>
    </ul>
  );
}

/** The page shell. The caller prepends the doctype (see `renderPage`). No scripts, no inline styles. */
export function Layout({ title, user, csrfToken, nav, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · Earshot`}</title>
        <link rel="stylesheet" href={STYLE_HREF} />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <nav class="nav" aria-label="Main">
            <a class="brand" href="/">
              Earshot
            </a>
            {user?.role === 'creditor' ? (
              <CreditorNav nav={nav} />
            ) : user ? (
              <ul class="nav-links">
                <li>
                  <a href="/" aria-current={nav === 'overview' ? 'page' : undefined}>
                    Overview
                  </a>
                </li>
                <li>
                  <a href="/alerts" aria-current={nav === 'alerts' ? 'page' : undefined}>
                    Alerts
                  </a>
                </li>
                <li>
                  <a href="/mentions" aria-current={nav === 'mentions' ? 'page' : undefined}>
                    Mentions
                  </a>
                </li>
                <li>
                  <a href="/sources" aria-current={nav === 'sources' ? 'page' : undefined}>
                    Sources
                  </a>
                </li>
                {can(user.role, 'cases:read') ? (
                  <li>
                    <a href="/cases" aria-current={nav === 'cases' ? 'page' : undefined}>
                      Cases
                    </a>
                  </li>
                ) : null}
                {can(user.role, 'analytics:read') ? (
                  <li>
                    <a href="/tactics" aria-current={nav === 'tactics' ? 'page' : undefined}>
                      Tactics
                    </a>
                  </li>
                ) : null}
                {can(user.role, 'cases:read') ? (
                  <li>
                    <a href="/steps" aria-current={nav === 'steps' ? 'page' : undefined}>
                      Steps
                    </a>
                  </li>
                ) : null}
                {can(user.role, 'creditor:read') ? (
                  <li>
                    <a href="/creditor" aria-current={nav === 'creditor' ? 'page' : undefined}>
                      Creditors
                    </a>
                  </li>
                ) : null}
                <li>
                  <a href="/digest" aria-current={nav === 'digest' ? 'page' : undefined}>
                    Digest
                  </a>
                </li>
                {can(user.role, 'users:manage') ? (
                  <li>
                    <a href="/users" aria-current={nav === 'users' ? 'page' : undefined}>
                      Users
                    </a>
                  </li>
                ) : null}
              </ul>
            ) : null}
            {user && csrfToken ? (
              <div class="nav-user">
                <span class="who">
                  <span class="email">{user.email}</span>{' '}
                  <span class="role">{user.role === 'creditor' && user.creditor ? user.creditor : (ROLE_NAMES[user.role] ?? user.role)}</span>
                </span>
                <form method="post" action="/logout" class="logout">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="link-button">
                    Log out
                  </button>
                </form>
              </div>
            ) : null}
          </nav>
        </header>
        <main id="main" class="main">
          {children}
        </main>
      </body>
    </html>
  );
}
