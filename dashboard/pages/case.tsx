import { inSentence, nameOf } from '../../src/core/labels.ts';
import type { CaseRow } from '../../db/queries/case-view.ts';
import type { StepOnCase } from '../../db/queries/steps.ts';
import { NextSteps } from '../components/next-steps.tsx';
import type { AuthUser } from '../../db/queries/users.ts';
import type { IdentifierKind, LinkMethod, LinkStatus } from '../../db/schema/constants.ts';
import { SentimentBadge } from '../components/badges.tsx';
import { Layout } from '../components/layout.tsx';
import { formatCount, humanize, isoInstant, mediumDay, zonedTime } from '../lib/format.ts';
import { zoneOfCountry } from '../../src/core/time/country-zones.ts';
import { Notices } from '../components/notices.tsx';

// ---- one case ----

export interface CaseAction {
  at: number;
  channel: string;
  action_type: string;
  team: string | null;
  agent: string | null;
  outcome: string | null;
}

export interface CaseLinkItem {
  mentionId: number;
  publishedAt: number;
  sentimentLabel: string | null;
  sentimentScore: number | null;
  /** A short excerpt of the mention's text (never the whole body). */
  excerpt: string;
  sourceName: string | null;
  method: LinkMethod;
  confidence: number;
  status: LinkStatus;
}

export interface Flash {
  tone: 'ok' | 'problem';
  text: string;
}

export interface CasePageProps {
  user: AuthUser;
  csrfToken: string;
  kase: CaseRow;
  identifiers: Record<IdentifierKind, number>;
  actions: CaseAction[];
  links: CaseLinkItem[];
  steps: StepOnCase[];
  canWrite: boolean;
  flash: Flash | null;
}

const MENTION_ID = /^\d{1,15}$/;

/** The message after confirming or removing a link; only known words and a number are read from the query. */
export function caseFlashFor(query: Record<string, string | undefined>): Flash | null {
  const mention = MENTION_ID.test(query.mention ?? '') ? ` to mention ${Number(query.mention)}` : '';
  switch (query.done) {
    case 'confirmed':
      return { tone: 'ok', text: `Confirmed the link${mention}.` };
    case 'removed':
      return { tone: 'ok', text: `Removed the link${mention}.` };
    case 'accepted':
      return { tone: 'ok', text: 'Step accepted: it goes to the collection system.' };
    case 'dismissed':
      return { tone: 'ok', text: 'Step dismissed.' };
    case 'already':
      return { tone: 'problem', text: 'That step was decided already; below is what was decided.' };
    default:
      return null;
  }
}

export const METHOD_NAMES: Record<LinkMethod, string> = {
  case_ref: 'case reference in the text',
  identifier: 'author matches a debtor identifier',
  manual: 'linked by hand',
};

export const methodName = (m: string) => (METHOD_NAMES as Record<string, string>)[m] ?? humanize(m);
export const confidenceText = (c: number) => `${Math.round(Number(c) * 100)}%`;

type TimelineItem = { kind: 'action'; at: number; action: CaseAction } | { kind: 'mention'; at: number; link: CaseLinkItem };

/** Actions and linked mentions in time order (an action first when both have the same time). */
export function timeline(actions: CaseAction[], links: CaseLinkItem[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...actions.map((a) => ({ kind: 'action' as const, at: Number(a.at), action: a })),
    ...links.map((l) => ({ kind: 'mention' as const, at: Number(l.publishedAt), link: l })),
  ];
  // Array.prototype.sort is stable: within a kind, the order given (by time, then id) is kept.
  return items.sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'action' ? -1 : 1));
}

function LinkForm({ action, csrfToken, label, mentionId, tone }: { action: string; csrfToken: string; label: string; mentionId: number; tone?: 'danger' }) {
  return (
    <form method="post" action={action} class="row-action">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class={`small${tone ? ` ${tone}` : ''}`}>
        {label}
        <span class="visually-hidden"> the link to mention {mentionId}</span>
      </button>
    </form>
  );
}

