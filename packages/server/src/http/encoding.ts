import { ApiError } from './errors.js';

/** Content codings the server sends precompressed or compressed once: static files and component bodies. */
export type Encoding = 'br' | 'gzip';

/** What to send: one of the available codings, the body as it is (`identity`), or nothing acceptable (406). */
export type EncodingChoice = Encoding | 'identity' | 'none';

/** A qvalue as RFC 9110 §12.4.2 writes it: 0 to 1, at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/**
 * The copy to send by Accept-Encoding: the higher q-value, brotli (the smaller) when equal whatever the order
 * the client lists them in (browsers send `gzip, deflate, br`); `identity` when the header is missing or no
 * available coding is accepted, unless `identity;q=0` (or `*;q=0` without an `identity` entry) refuses the
 * body as it is too: then `none`. An entry whose q is not a qvalue (`br;q=-1`, `gzip;q=2`) is ignored.
 */
export function chooseEncoding(header: string | undefined, available: ReadonlySet<Encoding>): EncodingChoice {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params
      .map((param) => /^\s*q\s*=\s*(\S*)\s*$/.exec(param)?.[1])
      .find((value) => value !== undefined);
    if (q !== undefined && !QVALUE.test(q)) continue;
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => (available.has(name) ? (weights.get(name) ?? weights.get('*') ?? 0) : 0);
  const best = weight('gzip') > weight('br') ? 'gzip' : 'br';
  if (weight(best) > 0) return best;
  const identity = weights.get('identity') ?? weights.get('*') ?? 1;
  return identity > 0 ? 'identity' : 'none';
}

/** The 406 for a request that refuses every coding the server has, the body as it is included. */
export function notAcceptable(): ApiError {
  return new ApiError(
    406,
    'bad_request',
    'Accept-Encoding refuses every coding this resource is available in',
  );
}
