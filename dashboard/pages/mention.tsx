import { nameOf } from '../../src/core/labels.ts';
import type { MentionRow } from '../../db/queries/mentions.ts';
import type { AuthUser } from '../../db/queries/users.ts';
import { analysisText } from '../../src/core/ingest/analyse-mentions.ts';
import { Chips, SentimentBadge } from '../components/badges.tsx';
import { HighlightedText } from '../components/highlight.tsx';
import { Layout } from '../components/layout.tsx';
import { LinkedCases, type MentionCases } from './case.tsx';
import { ESCALATIONS, SENTIMENT_LABELS, SEVERITIES, TACTICS, VULNERABILITIES } from '../../db/schema/constants.ts';
import type { Evidence } from '../../src/core/nlp/types.ts';
import { parseConfidence, parseEvidence, type Confidence } from '../lib/evidence.ts';
import { stringList } from '../../db/schema/json-lists.ts';
import { excerpt, friendlyTime, humanize, isHttpUrl, isoInstant, languageName, queryString } from '../lib/format.ts';
import { Notices } from '../components/notices.tsx';

export interface MentionPageProps {
  user: AuthUser;
  csrfToken: string;
  mention: MentionRow;
  /** The collection cases this mention is linked to, as far as the user's role may see them. */
  cases?: MentionCases;
  /** The user may correct the labels (comms, credit managers, admins). */
  canCorrect?: boolean;
  /** The user may raise an alert from the mention by hand. */
  canRaise?: boolean;
  flash?: string | null;
}

const CORRECTABLE = new Set(['relevant', 'sentiment', 'tactics', 'vulnerability', 'escalation']);

function List({ items, kind, param, sureness }: { items: string[]; kind: string; param?: string; sureness?: (label: string) => Confidence | undefined }) {
  return items.length ? <Chips items={items} kind={kind} param={param} sureness={sureness} /> : <span class="muted">none</span>;
}

/** "87%", or "45% · uncertain", after a label. */
function Sureness({ c }: { c: Confidence | undefined }) {
  if (!c) return null;
  return (
    <span class={c.uncertain ? 'sureness uncertain' : 'sureness'}>
      {' '}
      {Math.round(c.probability * 100)}%{c.uncertain ? ' · uncertain' : ''}
    </span>
  );
}

/**
 * Every label the mention carries, with the phrases that carried it (the analyser's evidence), or "corrected by a
 * person" for the fields a person set; then what exact rules found (case references).
 */
function reasonsOf(m: MentionRow, evidence: Evidence[]) {
  const corrected = m.correctedAt !== null;
  const given: [string, string][] = [
    ['relevant', String(m.isRelevant)],
    ['sentiment', m.sentimentLabel ?? ''],
    ...stringList(m.tactics).map((l) => ['tactics', l] as [string, string]),
    ...stringList(m.channels).map((l) => ['channel', l] as [string, string]),
    ...stringList(m.vulnerability).map((l) => ['vulnerability', l] as [string, string]),
    ...stringList(m.escalation).map((l) => ['escalation', l] as [string, string]),
    ...(m.payerStance && m.payerStance !== 'unknown' ? [['payer_stance', m.payerStance] as [string, string]] : []),
  ];
  const byLabel = new Map<string, { field: string; label: string; exact: boolean; byPerson: boolean; phrases: string[] }>();
  for (const [field, label] of given) byLabel.set(`${field}:${label}`, { field, label, exact: false, byPerson: corrected && CORRECTABLE.has(field), phrases: [] });
  for (const e of evidence) {
    const r = byLabel.get(`${e.field}:${e.label}`);
    if (r && !r.byPerson && e.match && !r.phrases.includes(e.match)) r.phrases.push(e.match);
    else if (!r && e.field === 'case_refs') byLabel.set(`${e.field}:${e.label}`, { field: e.field, label: e.label, exact: true, byPerson: false, phrases: [e.match] });
  }
  return [...byLabel.values()];
}

