/**
 * The simulated exchange's product list: real Coinbase bases, names and rough price levels, so widgets look
 * plausible and tiny prices (SHIB, PEPE, MOG) exercise formatting. The list is fixed data: the same on every run.
 */

/** How actively a product trades; sets its trade rate, trade sizes and volatility. */
export type LiquidityTier = 'major' | 'large' | 'mid' | 'small' | 'thin' | 'stable';

/** One product of the simulated exchange. */
export interface SimProduct {
  /** e.g. `SOL-USD` */
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  /** Human name of the base currency, served by `/currencies`, e.g. `Solana`. */
  readonly name: string;
  readonly status: 'online' | 'delisted';
  readonly tradingDisabled: boolean;
  readonly fxStablecoin: boolean;
  /** Pegged to a fiat currency: its price mean-reverts and it is never pumped. */
  readonly stablecoin: boolean;
  readonly tier: LiquidityTier;
  /** Decimal strings, exactly as `/products` sends them. */
  readonly quoteIncrement: string;
  readonly baseIncrement: string;
  readonly minMarketFunds: string;
  /** Price level the simulation starts from (before the seeded history walk). */
  readonly referencePrice: number;
  /** Mean trades per second at `tradeRateMultiplier` 1 (0 when the product cannot trade). */
  readonly tradesPerSecond: number;
  /** Median trade notional in US dollars (whatever the quote currency). */
  readonly medianNotional: number;
  /** Rough US dollars per unit of the quote currency, to size trades in dollars on EUR and BTC books. */
  readonly usdPerQuote: number;
  /** Standard deviation of one day's log return, outside pumps. */
  readonly dailyVolatility: number;
}

interface TierProfile {
  readonly tradesPerSecond: number;
  readonly medianNotional: number;
  readonly dailyVolatility: number;
}

// Tuned so the whole market prints about 200 trades a second and the thin tier stays under $100k a day.
const TIERS: Record<LiquidityTier, TierProfile> = {
  major: { tradesPerSecond: 10, medianNotional: 800, dailyVolatility: 0.035 },
  large: { tradesPerSecond: 3.2, medianNotional: 300, dailyVolatility: 0.06 },
  mid: { tradesPerSecond: 1.4, medianNotional: 150, dailyVolatility: 0.08 },
  small: { tradesPerSecond: 0.45, medianNotional: 80, dailyVolatility: 0.1 },
  thin: { tradesPerSecond: 1 / 60, medianNotional: 15, dailyVolatility: 0.08 },
  stable: { tradesPerSecond: 0.25, medianNotional: 500, dailyVolatility: 0.001 },
};

/** [base, name, price, tier, trades per second when the tier default does not fit] */
type Row = readonly [string, string, number, LiquidityTier, number?];

