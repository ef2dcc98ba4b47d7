import type { AuthUser } from '../../db/queries/users.ts';
import { Layout } from '../components/layout.tsx';

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  requestId?: string;
  user?: AuthUser;
  csrfToken?: string;
}

export function ErrorPage({ status, title, message, requestId, user, csrfToken }: ErrorPageProps) {
  return (
    <Layout title={title} user={user} csrfToken={csrfToken}>
      <div class="card">
        <h1>{title}</h1>
        <p>{message}</p>
        {requestId ? (
          <p class="muted">
            Status {status} · request id <code>{requestId}</code>
          </p>
        ) : (
          <p class="muted">Status {status}</p>
        )}
        <p>
          <a href="/">Go to the overview</a> · <a href="/mentions">Browse mentions</a>
        </p>
      </div>
    </Layout>
  );
}
