import { MINUTE_MS, minuteOf } from './minute-buckets.js';
import { HELD_MINUTES, type ProductHistory } from './product-history.js';

/** Length of the movers window. */
export const MOVERS_WINDOW_MS = 180_000;
/** Upper bound of the sparkline length (docs/api.md). */
export const SPARKLINE_POINTS = 36;
/** Minutes summed per hour of volume. */
const HOUR_MINUTES = 60;

/** Exact 3-minute figures of one product, before rounding. */
export interface MoverFigures {
  initialPrice: number;
  changePct: number;
  intervalMinutes: number;
  sparkline: number[];
}

/** Exact 1-hour price figures, before rounding. */
export interface PriceChangeFigures {
  initialPrice: number;
  changePct: number;
}

/** Exact 1-hour volume figures; `changePct` is null when the previous hour had no volume. */
export interface VolumeFigures {
  volume1h: number;
  volumePrev1h: number;
  changePct: number | null;
}

/**
 * The 3-minute movers figures from live trades only: the window starts at `now - 180 s`, or at the first live
 * trade while the product has been live for less than that. Undefined when there is no live trade at or
 * before `now`, or some figure is not a valid number.
 */
export function moverFigures(history: ProductHistory, now: number): MoverFigures | undefined {
  const firstTime = history.firstTradeTime;
  const firstPrice = history.firstTradePrice;
  const currentPrice = history.lastPrice;
  if (firstTime === undefined || firstPrice === undefined || currentPrice === undefined) return undefined;
  if (firstTime > now) return undefined;
  const windowStart = Math.max(now - MOVERS_WINDOW_MS, firstTime);
  const warmingUp = firstTime > now - MOVERS_WINDOW_MS;
  const initialPrice = warmingUp ? firstPrice : history.priceAt(windowStart);
  if (initialPrice === undefined || !isValidPrice(initialPrice) || !isValidPrice(currentPrice))
    return undefined;
  const sparkline = sparklineOf(history, windowStart, now, initialPrice, currentPrice);
  if (sparkline === undefined) return undefined;
  const changePct = (currentPrice / initialPrice - 1) * 100;
  const intervalMinutes = (now - windowStart) / MINUTE_MS;
  if (!Number.isFinite(changePct) || !Number.isFinite(intervalMinutes)) return undefined;
  return { initialPrice, changePct, intervalMinutes, sparkline };
}

/**
 * Prices sampled at evenly spaced instants over [windowStart, now]: each the last live trade at or before its
 * instant, so the line never shows a price before it happened. The ends are pinned to the two figures the row
 * reports, which keeps the sparkline consistent with them.
 */
function sparklineOf(
  history: ProductHistory,
  windowStart: number,
  now: number,
  initialPrice: number,
  currentPrice: number,
): number[] | undefined {
  if (now <= windowStart) return [initialPrice, currentPrice];
  const points: number[] = [initialPrice];
  const steps = SPARKLINE_POINTS - 1;
  for (let step = 1; step < steps; step += 1) {
    const price = history.priceAt(windowStart + ((now - windowStart) * step) / steps);
    if (price === undefined || !isValidPrice(price)) return undefined;
    points.push(price);
  }
  points.push(currentPrice);
  return points;
}

/**
 * The 1-hour price change against the close of the minute ending at or before `now - 3600 s` (carried over
 * minutes without trades). Undefined when that close is unknown.
 */
export function priceChangeFigures(
  history: ProductHistory,
  now: number,
  currentPrice: number,
): PriceChangeFigures | undefined {
  const targetMinute = minuteOf(now) - (HOUR_MINUTES + 1) * MINUTE_MS;
  const initialPrice = history.carriedClose(targetMinute, minuteOf(now) - HELD_MINUTES * MINUTE_MS);
  if (!isValidPrice(initialPrice) || !isValidPrice(currentPrice)) return undefined;
  const changePct = (currentPrice / initialPrice - 1) * 100;
  return Number.isFinite(changePct) ? { initialPrice, changePct } : undefined;
}

/**
 * Volume of the last 60 completed minutes and of the 60 before them. Undefined when any of the 120 minutes is
 * unknown: a partial sum would read as a fall in volume.
 */
export function volumeFigures(history: ProductHistory, now: number): VolumeFigures | undefined {
  const currentMinute = minuteOf(now);
  const volumePrev1h = sumBuckets(
    history,
    currentMinute - 2 * HOUR_MINUTES * MINUTE_MS,
    currentMinute - HOUR_MINUTES * MINUTE_MS,
  );
  const volume1h = sumBuckets(history, currentMinute - HOUR_MINUTES * MINUTE_MS, currentMinute);
  if (!Number.isFinite(volume1h) || !Number.isFinite(volumePrev1h)) return undefined;
  if (volumePrev1h === 0) return { volume1h, volumePrev1h, changePct: null };
  const changePct = (volume1h / volumePrev1h - 1) * 100;
  return { volume1h, volumePrev1h, changePct: Number.isFinite(changePct) ? changePct : null };
}

/** Sum over the minutes in [from, to); NaN as soon as one is unknown. */
function sumBuckets(history: ProductHistory, from: number, to: number): number {
  let sum = 0;
  for (let minute = from; minute < to; minute += MINUTE_MS) {
    const volume = history.bucketVolume(minute);
    if (Number.isNaN(volume)) return Number.NaN;
    sum += volume;
  }
  return sum;
}

export function isValidPrice(price: number): boolean {
  return Number.isFinite(price) && price > 0;
}
