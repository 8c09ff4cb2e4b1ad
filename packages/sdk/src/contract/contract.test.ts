import { describe, expect, it } from 'vitest';
import { bottomBanner, gainers, health, losers, topBanner } from '../test-support/fixtures.js';
import { checkContract } from './contract.js';

describe('contract', () => {
  it('accepts every envelope of the contract', () => {
    expect(checkContract('gainers', gainers())).toBeUndefined();
    expect(checkContract('losers', losers())).toBeUndefined();
    expect(checkContract('topBanner', topBanner())).toBeUndefined();
    expect(checkContract('bottomBanner', bottomBanner())).toBeUndefined();
    expect(checkContract('health', health())).toBeUndefined();
  });

  it('accepts rows without market_cap (servers from before it) and with an unknown one (null)', () => {
    const { market_cap: _dropped, ...oldRow } = gainers().data[0]!;
    expect(checkContract('gainers', { ...gainers(), data: [oldRow] })).toBeUndefined();
    const { market_cap: _alsoDropped, ...oldBannerRow } = topBanner().data[0]!;
    expect(checkContract('topBanner', { ...topBanner(), data: [oldBannerRow] })).toBeUndefined();
    expect(topBanner().data[0]!.market_cap).toBeNull();
    expect(checkContract('topBanner', topBanner())).toBeUndefined();
  });

  it('names the first problem', () => {
    expect(checkContract('gainers', null)).toBe('body: expected object');
    expect(checkContract('gainers', '<html>')).toBe('body: expected object');
    expect(checkContract('gainers', losers())).toBe('component: expected "gainers_table"');
    expect(checkContract('gainers', { ...gainers(), as_of: '1' })).toBe('as_of: expected number');
    const row = { ...gainers().data[0]!, current_price: '151.23' };
    expect(checkContract('gainers', { ...gainers(), data: [gainers().data[0], row] })).toBe(
      'data[1].current_price: expected number',
    );
    expect(checkContract('bottomBanner', { ...bottomBanner(), data: [null] })).toBe(
      'data[0]: expected object',
    );
    expect(checkContract('health', { ...health(), upstreams: null })).toBe('upstreams: expected object');
    expect(checkContract('topBanner', { ...topBanner(), component: 'top-banner-scroll' })).toBe(
      'component: expected "top_banner_scroll"',
    );
    const { volume_change_1h: _missing, ...shortRow } = bottomBanner().data[0]!;
    expect(checkContract('bottomBanner', { ...bottomBanner(), data: [shortRow] })).toBe(
      'data[0].volume_change_1h: expected number',
    );
  });
});
