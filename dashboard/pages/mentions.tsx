import { nameOf } from '../../src/core/labels.ts';
import type { MentionListRow } from '../../db/queries/mentions.ts';
import { IsoDateInput } from '../components/iso-date-input.tsx';
import type { AuthUser } from '../../db/queries/users.ts';
import { LANGUAGES, SENTIMENT_LABELS, TACTICS } from '../../db/schema/constants.ts';
import { Chips, SentimentBadge } from '../components/badges.tsx';
import { Layout } from '../components/layout.tsx';
import type { FilterValues } from '../lib/filters.ts';
import { stringList } from '../../db/schema/json-lists.ts';
import type { SavedView } from '../../db/schema/index.ts';
import { SavedViews } from '../components/saved-views.tsx';
import { excerpt, formatCount, friendlyTime, isoInstant, languageName, mediumDay, queryString } from '../lib/format.ts';
import { Problems } from '../components/notices.tsx';

export interface MentionsPageProps {
  user: AuthUser;
  csrfToken: string;
  sources: { id: number; name: string }[];
  values: FilterValues;
  problems: string[];
  items: MentionListRow[];
  /** Query string (with `?`) of the next, older page; null on the last page. */
  olderHref: string | null;
  /** Whether this page was reached through a cursor (so "newest" makes sense). */
  paged: boolean;
  /** The page's saved views (shared with everyone who may see it). */
  views?: SavedView[];
}

function Select({ id, label, value, options, all }: { id: string; label: string; value: string; options: { value: string; text: string }[]; all: string }) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function MentionRowItem({ m }: { m: MentionListRow }) {
  const heading = m.title?.trim() ? m.title.trim() : excerpt(m.text, 160);
  const tactics = stringList(m.tactics);
  return (
    <li class="mention-row" data-testid="mention-row">
      <h2 class="title">
        <a href={`/mentions/${m.id}`}>{heading || '(no text)'}</a>
      </h2>
      {m.title?.trim() && m.text.trim() && m.text.trim() !== m.title.trim() ? <p class="snippet">{excerpt(m.text, 160)}</p> : null}
      <p class="meta">
        <time datetime={isoInstant(m.publishedAt)} title={friendlyTime(m.publishedAt)}>
          {mediumDay(m.publishedAt)}
        </time>
        <span class="source">{m.sourceName}</span>
        {m.language ? (
          <abbr class="lang" title={languageName(m.language)}>
            {m.language}
          </abbr>
        ) : null}
        <SentimentBadge label={m.sentimentLabel} />
        {m.isRelevant === false ? <span class="muted">not about collection</span> : null}
        {m.author ? <span class="author">by {m.author}</span> : null}
      </p>
      <Chips items={tactics} />
    </li>
  );
}

/** The most mentions one CSV download holds: a spreadsheet's worth, not the database. */
export const MENTIONS_CSV_MAX = 10_000;

export function MentionsPage({ user, csrfToken, sources, values, problems, items, olderHref, paged, views = [] }: MentionsPageProps) {
  const firstPage = `/mentions${queryString({ ...values })}`;
  return (
    <Layout title="Mentions" user={user} csrfToken={csrfToken} nav="mentions">
      <h1>Mentions</h1>
      <Problems problems={problems} tone="notice" />
      <form class="filters card" method="get" action="/mentions" role="search" aria-label="Filter mentions">
        <div class="wide">
          <label for="q">Search</label>
          <input id="q" name="q" type="search" value={values.q} maxlength={200} placeholder="Words in the title or text" />
        </div>
        <Select id="source" label="Source" value={values.source} all="All sources" options={sources.map((s) => ({ value: String(s.id), text: s.name }))} />
        <Select id="language" label="Language" value={values.language} all="All languages" options={LANGUAGES.map((l) => ({ value: l, text: `${languageName(l)} (${l})` }))} />
        <Select id="sentiment" label="Sentiment" value={values.sentiment} all="Any sentiment" options={SENTIMENT_LABELS.map((s) => ({ value: s, text: s }))} />
        <Select id="tactic" label="Tactic" value={values.tactic} all="Any tactic" options={TACTICS.map((t) => ({ value: t, text: nameOf('tactic', t) }))} />
        <div>
          <label for="from">From (UTC)</label>
          <IsoDateInput id="from" value={values.from} />
        </div>
        <div>
          <label for="to">To (UTC, inclusive)</label>
          <IsoDateInput id="to" value={values.to} />
        </div>
        <div>
          <label class="checkbox" for="relevant">
            <input id="relevant" name="relevant" type="checkbox" value="1" checked={values.relevant === '1'} />
            About collection only
          </label>
        </div>
        <div class="actions">
          <button type="submit">Filter</button>
          <a href="/mentions">Clear</a>
        </div>
      </form>

      <SavedViews page="mentions" views={views} query={queryString({ ...values }).replace(/^\?/, '')} user={user} csrfToken={csrfToken} />
      <div class="result-meta">
        <span>
          {items.length === 0
            ? 'No mentions'
            : olderHref || paged
              ? `${items.length} mention${items.length === 1 ? '' : 's'} on this page${paged ? ' (older)' : ''}`
              : `${items.length} mention${items.length === 1 ? '' : 's'}`}
          , newest first
        </span>
        {paged ? <a href={firstPage}>← Newest</a> : null}
        {items.length ? (
          <a href={`/mentions.csv${queryString({ ...values })}`} data-testid="mentions-csv">
            Download as CSV (the newest {formatCount(MENTIONS_CSV_MAX)} at most)
          </a>
        ) : null}
      </div>
      {items.length ? (
        <ol class="mention-list">
          {items.map((m) => (
            <MentionRowItem m={m} />
          ))}
        </ol>
      ) : (
        <p class="empty-state card">No mentions match these filters.</p>
      )}
      {olderHref || paged ? (
        <nav class="pager" aria-label="Pages">
          {paged ? <a href={firstPage}>← Newest</a> : <span></span>}
          {olderHref ? (
            <a href={`/mentions${olderHref}`} rel="next">
              Older →
            </a>
          ) : (
            <span class="muted">No older mentions</span>
          )}
        </nav>
      ) : null}
    </Layout>
  );
}
