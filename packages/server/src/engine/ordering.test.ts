import { describe, expect, it } from 'vitest';
import {
  alertLevelOf,
  gainersOrder,
  losersOrder,
  magnitudeOrder,
  momentumOf,
  roundPercent,
} from './ordering.js';

const item = (symbol: string, change: number, volume24h: number) => ({
  symbol,
  change,
  volume24h,
  row: symbol,
});

describe('roundPercent', () => {
  it('rounds to 4 decimals, half away from zero, never -0', () => {
    expect(roundPercent(0.84023456)).toBe(0.8402);
    expect(roundPercent(-0.84027)).toBe(-0.8403);
    expect(roundPercent(12.5)).toBe(12.5);
    expect(roundPercent(1.23455)).toBe(-roundPercent(-1.23455));
    expect(Object.is(roundPercent(-0.00001), 0)).toBe(true);
    expect(roundPercent(525)).toBe(525);
  });
});

describe('momentum and alert level', () => {
  it('uses the exact change at the thresholds', () => {
    expect([4.99999, 5, -5, 0.99999, 1, -1, 0].map(momentumOf)).toEqual([
      'moderate',
      'strong',
      'strong',
      'weak',
      'moderate',
      'moderate',
      'weak',
    ]);
    expect([9.99999, 10, -10, -9.9].map(alertLevelOf)).toEqual(['normal', 'high', 'high', 'normal']);
  });
});

describe('ordering', () => {
  const items = [
    item('C-USD', 2, 100),
    item('A-USD', 2, 100),
    item('B-USD', 2, 300),
    item('D-USD', 3, 1),
    item('E-USD', 0, 1),
    item('F-USD', -2, 100),
    item('G-USD', -2, 500),
    item('H-USD', -3, 1),
  ];

  it('gainers: positive only, descending, ties by volume then symbol', () => {
    expect(gainersOrder(items)).toEqual(['D-USD', 'B-USD', 'A-USD', 'C-USD']);
  });

  it('losers: negative only, most negative first, same ties', () => {
    expect(losersOrder(items)).toEqual(['H-USD', 'G-USD', 'F-USD']);
  });

  it('banners: everything by |change|, same ties', () => {
    expect(magnitudeOrder(items)).toEqual([
      'D-USD',
      'H-USD',
      'G-USD',
      'B-USD',
      'A-USD',
      'C-USD',
      'F-USD',
      'E-USD',
    ]);
  });

  it('sorts by exact values, not the rounded ones', () => {
    const close = [item('A-USD', 1.00001, 1), item('B-USD', 1.00002, 1)];
    expect(gainersOrder(close)).toEqual(['B-USD', 'A-USD']);
  });
});