const USD_ROWS: readonly Row[] = [
  ['BTC', 'Bitcoin', 90_000, 'major', 18],
  ['ETH', 'Ethereum', 3000, 'major', 14],
  ['SOL', 'Solana', 150, 'major', 10],
  ['XRP', 'XRP', 2.2, 'major', 7],
  ['DOGE', 'Dogecoin', 0.15, 'major', 6],
  ['ADA', 'Cardano', 0.45, 'large'],
  ['AVAX', 'Avalanche', 14, 'large'],
  ['LINK', 'Chainlink', 13, 'large'],
  ['DOT', 'Polkadot', 2.5, 'large'],
  ['LTC', 'Litecoin', 85, 'large'],
  ['BCH', 'Bitcoin Cash', 520, 'large'],
  ['SHIB', 'Shiba Inu', 0.00001, 'large'],
  ['SUI', 'Sui', 1.6, 'large'],
  ['HBAR', 'Hedera', 0.15, 'large'],
  ['XLM', 'Stellar', 0.25, 'large'],
  ['UNI', 'Uniswap', 6.5, 'large'],
  ['NEAR', 'NEAR Protocol', 2, 'large'],
  ['AAVE', 'Aave', 180, 'large'],
  ['PEPE', 'Pepe', 0.0000045, 'large'],
  ['ICP', 'Internet Computer', 4.5, 'large'],
  ['APT', 'Aptos', 2.3, 'large'],
  ['ETC', 'Ethereum Classic', 13, 'mid'],
  ['FIL', 'Filecoin', 1.6, 'mid'],
  ['ARB', 'Arbitrum', 0.22, 'mid'],
  ['OP', 'Optimism', 0.32, 'mid'],
  ['ATOM', 'Cosmos', 2.4, 'mid'],
  ['INJ', 'Injective', 5.8, 'mid'],
  ['RENDER', 'Render', 1.9, 'mid'],
  ['GRT', 'The Graph', 0.05, 'mid'],
  ['ALGO', 'Algorand', 0.14, 'mid'],
  ['SEI', 'Sei', 0.15, 'mid'],
  ['TIA', 'Celestia', 0.6, 'mid'],
  ['ONDO', 'Ondo', 0.45, 'mid'],
  ['BONK', 'Bonk', 0.0000095, 'mid'],
  ['WIF', 'dogwifhat', 0.4, 'mid'],
  ['JASMY', 'JasmyCoin', 0.008, 'mid'],
  ['STX', 'Stacks', 0.3, 'mid'],
  ['IMX', 'Immutable', 0.3, 'mid'],
  ['CRV', 'Curve DAO Token', 0.4, 'mid'],
  ['LDO', 'Lido DAO', 0.7, 'mid'],
  ['ENS', 'Ethereum Name Service', 11, 'mid'],
  ['POL', 'Polygon Ecosystem Token', 0.12, 'mid'],
  ['FET', 'Artificial Superintelligence Alliance', 0.25, 'mid'],
  ['HNT', 'Helium', 2, 'mid'],
  ['JTO', 'Jito', 0.6, 'mid'],
  ['PYTH', 'Pyth Network', 0.07, 'mid'],
  ['ENA', 'Ethena', 0.3, 'mid'],
  ['ZEC', 'Zcash', 400, 'mid'],
  ['TRUMP', 'Official Trump', 6, 'mid'],
  ['VIRTUAL', 'Virtuals Protocol', 1, 'mid'],
  ['QNT', 'Quant', 80, 'mid'],
  ['SAND', 'The Sandbox', 0.15, 'small'],
  ['MANA', 'Decentraland', 0.17, 'small'],
  ['AXS', 'Axie Infinity', 1, 'small'],
  ['APE', 'ApeCoin', 0.3, 'small'],
  ['EGLD', 'MultiversX', 9, 'small'],
  ['XTZ', 'Tezos', 0.5, 'small'],
  ['COMP', 'Compound', 30, 'small'],
  ['SNX', 'Synthetix', 0.6, 'small'],
  ['YFI', 'yearn.finance', 4200, 'small'],
  ['SUSHI', 'SushiSwap', 0.4, 'small'],
  ['BAL', 'Balancer', 0.8, 'small'],
  ['1INCH', '1inch', 0.18, 'small'],
  ['ZRX', '0x', 0.15, 'small'],
  ['BAT', 'Basic Attention Token', 0.2, 'small'],
  ['CHZ', 'Chiliz', 0.03, 'small'],
  ['LRC', 'Loopring', 0.06, 'small'],
  ['STORJ', 'Storj', 0.15, 'small'],
  ['ANKR', 'Ankr', 0.01, 'small'],
  ['SKL', 'SKALE', 0.015, 'small'],
  ['CTSI', 'Cartesi', 0.05, 'small'],
  ['BAND', 'Band Protocol', 0.5, 'small'],
  ['API3', 'API3', 0.6, 'small'],
  ['NMR', 'Numeraire', 12, 'small'],
  ['OXT', 'Orchid', 0.04, 'small'],
  ['DASH', 'Dash', 60, 'small'],
  ['KSM', 'Kusama', 10, 'small'],
  ['FLOW', 'Flow', 0.2, 'small'],
  ['MINA', 'Mina', 0.15, 'small'],
  ['ROSE', 'Oasis', 0.015, 'small'],
  ['AUDIO', 'Audius', 0.04, 'small'],
  ['GLM', 'Golem', 0.22, 'small'],
  ['COTI', 'COTI', 0.03, 'small'],
  ['MASK', 'Mask Network', 0.7, 'small'],
  ['BLUR', 'Blur', 0.04, 'small'],
  ['EIGEN', 'EigenLayer', 0.6, 'small'],
  ['ZRO', 'LayerZero', 1.4, 'small'],
  ['W', 'Wormhole', 0.05, 'small'],
  ['STRK', 'Starknet', 0.12, 'small'],
  ['MOG', 'Mog Coin', 0.0000003, 'small'],
  ['POPCAT', 'Popcat', 0.12, 'small'],
  ['MORPHO', 'Morpho', 1.6, 'small'],
  ['VET', 'VeChain', 0.015, 'small'],
  ['AERO', 'Aerodrome Finance', 0.7, 'small'],
  ['KAITO', 'Kaito', 0.7, 'small'],
  ['PENGU', 'Pudgy Penguins', 0.012, 'small'],
  ['CRO', 'Cronos', 0.1, 'small'],
  ['XYO', 'XYO', 0.006, 'small'],
  ['AMP', 'Amp', 0.003, 'small'],
  ['ACH', 'Alchemy Pay', 0.01, 'small'],
  ['RLC', 'iExec RLC', 0.7, 'small'],
  ['SPELL', 'Spell Token', 0.0003, 'small'],
  ['ILV', 'Illuvium', 8, 'small'],
  ['T', 'Threshold', 0.01, 'small'],
  ['ORCA', 'Orca', 1.3, 'small'],
  ['AIOZ', 'AIOZ Network', 0.15, 'small'],
  ['BICO', 'Biconomy', 0.06, 'small'],
  ['GTC', 'Gitcoin', 0.2, 'small'],
  ['MDT', 'Measurable Data Token', 0.015, 'thin'],
  ['ALCX', 'Alchemix', 8, 'thin'],
  ['BADGER', 'Badger DAO', 0.8, 'thin'],
  ['CLV', 'Clover Finance', 0.01, 'thin'],
  ['FORTH', 'Ampleforth Governance Token', 2, 'thin'],
  ['PRO', 'Propy', 0.5, 'thin'],
  ['MLN', 'Enzyme', 5, 'thin'],
  ['POWR', 'Powerledger', 0.12, 'thin'],
  ['QI', 'BENQI', 0.004, 'thin'],
  ['LQTY', 'Liquity', 0.5, 'thin'],
];

