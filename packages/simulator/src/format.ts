/** Number and time formatting in the exact shapes Coinbase Exchange puts on the wire. */

/** Decimal places of an increment string such as `0.00001` (0 for `1`). */
export function decimalsOf(increment: string): number {
  const dot = increment.indexOf('.');
  return dot === -1 ? 0 : increment.length - dot - 1;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);

/**
 * Rounds to a number of decimals. Dividing the rounded integer by an exact power of ten gives the double
 * nearest the decimal, so candles never show binary noise such as 0.30000000000000004 (toFixed does the same
 * but is several times slower on this hot path).
 */
export function roundTo(value: number, decimals: number): number {
  const scale = POWERS_OF_TEN[decimals] ?? 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** A price or size as Coinbase sends it: a decimal string with the product's precision. */
export function decimalString(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/**
 * ISO 8601 with microseconds (`2026-11-24T18:01:05.123456Z`), as Coinbase stamps trades. The simulator keeps
 * trade times as fractional milliseconds, so the extra digits are real, not padding.
 */
export function isoMicros(timeMs: number): string {
  const wholeMs = Math.floor(timeMs);
  const micros = Math.min(999, Math.floor((timeMs - wholeMs) * 1000));
  const iso = new Date(wholeMs).toISOString();
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
