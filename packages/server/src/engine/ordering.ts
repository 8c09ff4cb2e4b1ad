import type { AlertLevel, Momentum } from '@cbmo4ers/contract';

/** What ordering needs of a row: its exact change (not the rounded wire value) and the tie-breakers. */
export interface Ranked<Row> {
  change: number;
  volume24h: number;
  symbol: string;
  row: Row;
}

/**
 * Rounds a percentage to 4 decimals for the wire, symmetrically (half away from zero) so that a gain and the
 * same loss show the same magnitude, and without producing -0.
 */
export function roundPercent(value: number): number {
  const magnitude = Math.round(Math.abs(value) * 10_000) / 10_000;
  if (magnitude === 0) return 0;
  return value < 0 ? -magnitude : magnitude;
}

export function momentumOf(changePct: number): Momentum {
  const magnitude = Math.abs(changePct);
  if (magnitude >= 5) return 'strong';
  if (magnitude >= 1) return 'moderate';
  return 'weak';
}

export function alertLevelOf(changePct: number): AlertLevel {
  return Math.abs(changePct) >= 10 ? 'high' : 'normal';
}

/** Ties: larger 24 h volume first, then symbol by code unit (locale-independent, so every replica agrees). */
function compareTies<Row>(a: Ranked<Row>, b: Ranked<Row>): number {
  if (a.volume24h !== b.volume24h) return a.volume24h > b.volume24h ? -1 : 1;
  if (a.symbol === b.symbol) return 0;
  return a.symbol < b.symbol ? -1 : 1;
}

function compareDescending(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}

/** Rows with change > 0, most positive first. */
export function gainersOrder<Row>(items: readonly Ranked<Row>[]): Row[] {
  return items
    .filter((item) => item.change > 0)
    .sort((a, b) => compareDescending(a.change, b.change) || compareTies(a, b))
    .map((item) => item.row);
}

/** Rows with change < 0, most negative first. */
export function losersOrder<Row>(items: readonly Ranked<Row>[]): Row[] {
  return items
    .filter((item) => item.change < 0)
    .sort((a, b) => compareDescending(b.change, a.change) || compareTies(a, b))
    .map((item) => item.row);
}

/** All rows, largest |change| first. */
export function magnitudeOrder<Row>(items: readonly Ranked<Row>[]): Row[] {
  return [...items]
    .sort((a, b) => compareDescending(Math.abs(a.change), Math.abs(b.change)) || compareTies(a, b))
    .map((item) => item.row);
}
