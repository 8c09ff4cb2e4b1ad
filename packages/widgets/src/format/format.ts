/** Locale-aware formatting of prices, percentages, volumes and ages, with cached Intl formatters. */

// Creating an Intl formatter costs far more than using one (about 1 ms for a date format), and status bars and
// stale badges format on every tick: each formatter is made once per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

const cached = <T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  create: () => T,
  fallback: () => T,
): T => {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    try {
      formatter = create();
    } catch {
      // A bad locale or currency from an attribute or the wire must not break the widget.
      formatter = fallback();
    }
    formatters.set(key, formatter);
  }
  return formatter;
};

const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(
    `n|${locale}|${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
    () => new Intl.NumberFormat(undefined, { ...options, style: 'decimal' }),
  );

/** The quote currency of a product id such as `SOL-USD`; USD when it is not an ISO 4217 code. */
export const quoteCurrency = (symbol: string): string => {
  const quote = symbol.split('-')[1] ?? '';
  return /^[A-Z]{3}$/.test(quote) ? quote : 'USD';
};

/** Price in its quote currency: 2 decimals from 1 up, up to 4 below it, 4 significant digits under 0.01. */
export const formatPrice = (value: number, locale: string | undefined, currency = 'USD'): string => {
  const size = Math.abs(value);
  const digits: Intl.NumberFormatOptions =
    size >= 1 || size === 0
      ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
      : size >= 0.01
        ? { minimumFractionDigits: 2, maximumFractionDigits: 4 }
        : { minimumSignificantDigits: 2, maximumSignificantDigits: 4 };
  return numberFormat(locale, { style: 'currency', currency, ...digits }).format(value);
};

/**
 * A percentage given in percent units (`0.84` → `+0.84%`), always signed. Two decimals, or one significant
 * digit when that is more precise (`-0.004` → `-0.004%`): a change that is not zero never reads as zero.
 */
export const formatChange = (percent: number, locale: string | undefined): string =>
  numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    maximumSignificantDigits: 1,
    roundingPriority: 'morePrecision',
  }).format(percent / 100);

/** A compact amount of money (`$12.3M`). */
export const formatVolume = (value: number, locale: string | undefined, currency = 'USD'): string =>
  numberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );

/** Direction of a change, for the arrow and the colour (the sign in the text says the same). */
export const direction = (percent: number): 'up' | 'down' | 'flat' =>
  percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat';

export const arrows = { up: '▲', down: '▼', flat: '■' } as const;

/** How long ago, `12 sec. ago` / `vor 12 Sek.`. */
export const formatAge = (ms: number, locale: string | undefined): string => {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds < 60
      ? [seconds, 'second']
      : seconds < 3600
        ? [Math.floor(seconds / 60), 'minute']
        : [Math.floor(seconds / 3600), 'hour'];
  return cached(
    `r|${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { style: 'short' }),
    () => new Intl.RelativeTimeFormat(undefined, { style: 'short' }),
  ).format(-value, unit);
};

/** Clock time of an instant, `18:01:05`. */
export const formatTime = (epochMs: number, locale: string | undefined): string =>
  cached(
    `t|${locale}`,
    () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }),
    () => new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }),
  ).format(epochMs);
