import { describe, expect, it } from 'vitest';
import { buildCatalog, listCurrencies } from './catalog.js';

describe('catalog', () => {
  const products = buildCatalog();
  const byId = new Map(products.map((product) => [product.id, product]));

  it('lists at least 110 unique USD products', () => {
    expect(new Set(products.map((product) => product.id)).size).toBe(products.length);
    expect(products.filter((product) => product.quote === 'USD').length).toBeGreaterThanOrEqual(110);
  });

  it('has realistic names and price levels, tiny prices included', () => {
    expect(byId.get('BTC-USD')).toMatchObject({ name: 'Bitcoin', referencePrice: 90_000 });
    expect(byId.get('ETH-USD')).toMatchObject({ name: 'Ethereum', referencePrice: 3000 });
    expect(byId.get('SOL-USD')).toMatchObject({ name: 'Solana', referencePrice: 150 });
    expect(byId.get('DOGE-USD')?.referencePrice).toBe(0.15);
    expect(byId.get('SHIB-USD')?.referencePrice).toBe(0.00001);
    for (const id of ['XRP-USD', 'ADA-USD', 'AVAX-USD', 'LINK-USD', 'DOT-USD', 'LTC-USD']) {
      expect(byId.has(id)).toBe(true);
    }
  });

  it('quotes increments as decimal powers of ten that resolve tiny prices', () => {
    for (const product of products) {
      expect(product.quoteIncrement).toMatch(/^(1|0\.0*1)$/);
      expect(product.baseIncrement).toMatch(/^(1|0\.0*1)$/);
      expect(Number(product.quoteIncrement)).toBeLessThanOrEqual(product.referencePrice / 1000);
    }
  });

  it('mixes the fx_stablecoin flag across stablecoins so the configurable list matters', () => {
    const stablecoins = products.filter((product) => product.stablecoin);
    expect(stablecoins.map((product) => product.id).sort()).toEqual(
      ['DAI-USD', 'EURC-USD', 'GUSD-USD', 'PYUSD-USD', 'USDT-USD'].sort(),
    );
    expect(stablecoins.some((product) => product.fxStablecoin)).toBe(true);
    expect(stablecoins.some((product) => !product.fxStablecoin)).toBe(true);
  });

  it('includes non-USD, delisted, trading-disabled and thin products', () => {
    expect(['BTC-EUR', 'ETH-BTC'].every((id) => byId.has(id))).toBe(true);
    const delisted = products.filter((product) => product.status === 'delisted');
    const disabled = products.filter((product) => product.tradingDisabled);
    expect(delisted).toHaveLength(1);
    expect(disabled).toHaveLength(1);
    expect([...delisted, ...disabled].every((product) => product.tradesPerSecond === 0)).toBe(true);
    expect(products.filter((product) => product.tier === 'thin').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps the total trade rate around 200 a second', () => {
    const total = products.reduce((sum, product) => sum + product.tradesPerSecond, 0);
    expect(total).toBeGreaterThan(150);
    expect(total).toBeLessThan(300);
  });

  it('names every currency once, fiat included', () => {
    const currencies = listCurrencies(products);
    expect(new Set(currencies.map((currency) => currency.id)).size).toBe(currencies.length);
    expect(currencies.find((currency) => currency.id === 'SOL')).toEqual({
      id: 'SOL',
      name: 'Solana',
      type: 'crypto',
    });
    expect(currencies.find((currency) => currency.id === 'USD')?.type).toBe('fiat');
  });
});