/** [base, name, price, fx_stablecoin, trades per second] — the flag differs so the server's own list matters. */
const STABLE_ROWS: readonly (readonly [string, string, number, boolean, number])[] = [
  ['USDT', 'Tether', 1.0002, false, 3],
  ['DAI', 'Dai', 0.9999, true, 0.3],
  ['PYUSD', 'PayPal USD', 1, false, 0.3],
  ['EURC', 'EURC', 1.16, true, 0.4],
  ['GUSD', 'Gemini Dollar', 1, false, 0.1],
];

/** Products that must not be tracked at all: one delisted, one with trading disabled. */
const OFFLINE_ROWS: readonly (readonly [string, string, number, 'delisted' | 'disabled'])[] = [
  ['REP', 'Augur', 1.2, 'delisted'],
  ['RNDR', 'Render Token', 1.9, 'disabled'],
];

/** [base, quote, price, trades per second]: enough to prove non-USD products are filtered out. */
const CROSS_ROWS: readonly (readonly [string, string, number, number])[] = [
  ['BTC', 'EUR', 77_500, 2],
  ['ETH', 'EUR', 2580, 1.5],
  ['SOL', 'EUR', 129, 0.8],
  ['ETH', 'BTC', 0.0333, 1],
];

const USD_PER_QUOTE: Readonly<Record<string, number>> = { USD: 1, EUR: 1.16, BTC: 90_000 };

const FIAT_NAMES: Readonly<Record<string, string>> = { USD: 'United States Dollar', EUR: 'Euro' };

