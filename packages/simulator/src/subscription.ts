/**
 * Parses a feed client's subscribe/unsubscribe message the way Coinbase reads it: channels as names (using the
 * top-level `product_ids`) or as `{ name, product_ids }` objects, and an error message for anything else.
 */
export type FeedChannel = 'ticker' | 'matches' | 'heartbeat';
export const FEED_CHANNELS: readonly FeedChannel[] = ['ticker', 'matches', 'heartbeat'];

const CHANNELS: ReadonlySet<string> = new Set(FEED_CHANNELS);

export type ParsedSubscription =
  | {
      readonly ok: true;
      readonly type: 'subscribe' | 'unsubscribe';
      /** Channel → product ids; an empty list in an unsubscribe means the whole channel. */
      readonly channels: ReadonlyMap<FeedChannel, readonly string[]>;
    }
  | { readonly ok: false; readonly message: string; readonly reason: string };

function failure(message: string, reason: string): ParsedSubscription {
  return { ok: false, message, reason };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseSubscription(
  text: string | undefined,
  isProduct: (id: string) => boolean,
): ParsedSubscription {
  let message: unknown;
  try {
    message = text === undefined ? undefined : JSON.parse(text);
  } catch {
    message = undefined;
  }
  if (!isRecord(message)) return failure('Malformed JSON', 'messages must be JSON objects sent as text');
  const { type } = message;
  if (type !== 'subscribe' && type !== 'unsubscribe') {
    return failure('Failed to subscribe', 'type has to be either subscribe or unsubscribe');
  }
  const verb = type === 'subscribe' ? 'Failed to subscribe' : 'Failed to unsubscribe';
  const topLevel = message.product_ids ?? [];
  if (!isStringArray(topLevel)) return failure(verb, 'product_ids must be an array of strings');
  // Unsubscribing by products alone leaves those products on every channel.
  const requested = message.channels ?? (type === 'unsubscribe' ? [...CHANNELS] : undefined);
  if (!Array.isArray(requested) || requested.length === 0) {
    return failure(verb, 'channels must be a non-empty array of channel names or objects');
  }
  const channels = new Map<FeedChannel, string[]>();
  for (const entry of requested) {
    const name = typeof entry === 'string' ? entry : isRecord(entry) ? entry.name : undefined;
    if (typeof name !== 'string')
      return failure(verb, 'each channel must be a name or { name, product_ids }');
    if (!CHANNELS.has(name)) return failure(verb, `${name} is not a valid channel`);
    const own = isRecord(entry) ? (entry.product_ids ?? topLevel) : topLevel;
    if (!isStringArray(own))
      return failure(verb, `product_ids of channel ${name} must be an array of strings`);
    const unknown = own.find((productId) => !isProduct(productId));
    if (unknown !== undefined) return failure(verb, `${unknown} is not a valid product`);
    if (own.length === 0 && type === 'subscribe')
      return failure(verb, `no product ids given for channel ${name}`);
    const channel = name as FeedChannel;
    const merged = channels.get(channel) ?? [];
    for (const productId of own) if (!merged.includes(productId)) merged.push(productId);
    channels.set(channel, merged);
  }
  return { ok: true, type, channels };
}
