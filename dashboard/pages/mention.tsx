import type { MentionRow } from '../../db/queries/mentions.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import { analysisText } from '../../src/core/ingest/store-mentions.ts';
import { Chips, SentimentBadge } from '../components/badges.tsx';
import { HighlightedText } from '../components/highlight.tsx';
import { Layout } from '../components/layout.tsx';
import { LinkedCases, type MentionCases } from './case.tsx';
import { parseEvidence } from '../lib/evidence.ts';
import { excerpt, formatSigned, friendlyTime, humanize, isHttpUrl, isoInstant, languageName, queryString, stringList } from '../lib/format.ts';

export interface MentionPageProps {
  user: AuthUser;
  csrfToken: string;
  mention: MentionRow;
  /** The collection cases this mention is linked to, as far as the user's role may see them. */
  cases?: MentionCases;
}

function List({ items, kind, param }: { items: string[]; kind: string; param?: string }) {
  return items.length ? <Chips items={items} kind={kind} param={param} /> : <span class="muted">none</span>;
}

export function MentionPage({ user, csrfToken, mention: m, cases }: MentionPageProps) {
  const text = analysisText(m.title, m.text);
  const evidence = parseEvidence(m.evidence);
  const analysed = m.analyserVersion !== null;
  const title = m.title?.trim() || excerpt(m.text, 90) || `Mention ${m.id}`;
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} nav="mentions">
      <a class="back" href="/mentions">
        ← All mentions
      </a>
      <article class="stack">
        <header class="mention-head">
          <h1>{title}</h1>
          <p class="meta">
            <a href={`/mentions${queryString({ source: m.sourceId })}`}>{m.sourceName}</a>
            {m.author ? <span class="author">by {m.author}</span> : null}
            <time datetime={isoInstant(m.publishedAt)}>{friendlyTime(m.publishedAt)}</time>
            <span class="mono">{isoInstant(m.publishedAt)}</span>
            {analysed ? <SentimentBadge label={m.sentimentLabel} score={m.sentimentScore} /> : null}
          </p>
          {isHttpUrl(m.url) ? (
            <p>
              <a class="external" href={m.url} rel="noopener noreferrer nofollow" target="_blank">
                Open the original ↗
              </a>
            </p>
          ) : m.url ? (
            <p class="muted">
              Original address (not a web link): <span class="mono external">{m.url}</span>
            </p>
          ) : null}
        </header>

        <section class="card" aria-labelledby="text-heading">
          <h2 id="text-heading">Text as analysed</h2>
          <HighlightedText text={text} evidence={evidence} />
        </section>

        <section class="card" aria-labelledby="labels-heading">
          <h2 id="labels-heading">Labels</h2>
          {analysed ? (
            <div class="table-wrap">
              <table class="labels">
                <tbody>
                  <tr>
                    <th scope="row">Language</th>
                    <td>
                      {languageName(m.language!)} <span class="mono">({m.language})</span>
                      {m.languageHint ? <span class="muted"> · source says {m.languageHint}</span> : null}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Relevant</th>
                    <td>{m.isRelevant ? 'yes, about a collection experience' : 'no'}</td>
                  </tr>
                  <tr>
                    <th scope="row">Sentiment</th>
                    <td>
                      <SentimentBadge label={m.sentimentLabel} /> <span class="mono">score {formatSigned(m.sentimentScore ?? 0)}</span>
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Tactics</th>
                    <td>
                      <List items={stringList(m.tactics)} kind="tactic" param="tactic" />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Channel</th>
                    <td>
                      <List items={stringList(m.channels)} kind="channel" />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Vulnerability</th>
                    <td>
                      <List items={stringList(m.vulnerability)} kind="vulnerability" />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Payer stance</th>
                    <td>{humanize(m.payerStance ?? 'unknown')}</td>
                  </tr>
                  <tr>
                    <th scope="row">Escalation</th>
                    <td>
                      <List items={stringList(m.escalation)} kind="escalation" />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Case references</th>
                    <td>{stringList(m.caseRefs).length ? <span class="mono">{stringList(m.caseRefs).join(', ')}</span> : <span class="muted">none</span>}</td>
                  </tr>
                  <tr>
                    <th scope="row">Analyser</th>
                    <td class="mono">{m.analyserVersion}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">Not analysed yet.</p>
          )}
        </section>

        {analysed ? (
          <section class="card" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">Evidence</h2>
            {evidence.length ? (
              <div class="table-wrap">
                <table class="evidence">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Label</th>
                      <th scope="col">Match</th>
                      <th scope="col" class="num">Weight</th>
                      <th scope="col">Rule</th>
                    </tr>
                  </thead>
                  <tbody>
                    {evidence.map((e) => (
                      <tr>
                        <td>{humanize(e.field)}</td>
                        <td>{humanize(e.label)}</td>
                        <td>{e.match ? <q>{e.match}</q> : <span class="muted">—</span>}</td>
                        <td class="num">{formatSigned(e.weight)}</td>
                        <td class="mono">{e.rule}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="muted">The analyser recorded no evidence for this mention.</p>
            )}
          </section>
        ) : null}

        {cases ? <LinkedCases cases={cases} /> : null}

        <p class="muted">
          First seen {friendlyTime(m.firstSeenAt)}
          {m.updatedAt !== m.firstSeenAt ? `, updated ${friendlyTime(m.updatedAt)}` : ''}.
        </p>
      </article>
    </Layout>
  );
}
