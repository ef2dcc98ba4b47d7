// What every dashboard router shares: the form guards (origin check, size limit; CSRF tokens are in session.ts),
// permission pages, path parameters, the not-found page, and what both the alert and case pages show of linked mentions.
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { Db } from '../../db/client.ts';
import type { linkedMentionsOfCase } from '../../db/queries/case-view.ts';
import { getMention } from '../../db/queries/mentions.ts';
import type { AppEnv } from '../../src/api/env.ts';
import { requirePermission } from '../../src/api/middleware/auth.ts';
import { AppError } from '../../src/core/errors.ts';
import { analysisText } from '../../src/core/ingest/analyse-mentions.ts';
import { excerpt } from './format.ts';
import { renderPage } from './render.ts';
import type { CaseLinkItem } from '../pages/case.tsx';
import { ErrorPage } from '../pages/error.tsx';

/** The digest e-mail itself, served with the e-mail's own (stricter than a page's) headers; see src/app.ts. */
export const DIGEST_PREVIEW_PATH = '/digest/preview.html';

export const PAGE_SIZE = 50;

export const MAX_FORM_BYTES = 16 * 1024;

export type Ctx = Context<AppEnv>;

/** Origin check for unsafe methods (hono's `csrf()`): the request's own origin, plus EARSHOT_PUBLIC_URL behind a proxy. */
export const originCheck = csrf({
  origin: (origin, c) => {
    if (origin === new URL(c.req.url).origin) return true;
    const publicUrl = (c as Ctx).get('deps')?.config.publicUrl;
    return !!publicUrl && origin === new URL(publicUrl).origin;
  },
});

export const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: () => {
    throw new HTTPException(413, { message: 'That form was too large.' });
  },
});

export function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

export function notFoundPage(c: Ctx, message: string) {
  return renderPage(c, <ErrorPage status={404} title="Not found" message={message} user={c.get('user')} csrfToken={c.get('csrfToken')} />, 404);
}

/**
 * An action's refusal that the form it came from should show (bad input, a clash with what exists), with the status
 * to answer; null for anything else, which the error page handles.
 */
export function actionProblems(err: unknown): { message: string; status: 400 | 409 } | null {
  if (err instanceof AppError && (err.code === 'BAD_REQUEST' || err.code === 'CONFLICT')) {
    return { message: err.message, status: err.code === 'CONFLICT' ? 409 : 400 };
  }
  return null;
}

/**
 * A refusal in a form's own words: each "config.url: …" of an action's message names the form's box instead
 * ("URL: …"); a field the form does not name keeps the path.
 */
export function inFormWords(message: string, labels: Record<string, string>): string {
  return message
    .split('; ')
    .map((part) => {
      const colon = part.indexOf(': ');
      const label = colon > 0 ? labels[part.slice(0, colon)] : undefined;
      return label ? `${label}: ${part.slice(colon + 2)}` : part;
    })
    .join('; ');
}

/** A mention id path parameter (`:mentionId` unless named), or null. */
export function mentionIdParam(c: Ctx, name = 'mentionId'): number | null {
  const text = c.req.param(name) ?? '';
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The linked mentions of a case as its timeline shows them: a short excerpt each, never the whole body. */
export async function caseLinkItems(db: Db, linked: Awaited<ReturnType<typeof linkedMentionsOfCase>>): Promise<CaseLinkItem[]> {
  const mentions = await Promise.all(linked.map((l) => getMention(db, Number(l.mention_id))));
  return linked.map((l, i) => {
    const m = mentions[i];
    return {
      mentionId: Number(l.mention_id),
      publishedAt: Number(l.published_at),
      sentimentLabel: l.sentiment_label,
      sentimentScore: l.sentiment_score === null ? null : Number(l.sentiment_score),
      excerpt: m ? excerpt(analysisText(m.title, m.text), 200) : '',
      sourceName: m?.sourceName ?? null,
      method: l.method,
      confidence: Number(l.confidence),
      status: l.status,
    };
  });
}

/** Acting on alerts needs `alerts:write` (everyone but viewers). */
export const requireAlertsWrite = requirePermission('alerts:write', 'Your role can read alerts but not act on them.');
