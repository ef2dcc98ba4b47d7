import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError, describeZodError, ERROR_CODES, type ErrorCode } from '../core/errors.ts';
import type { AppEnv } from './env.ts';

/** The one error body of the API: `{ error: { code, message, requestId } }`. */
export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string, status: number = ERROR_CODES[code]) {
  return c.json({ error: { code, message, requestId: c.get('requestId') ?? null } }, status as ContentfulStatusCode);
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'BAD_REQUEST',
  429: 'RATE_LIMITED',
};

/** zod-openapi validation hook: turns a failed parse into the one error shape. */
export function validationHook(result: { success: boolean; error?: unknown }, c: Context<AppEnv>) {
  if (!result.success && result.error instanceof z.ZodError) {
    return errorResponse(c, 'BAD_REQUEST', describeZodError(result.error));
  }
}

export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) return errorResponse(c, err.code, err.message);
  if (err instanceof z.ZodError) return errorResponse(c, 'BAD_REQUEST', describeZodError(err));
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
    return errorResponse(c, code, err.message || `HTTP ${status}`, status);
  }
  c.get('deps')?.log.error('request failed', {
    request_id: c.get('requestId'),
    path: c.req.path,
    error: err.message,
    stack: err.stack,
  });
  return errorResponse(c, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side; the request id identifies it in the log');
}
