import type { ErrorBody, ErrorCode } from '@cbmo4ers/contract';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export type { ErrorCode } from '@cbmo4ers/contract';

/** An error meant for the client: its message is safe to show (no stack, no path). */
export class ApiError extends Error {
  override readonly name = 'ApiError' as const;
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  res.status(status).set('cache-control', 'no-store').json(body);
}

/** Paths this server knows and the methods each answers; anything else on a known path is a 405. */
export function methodGuard(allowed: readonly string[]): RequestHandler {
  const allowHeader = [...allowed, 'HEAD', 'OPTIONS'].join(', ');
  return (req, res, next) => {
    if (req.method === 'HEAD' || req.method === 'OPTIONS' || allowed.includes(req.method)) {
      next();
      return;
    }
    res.set('allow', allowHeader);
    sendError(
      res,
      405,
      'method_not_allowed',
      `${req.method} is not allowed on ${req.path}; use ${allowed.join(' or ')}`,
    );
  };
}

export const notFound: RequestHandler = (req, res) => {
  // The path is echoed only in part: a client's 8 KB URL does not come back as an 8 KB body.
  const path = req.path.length > 100 ? `${req.path.slice(0, 100)}...` : req.path;
  sendError(res, 404, 'not_found', `No endpoint at ${path}`);
};

/** The one error middleware: known errors keep their status, anything else is a bare 500 logged in full. */
export function errorHandler(
  logger: Logger,
  reportError?: (error: unknown, context: Record<string, unknown>) => void,
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof ApiError) {
      sendError(res, error.status, error.code, error.message);
      return;
    }
    const status =
      typeof (error as { status?: unknown })?.status === 'number'
        ? (error as { status: number }).status
        : 500;
    if (status === 413) {
      sendError(res, 413, 'payload_too_large', 'Request body too large');
      return;
    }
    if (status >= 400 && status < 500) {
      sendError(res, status, 'bad_request', 'Malformed request');
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    reportError?.(error, { method: req.method, path: req.path });
    sendError(res, 500, 'internal', 'Internal server error');
  };
}
