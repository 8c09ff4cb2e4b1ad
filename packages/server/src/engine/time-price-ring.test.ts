import { describe, expect, it } from 'vitest';
import { TimePriceRing } from './time-price-ring.js';

describe('TimePriceRing', () => {
  it('answers the last price at or before an instant', () => {
    const ring = new TimePriceRing({ initialCapacity: 2, maxCapacity: 8, retentionMs: 1_000 });
    expect(ring.priceAt(0)).toBeUndefined();
    ring.push(100, 1);
    ring.push(200, 2);
    ring.push(200, 3);
    ring.push(300, 4);
    expect(ring.capacity).toBe(4);
    expect([99, 100, 199, 200, 299, 300, 10_000].map((t) => ring.priceAt(t))).toEqual([
      undefined,
      1,
      1,
      3,
      3,
      4,
      4,
    ]);
  });

  it('evicts by age but stays exact back to the newest evicted point', () => {
    const ring = new TimePriceRing({ initialCapacity: 4, maxCapacity: 8, retentionMs: 100 });
    ring.push(0, 1);
    ring.push(50, 2);
    ring.push(180, 3);
    expect(ring.size).toBe(1);
    expect(ring.coversTime(49)).toBe(false);
    expect(ring.priceAt(49)).toBeUndefined();
    expect(ring.priceAt(50)).toBe(2);
    expect(ring.priceAt(179)).toBe(2);
    expect(ring.priceAt(180)).toBe(3);
  });

  it('never grows past its cap: the oldest points go first', () => {
    const ring = new TimePriceRing({ initialCapacity: 2, maxCapacity: 16, retentionMs: 1e12 });
    for (let t = 0; t < 1_000; t += 1) ring.push(t, t + 0.5);
    expect(ring.size).toBe(16);
    expect(ring.capacity).toBe(16);
    expect(ring.oldestTime).toBe(984);
    expect(ring.newestTime).toBe(999);
    expect(ring.coversTime(982)).toBe(false);
    expect(ring.priceAt(983)).toBe(983.5);
    expect(ring.priceAt(990)).toBe(990.5);
  });

  it('upserts the newest point when the time repeats (per-second sampling)', () => {
    const ring = new TimePriceRing({ initialCapacity: 2, maxCapacity: 4, retentionMs: 10_000 });
    ring.upsert(1_000, 1);
    ring.upsert(1_000, 2);
    ring.upsert(2_000, 3);
    expect(ring.size).toBe(2);
    expect(ring.priceAt(1_999)).toBe(2);
  });

  it('rejects capacities that are not powers of two', () => {
    expect(() => new TimePriceRing({ initialCapacity: 3, maxCapacity: 8, retentionMs: 1 })).toThrow(
      RangeError,
    );
  });
});
