import type { Request } from 'express';
import { ApiError } from './errors.js';

/**
 * Strict query validation: only the named parameters, each at most once. Unknown parameters are rejected so a
 * typo (`limt=5`) is reported rather than silently ignored.
 */
export function readQuery<const K extends string>(
  req: Request,
  allowed: readonly K[],
): Partial<Record<K, string>> {
  const result: Partial<Record<K, string>> = {};
  // Most requests carry no query string: skip Express's parse of an empty one.
  if (!req.url.includes('?')) return result;
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (!(allowed as readonly string[]).includes(key)) {
      const hint = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '';
      throw new ApiError(400, 'bad_request', `unknown query parameter "${truncate(key)}"${hint}`);
    }
    if (typeof value !== 'string') {
      throw new ApiError(400, 'bad_request', `${key} must be given once, as a plain value`);
    }
    result[key as K] = value;
  }
  return result;
}

/** `limit` as API.md defines it: an integer from 1 to max, written in plain digits. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const message = `limit must be an integer from 1 to ${max}`;
  if (!/^\d{1,4}$/.test(value)) throw new ApiError(400, 'bad_request', message);
  const limit = Number(value);
  if (limit < 1 || limit > max) throw new ApiError(400, 'bad_request', message);
  return limit;
}

function truncate(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}...` : clean;
}
