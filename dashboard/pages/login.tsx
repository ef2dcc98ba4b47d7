import { Layout } from '../components/layout.tsx';

export interface LoginPageProps {
  csrf: string;
  next: string;
  email?: string;
  error?: string;
}

export function LoginPage({ csrf, next, email = '', error }: LoginPageProps) {
  return (
    <Layout title="Log in">
      <div class="login card">
        <h1>Log in to Earshot</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/login">
          <input type="hidden" name="_csrf" value={csrf} />
          {next !== '/' ? <input type="hidden" name="next" value={next} /> : null}
          <div class="field">
            <label for="email">E-mail</label>
            <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} value={email} autofocus />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={1024} />
          </div>
          <button type="submit">Log in</button>
        </form>
      </div>
    </Layout>
  );
}
