import type { AuthUser } from '../../db/queries/users.ts';
import type { Deps } from '../core/deps.ts';

/** What every request carries through Hono's context. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** Set by the API's bearer auth or the dashboard's session. */
    user: AuthUser;
    /** Dashboard only: the session's CSRF token, to embed in forms. */
    csrfToken: string;
  };
}
