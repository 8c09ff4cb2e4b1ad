/**
 * Fault knobs: tests (and chaos demos) use them to make the simulated exchange misbehave the ways the real one
 * does (rate limits, 5xx, slow or broken responses, dropped, stalled or refused feed connections, missed
 * trades) and check that the adapter copes. The servers consult FaultState on every request and message.
 */

/** Misbehaviour to inject, usable while the simulator runs. */
export interface SimulatorFaults {
  /** Terminates every feed connection now, without a close handshake (what a network drop looks like). */
  dropWebSocket(): void;
  /** While stalled, feed sockets stay open but receive nothing at all, heartbeats included. */
  stallWebSocket(stalled: boolean): void;
  /** The next `count` trades of `productId` are not sent, so its trade ids and sequences jump. */
  skipTrades(productId: string, count: number): void;
  readonly rest: {
    /** The next `count` matching requests get 429 with `Retry-After` and Coinbase's rate-limit body. */
    respond429(count: number, retryAfterSeconds?: number, pathIncludes?: string): void;
    /** The next `count` matching requests get `status` (default 503). */
    respond5xx(count: number, status?: number, pathIncludes?: string): void;
    /** The next `count` requests (every request when omitted) are answered `ms` later. */
    delay(ms: number, count?: number): void;
    /** The next `count` matching successful responses are 200 with the JSON cut in half. */
    malformedJson(count: number, pathIncludes?: string): void;
    /** Clears every REST fault. */
    reset(): void;
  };
  /** The next `count` WebSocket upgrade attempts are refused with HTTP 503. */
  rejectWebSocket(count: number): void;
}

/** Kinds of REST fault that replace (or break) a response. */
export type RestFaultKind = 'rate-limit' | 'server-error' | 'malformed-json';

export interface RestFaultRule {
  readonly kind: RestFaultKind;
  remaining: number;
  readonly status: number;
  readonly retryAfterSeconds: number;
  readonly pathIncludes: string | undefined;
}

/** Current faults; mutable on purpose, it is the switchboard the servers read. */
export class FaultState {
  readonly restRules: RestFaultRule[] = [];
  restDelay: { ms: number; remaining: number } | undefined;
  feedStalled = false;
  upgradeRejections = 0;
  readonly skippedTrades = new Map<string, number>();

  /** Consumes one use of the oldest rule of `kind` that matches `path`. */
  takeRestRule(kind: RestFaultKind, path: string): RestFaultRule | undefined {
    const rule = this.restRules.find(
      (candidate) =>
        candidate.kind === kind &&
        candidate.remaining > 0 &&
        (candidate.pathIncludes === undefined || path.includes(candidate.pathIncludes)),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.restRules.splice(this.restRules.indexOf(rule), 1);
    return rule;
  }

  /** Milliseconds to hold the next response, consuming one use of the delay. */
  takeRestDelay(): number {
    const delay = this.restDelay;
    if (delay === undefined) return 0;
    delay.remaining -= 1;
    if (delay.remaining <= 0) this.restDelay = undefined;
    return delay.ms;
  }

  takeUpgradeRejection(): boolean {
    if (this.upgradeRejections <= 0) return false;
    this.upgradeRejections -= 1;
    return true;
  }

  /** Whether this trade of `productId` is to be withheld from the feed. */
  takeSkippedTrade(productId: string): boolean {
    const remaining = this.skippedTrades.get(productId);
    if (remaining === undefined) return false;
    if (remaining <= 1) this.skippedTrades.delete(productId);
    else this.skippedTrades.set(productId, remaining - 1);
    return true;
  }
}

function requireCount(method: string, count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`faults.${method}: count must be a non-negative integer, got ${count}`);
  }
}

/** The public knobs over `state`; `dropAll` terminates the feed's sockets. */
export function createFaults(
  state: FaultState,
  dropAll: () => void,
  hasProduct: (id: string) => boolean,
): SimulatorFaults {
  const addRule = (rule: RestFaultRule): void => {
    if (rule.remaining > 0) state.restRules.push(rule);
  };
  return {
    dropWebSocket: dropAll,
    stallWebSocket(stalled) {
      state.feedStalled = stalled;
    },
    skipTrades(productId, count) {
      requireCount('skipTrades', count);
      if (!hasProduct(productId)) throw new RangeError(`faults.skipTrades: unknown product ${productId}`);
      if (count === 0) return;
      state.skippedTrades.set(productId, (state.skippedTrades.get(productId) ?? 0) + count);
    },
    rest: {
      respond429(count, retryAfterSeconds = 1, pathIncludes) {
        requireCount('rest.respond429', count);
        addRule({ kind: 'rate-limit', remaining: count, status: 429, retryAfterSeconds, pathIncludes });
      },
      respond5xx(count, status = 503, pathIncludes) {
        requireCount('rest.respond5xx', count);
        if (!Number.isInteger(status) || status < 500 || status > 599) {
          throw new RangeError(`faults.rest.respond5xx: status must be 500-599, got ${status}`);
        }
        addRule({ kind: 'server-error', remaining: count, status, retryAfterSeconds: 0, pathIncludes });
      },
      delay(ms, count) {
        if (!Number.isFinite(ms) || ms < 0)
          throw new RangeError(`faults.rest.delay: ms must be >= 0, got ${ms}`);
        if (count !== undefined) requireCount('rest.delay', count);
        const remaining = count ?? Number.POSITIVE_INFINITY;
        state.restDelay = remaining > 0 && ms > 0 ? { ms, remaining } : undefined;
      },
      malformedJson(count, pathIncludes) {
        requireCount('rest.malformedJson', count);
        addRule({
          kind: 'malformed-json',
          remaining: count,
          status: 200,
          retryAfterSeconds: 0,
          pathIncludes,
        });
      },
      reset() {
        state.restRules.length = 0;
        state.restDelay = undefined;
      },
    },
    rejectWebSocket(count) {
      requireCount('rejectWebSocket', count);
      state.upgradeRejections += count;
    },
  };
}
