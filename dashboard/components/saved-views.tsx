// The saved views of a page: links anyone who may see the page can follow or share, the current filters saved under
// a name, and a remove button on the views one may remove (one's own; an admin's any).
import type { AuthUser } from '../../db/queries/users.ts';
import type { SavedView } from '../../db/schema/index.ts';
import type { SavedViewPage } from '../../db/schema/constants.ts';
import { can } from '../../src/core/auth/roles.ts';

export function SavedViews({ page, views, query, user, csrfToken }: { page: SavedViewPage; views: SavedView[]; query: string; user: AuthUser; csrfToken: string }) {
  const here = `/${page}${query ? `?${query}` : ''}`;
  return (
    <section class="saved-views card" aria-label="Saved views" data-testid="saved-views">
      <span class="muted">Saved views:</span> {views.length === 0 ? <span class="muted">none yet.</span> : null}
      <ul>
        {views.map((v) => (
          <li data-testid="saved-view">
            <a href={`/${v.page}${v.query ? `?${v.query}` : ''}`}>{v.name}</a>
            {v.createdBy === user.id || can(user.role, 'users:manage') ? (
              <form method="post" action={`/views/${v.id}/delete`} class="row-action">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <input type="hidden" name="back" value={here} />
                <button type="submit" class="small secondary">
                  Remove<span class="visually-hidden"> the view {v.name}</span>
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <form method="post" action="/views" class="save-view">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="page" value={page} />
        <input type="hidden" name="query" value={query} />
        <label for="view-name" class="visually-hidden">
          Name of the view
        </label>
        <input id="view-name" name="name" maxlength={60} placeholder="Name these filters" required />
        <button type="submit" class="small">
          Save view
        </button>
      </form>
    </section>
  );
}
