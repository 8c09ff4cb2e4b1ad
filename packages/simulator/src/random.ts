/**
 * Seedable randomness for the simulator. Math.random cannot be seeded, and the simulator must replay the same
 * market for the same seed, so every random draw goes through one of these streams.
 */

const TWO_POW_32 = 4_294_967_296;

/** mulberry32: 32 bits of state, fast, and statistically good enough for a fake market. */
export class Random {
  // TypeScript-private rather than #private: transpilers that lower #fields to WeakMaps make this hot path
  // several times slower.
  private state: number;
  // Box-Muller yields normals in pairs; keeping the spare halves the cost of the hot path.
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    // 1 - next() is in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Waiting time of a Poisson process with the given rate (events per unit). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson count; the normal approximation above 30 keeps long history generation cheap. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }
}

/** murmur3's finalizer: spreads every input bit over the whole word. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seed for an independent stream named by `label`, so adding a product or a draw in one stream does not shift
 * every other stream (FNV-1a over the label, mixed with the seed).
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ mix32(seed);
  for (let index = 0; index < label.length; index += 1) {
    hash = Math.imul(hash ^ label.charCodeAt(index), 0x01000193);
  }
  return mix32(hash);
}

/**
 * A UUID-shaped id computed from its inputs rather than drawn, so order ids cost no draws from the price stream
 * and are the same on every replay.
 */
export function hashUuid(salt: number, id: number, role: number): string {
  const low = id >>> 0;
  const high = Math.floor(id / TWO_POW_32) >>> 0;
  let word = mix32(salt ^ mix32(low ^ mix32(high + role * 0x9e3779b9)));
  const words: number[] = [];
  for (let index = 0; index < 4; index += 1) {
    word = mix32(word + 0x9e3779b9 + index);
    words.push(word);
  }
  const hex = words.map((part) => part.toString(16).padStart(8, '0')).join('');
  // Version 4 and RFC 4122 variant nibbles, like the ids Coinbase sends.
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
