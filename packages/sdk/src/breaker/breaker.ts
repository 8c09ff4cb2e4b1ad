import type { Clock } from '../platform/platform.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  state: BreakerState;
  /** Consecutive failed calls; any success resets it. */
  failures: number;
  /** While open: epoch ms when it turns half-open. */
  retryAt: number | undefined;
}

export interface BreakerSettings {
  threshold: number;
  cooldown: number;
  clock: Clock;
  onChange?: (snapshot: BreakerSnapshot) => void;
}

export interface Breaker {
  snapshot(): BreakerSnapshot;
  /** May a request go out now? In half-open this takes the single probe slot. */
  acquire(): boolean;
  /** Would `acquire()` succeed, without taking the probe slot. */
  canRequest(): boolean;
  success(): void;
  failure(): void;
  /** An outcome that says nothing about the server (aborted, 4xx): frees the probe slot. */
  release(): void;
  /** Skip the rest of the cooldown (a user pressed retry). */
  probeNow(): void;
  dispose(): void;
}

/**
 * Consecutive-failure breaker. Half-open comes eagerly from a timer at the end of the cooldown, so a UI that
 * watches the state sees it without making a call.
 */
export const createBreaker = ({ threshold, cooldown, clock, onChange }: BreakerSettings): Breaker => {
  let state: BreakerState = 'closed';
  let failures = 0;
  let retryAt: number | undefined;
  let probing = false;
  let timer: unknown;

  const snapshot = (): BreakerSnapshot => ({ state, failures, retryAt });
  const move = (next: BreakerState) => {
    clock.clearTimeout(timer);
    state = next;
    probing = false;
    retryAt = undefined;
    if (next === 'open') {
      retryAt = clock.now() + cooldown;
      timer = clock.setTimeout(() => move('half-open'), cooldown);
    }
    onChange?.(snapshot());
  };

  const canRequest = () => state === 'closed' || (state === 'half-open' && !probing);

  return {
    snapshot,
    canRequest,
    acquire() {
      const allowed = canRequest();
      if (allowed && state === 'half-open') probing = true;
      return allowed;
    },
    success() {
      if (state !== 'closed' || failures) {
        failures = 0;
        move('closed');
      }
    },
    failure() {
      failures++;
      if (state === 'half-open' || (state === 'closed' && failures >= threshold)) move('open');
      else onChange?.(snapshot());
    },
    release() {
      probing = false;
    },
    probeNow() {
      if (state === 'open') move('half-open');
    },
    dispose: () => clock.clearTimeout(timer),
  };
};