/** The labels a person may correct, preset to the current ones; only what changes is sent as a correction. */
function CorrectionForm({ m, csrfToken }: { m: MentionRow; csrfToken: string }) {
  const checks = (name: string, options: readonly string[], current: string[]) => (
    <fieldset>
      <legend>{humanize(name)}</legend>
      <div class="checks">
        {options.map((o) => (
          <label>
            <input type="checkbox" name={name} value={o} checked={current.includes(o)} /> {name === 'tactics' ? nameOf('tactic', o) : humanize(o)}
          </label>
        ))}
      </div>
    </fieldset>
  );
  return (
    <details class="correct" data-testid="correct">
      <summary>Correct these labels</summary>
      <form method="post" action={`/mentions/${m.id}/labels`} class="stack">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <fieldset>
          <legend>Relevant</legend>
          <label>
            <input type="radio" name="relevant" value="true" checked={m.isRelevant === true} /> About a collection experience
          </label>{' '}
          <label>
            <input type="radio" name="relevant" value="false" checked={m.isRelevant === false} /> Not about collection
          </label>
        </fieldset>
        <label>
          Sentiment{' '}
          <select name="sentiment">
            {SENTIMENT_LABELS.map((l) => (
              <option value={l} selected={m.sentimentLabel === l}>
                {humanize(l)}
              </option>
            ))}
          </select>
        </label>
        {checks('tactics', TACTICS, stringList(m.tactics))}
        {checks('vulnerability', VULNERABILITIES, stringList(m.vulnerability))}
        {checks('escalation', ESCALATIONS, stringList(m.escalation))}
        <p class="muted">
          Your correction overrides the analyser in alerts, complaint rates, digests and filters, and is kept when mentions are analysed again. Who changed what is recorded.
        </p>
        <div class="actions">
          <button type="submit">Save correction</button>
        </div>
      </form>
      {m.correctedAt !== null ? (
        <form method="post" action={`/mentions/${m.id}/labels/reset`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="secondary">
            Remove the correction
          </button>
        </form>
      ) : null}
    </details>
  );
}

export function MentionPage({ user, csrfToken, mention: m, cases, canCorrect = false, canRaise = false, flash = null }: MentionPageProps) {
  const text = analysisText(m.title, m.text);
  const evidence = parseEvidence(m.evidence);
  const confidence = parseConfidence(m.confidence);
  // A corrected field is a person's word, not the analyser's guess: no probability for it.
  const sure = (field: string, label: string) => (m.correctedAt !== null && CORRECTABLE.has(field) ? undefined : confidence.get(`${field}:${label}`));
  const reasons = reasonsOf(m, evidence);
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
          <Notices flash={flash} />
          {m.correctedAt !== null ? (
            <p class="corrected" data-testid="corrected">
              Corrected by a person {friendlyTime(m.correctedAt)}: their labels override the analyser's everywhere.
            </p>
          ) : null}
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
                    <td>
                      {m.isRelevant ? 'yes, about a collection experience' : 'no'}
                      <Sureness c={sure('relevant', m.isRelevant ? 'true' : 'false')} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Sentiment</th>
                    <td>
                      <SentimentBadge label={m.sentimentLabel} /> <Sureness c={sure('sentiment', m.sentimentLabel ?? '')} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Tactics</th>
                    <td>
                      <List items={stringList(m.tactics)} kind="tactic" param="tactic" sureness={(l) => sure('tactics', l)} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Channel</th>
                    <td>
                      <List items={stringList(m.channels)} kind="channel" sureness={(l) => sure('channel', l)} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Vulnerability</th>
                    <td>
                      <List items={stringList(m.vulnerability)} kind="vulnerability" sureness={(l) => sure('vulnerability', l)} />
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Payer stance</th>
                    <td>
                      {humanize(m.payerStance ?? 'unknown')}
                      {m.payerStance && m.payerStance !== 'unknown' ? <Sureness c={sure('payer_stance', m.payerStance)} /> : null}
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">Escalation</th>
                    <td>
                      <List items={stringList(m.escalation)} kind="escalation" sureness={(l) => sure('escalation', l)} />
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
          {analysed && canCorrect ? <CorrectionForm m={m} csrfToken={csrfToken} /> : null}
        </section>

        {analysed ? (
          <section class="card" aria-labelledby="evidence-heading">
            <h2 id="evidence-heading">Why these labels</h2>
            {reasons.length ? (
              <ul class="reasons" data-testid="reasons">
                {reasons.map((r) => (
                  <li>
                    <strong>
                      {r.field === 'relevant' ? (r.label === 'true' ? 'about a collection experience' : 'not about collection') : `${humanize(r.field)}: ${humanize(r.label)}`}
                    </strong>{' '}
                    {r.byPerson ? (
                      <span class="muted">corrected by a person</span>
                    ) : r.phrases.length ? (
                      <>
                        {r.exact ? 'found ' : 'mostly because of '}
                        {r.phrases.map((p, i) => (
                          <>
                            {i ? ', ' : ''}
                            <q>{p}</q>
                          </>
                        ))}
                      </>
                    ) : (
                      <span class="muted">{r.exact ? 'detected from the text as a whole' : 'no single phrase stood out'}</span>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">The analyser recorded no evidence for this mention.</p>
            )}
          </section>
        ) : null}

        {cases ? <LinkedCases cases={cases} /> : null}

        {canRaise ? (
          <section class="card" aria-labelledby="raise-heading">
            <h2 id="raise-heading">Raise an alert</h2>
            <form method="post" action={`/mentions/${m.id}/alert`} class="stack" data-testid="raise">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <label>
                Severity{' '}
                <select name="severity">
                  {SEVERITIES.map((s) => (
                    <option value={s} selected={s === 'high'}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Why <input type="text" name="reason" maxlength={300} required placeholder="e.g. a journalist is asking about this case" />
              </label>
              <div class="actions">
                <button type="submit">Raise alert</button>
              </div>
            </form>
          </section>
        ) : null}

        <p class="muted">
          First seen {friendlyTime(m.firstSeenAt)}
          {m.updatedAt !== m.firstSeenAt ? `, updated ${friendlyTime(m.updatedAt)}` : ''}.
        </p>
      </article>
    </Layout>
  );
}
