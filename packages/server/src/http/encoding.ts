/** Content codings the server sends precompressed or compressed once: static files and component bodies. */
export type Encoding = 'br' | 'gzip';

/**
 * The copy to send by Accept-Encoding: the higher q-value, brotli (the smaller) when equal whatever the order
 * the client lists them in (browsers send `gzip, deflate, br`); `undefined` for the file itself, also when the
 * header is missing.
 */
export function chooseEncoding(
  header: string | undefined,
  available: ReadonlySet<Encoding>,
): Encoding | undefined {
  if (!header || available.size === 0) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => (available.has(name) ? (weights.get(name) ?? weights.get('*') ?? 0) : 0);
  const best = weight('gzip') > weight('br') ? 'gzip' : 'br';
  return weight(best) > 0 ? best : undefined;
}