function ActionItem({ a, zone }: { a: CaseAction; zone: string }) {
  return (
    <li class="tl-item tl-action" data-testid="timeline-item" data-kind="action">
      <time datetime={isoInstant(a.at)} class="tl-when">
        {zonedTime(a.at, zone)}
      </time>
      <div class="tl-body">
        <p class="tl-title">
          <span class="badge tl-kind">we did</span> {nameOf('action_type', a.action_type)} <span class="muted">by {inSentence(nameOf('channel', a.channel))}</span>
        </p>
        {a.team || a.agent || a.outcome ? (
          <p class="sub">{[a.team ? `team ${a.team}` : null, a.agent ? `agent ${a.agent}` : null, a.outcome ? `outcome: ${a.outcome}` : null].filter(Boolean).join(' · ')}</p>
        ) : null}
      </div>
    </li>
  );
}

function MentionItem({ l, zone, refPath, canWrite, csrfToken }: { l: CaseLinkItem; zone: string; refPath: string; canWrite: boolean; csrfToken: string }) {
  const base = `${refPath}/links/${l.mentionId}`;
  return (
    <li class="tl-item tl-mention" data-testid="timeline-item" data-kind="mention" data-mention={String(l.mentionId)}>
      <time datetime={isoInstant(l.publishedAt)} class="tl-when">
        {zonedTime(l.publishedAt, zone)}
      </time>
      <div class="tl-body">
        <p class="tl-title">
          <span class="badge tl-kind">they said</span> <SentimentBadge label={l.sentimentLabel} score={l.sentimentScore} />{' '}
          <a href={`/mentions/${l.mentionId}`}>Mention {l.mentionId}</a>
          {l.sourceName ? <span class="muted"> on {l.sourceName}</span> : null}
        </p>
        <p class="tl-excerpt" data-testid="excerpt">
          {l.excerpt || <span class="muted">(no text)</span>}
        </p>
        <p class="tl-link" data-testid="link">
          <span class={`badge link-status ls-${l.status}`} data-testid="link-status">
            {l.status}
          </span>{' '}
          <span data-testid="link-method">{methodName(l.method)}</span> · <span data-testid="link-confidence">{confidenceText(l.confidence)} confidence</span>
        </p>
        {canWrite ? (
          <div class="row-actions">
            {l.status === 'suggested' ? <LinkForm action={`${base}/confirm`} csrfToken={csrfToken} label="Confirm link" mentionId={l.mentionId} /> : null}
            <LinkForm action={`${base}/remove`} csrfToken={csrfToken} label="Remove link" mentionId={l.mentionId} tone="danger" />
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** Actions ("we did") and linked mentions ("they said") of a case, in time order. */
/** The case's life, each time on the clocks of the case's country (what the debtor saw), the zone named. */
export function CaseTimeline({
  actions,
  links,
  zone,
  refPath,
  canWrite,
  csrfToken,
}: {
  actions: CaseAction[];
  links: CaseLinkItem[];
  zone: string;
  refPath: string;
  canWrite: boolean;
  csrfToken: string;
}) {
  return (
    <ol class="timeline" data-testid="timeline">
      {timeline(actions, links).map((it) =>
        it.kind === 'action' ? <ActionItem a={it.action} zone={zone} /> : <MentionItem l={it.link} zone={zone} refPath={refPath} canWrite={canWrite} csrfToken={csrfToken} />,
      )}
    </ol>
  );
}

export function casePath(ref: string): string {
  return `/cases/${encodeURIComponent(ref)}`;
}

export function CasePage({ user, csrfToken, kase: k, identifiers, actions, links, steps, canWrite, flash }: CasePageProps) {
  const refPath = casePath(k.case_ref);
  const idTotal = identifiers.handle + identifiers.email + identifiers.phone;
  return (
    <Layout title={`Case ${k.case_ref}`} user={user} csrfToken={csrfToken} nav="cases">
      <a class="back" href="/cases">
        ← Open another case
      </a>
      <div class="page-head">
        <div>
          <h1>
            Case <span class="mono">{k.case_ref}</span>
          </h1>
          <p class="muted">Every view of a case is recorded in the audit log.</p>
        </div>
      </div>
      <Notices flash={flash} />
      <div class="stack">
        <section class="card" aria-labelledby="case-heading">
          <h2 id="case-heading">The case</h2>
          <dl class="case-facts">
            <div>
              <dt>Creditor</dt>
              <dd>{k.creditor}</dd>
            </div>
            <div>
              <dt>Segment</dt>
              <dd>{nameOf('segment', k.segment)}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd data-testid="case-status">{humanize(k.status)}</dd>
            </div>
            <div>
              <dt>Country</dt>
              <dd>{k.country}</dd>
            </div>
            <div>
              <dt>Opened</dt>
              <dd>
                <time datetime={isoInstant(k.opened_at)}>{mediumDay(k.opened_at)}</time>
              </dd>
            </div>
            {k.closed_at !== null ? (
              <div>
                <dt>Closed</dt>
                <dd>
                  <time datetime={isoInstant(k.closed_at)}>{mediumDay(k.closed_at)}</time>
                </dd>
              </div>
            ) : null}
            {k.amount !== null ? (
              <div>
                <dt>Amount</dt>
                <dd>
                  {Number(k.amount).toFixed(2)} {k.currency ?? ''}
                </dd>
              </div>
            ) : null}
            {k.team ? (
              <div>
                <dt>Team</dt>
                <dd>{k.team}</dd>
              </div>
            ) : null}
            {k.language ? (
              <div>
                <dt>Language</dt>
                <dd>{k.language}</dd>
              </div>
            ) : null}
            <div>
              <dt>Debtor identifiers</dt>
              <dd data-testid="identifier-counts">
                {idTotal === 0
                  ? 'none'
                  : (['handle', 'email', 'phone'] as const)
                      .filter((kind) => identifiers[kind] > 0)
                      .map((kind) => `${formatCount(identifiers[kind])} ${kind === 'email' ? 'e-mail' : kind}${identifiers[kind] === 1 ? '' : 's'}`)
                      .join(', ')}
                <span class="sub">kept only as keyed hashes; never shown</span>
              </dd>
            </div>
          </dl>
        </section>
        <section class="card" aria-labelledby="steps-heading">
          <h2 id="steps-heading">Next steps</h2>
          <NextSteps steps={steps} refPath={refPath} zone={zoneOfCountry(k.country)} canWrite={canWrite} csrfToken={csrfToken} />
        </section>
        <section class="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <p class="muted">
            {formatCount(actions.length)} action{actions.length === 1 ? '' : 's'} and {formatCount(links.length)} linked mention{links.length === 1 ? '' : 's'}, oldest first.
          </p>
          {actions.length + links.length === 0 ? (
            <p class="empty-state">Nothing has happened on this case yet.</p>
          ) : (
            <CaseTimeline actions={actions} links={links} zone={zoneOfCountry(k.country)} refPath={refPath} canWrite={canWrite} csrfToken={csrfToken} />
          )}
        </section>
      </div>
    </Layout>
  );
}

// ---- the "Linked cases" block of a mention ----

export interface MentionCaseLink {
  ref: string;
  method: LinkMethod;
  confidence: number;
  status: LinkStatus;
}

/** For roles with `cases:read`, the links; for the others only whether the mention is linked at all. */
export type MentionCases = { canRead: true; links: MentionCaseLink[] } | { canRead: false; linked: boolean };

export function LinkedCases({ cases }: { cases: MentionCases }) {
  if (!cases.canRead) {
    if (!cases.linked) return null;
    return (
      <section class="card" aria-labelledby="cases-heading" data-testid="linked-cases">
        <h2 id="cases-heading">Linked cases</h2>
        <p>Linked to a collection case</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="cases-heading" data-testid="linked-cases">
      <h2 id="cases-heading">Linked cases</h2>
      {cases.links.length === 0 ? (
        <p class="muted">Not linked to any collection case.</p>
      ) : (
        <ul class="linked-cases">
          {cases.links.map((l) => (
            <li data-testid="linked-case">
              <a class="mono" href={casePath(l.ref)}>
                {l.ref}
              </a>{' '}
              <span class={`badge link-status ls-${l.status}`}>{l.status}</span>{' '}
              <span class="muted">
                {methodName(l.method)} · {confidenceText(l.confidence)} confidence
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