/** Largest power of ten not above `value`, as a decimal string: Coinbase sends increments that way. */
function powerOfTenAtMost(value: number, min: number, max: number): string {
  const exponent = Math.min(Math.log10(max), Math.max(Math.log10(min), Math.floor(Math.log10(value) + 1e-9)));
  return exponent >= 0 ? String(10 ** exponent) : (10 ** exponent).toFixed(-exponent);
}

function makeProduct(
  base: string,
  quote: string,
  name: string,
  price: number,
  tier: LiquidityTier,
  overrides: Partial<
    Pick<SimProduct, 'status' | 'tradingDisabled' | 'fxStablecoin' | 'tradesPerSecond'>
  > = {},
): SimProduct {
  const profile = TIERS[tier];
  const status = overrides.status ?? 'online';
  const tradingDisabled = overrides.tradingDisabled ?? false;
  const canTrade = status === 'online' && !tradingDisabled;
  const usdPerQuote = USD_PER_QUOTE[quote] ?? 1;
  return {
    id: `${base}-${quote}`,
    base,
    quote,
    name,
    status,
    tradingDisabled,
    fxStablecoin: overrides.fxStablecoin ?? false,
    stablecoin: tier === 'stable',
    tier,
    // Ticks of about 1e-4 of the price (1e-5 for pegged coins) and lots worth about a tenth of a cent.
    quoteIncrement: powerOfTenAtMost(price * (tier === 'stable' ? 1e-5 : 1e-4), 1e-10, 0.01),
    baseIncrement: powerOfTenAtMost(0.001 / (price * usdPerQuote), 1e-8, 1),
    minMarketFunds: quote === 'BTC' ? '0.00001' : '1',
    referencePrice: price,
    tradesPerSecond: canTrade ? (overrides.tradesPerSecond ?? profile.tradesPerSecond) : 0,
    medianNotional: profile.medianNotional,
    usdPerQuote,
    dailyVolatility: profile.dailyVolatility,
  };
}

/** Every product of the simulated exchange, in a stable order. */
export function buildCatalog(): readonly SimProduct[] {
  const products: SimProduct[] = [];
  for (const [base, name, price, tier, tradesPerSecond] of USD_ROWS) {
    products.push(
      makeProduct(base, 'USD', name, price, tier, tradesPerSecond === undefined ? {} : { tradesPerSecond }),
    );
  }
  for (const [base, name, price, fxStablecoin, tradesPerSecond] of STABLE_ROWS) {
    products.push(makeProduct(base, 'USD', name, price, 'stable', { fxStablecoin, tradesPerSecond }));
  }
  for (const [base, name, price, state] of OFFLINE_ROWS) {
    products.push(
      makeProduct(
        base,
        'USD',
        name,
        price,
        'small',
        state === 'delisted' ? { status: 'delisted' } : { tradingDisabled: true },
      ),
    );
  }
  const names = new Map(products.map((product) => [product.base, product.name]));
  for (const [base, quote, price, tradesPerSecond] of CROSS_ROWS) {
    products.push(makeProduct(base, quote, names.get(base) ?? base, price, 'large', { tradesPerSecond }));
  }
  return Object.freeze(products.map((product) => Object.freeze(product)));
}

/** A currency as `/currencies` lists it. */
export interface SimCurrency {
  readonly id: string;
  readonly name: string;
  readonly type: 'crypto' | 'fiat';
}

/** Every currency that appears in a product, crypto first, in catalog order. */
export function listCurrencies(products: readonly SimProduct[]): readonly SimCurrency[] {
  const currencies = new Map<string, SimCurrency>();
  for (const product of products) {
    if (!currencies.has(product.base)) {
      currencies.set(product.base, { id: product.base, name: product.name, type: 'crypto' });
    }
  }
  for (const product of products) {
    const fiatName = FIAT_NAMES[product.quote];
    if (fiatName !== undefined && !currencies.has(product.quote)) {
      currencies.set(product.quote, { id: product.quote, name: fiatName, type: 'fiat' });
    }
  }
  return [...currencies.values()];
}
