import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../platform/platform.js';
import { fakeTime } from '../test-support/server.js';
import { type BreakerSnapshot, createBreaker } from './breaker.js';

const setup = () => {
  fakeTime(1_000_000);
  const changes: BreakerSnapshot[] = [];
  const breaker = createBreaker({
    threshold: 3,
    cooldown: 30_000,
    clock: systemClock,
    onChange: (s) => changes.push(s),
  });
  return { breaker, changes };
};

describe('breaker', () => {
  it('opens after `threshold` consecutive failures and fails fast while open', () => {
    const { breaker } = setup();
    breaker.failure();
    breaker.failure();
    expect(breaker.snapshot()).toEqual({ state: 'closed', failures: 2, retryAt: undefined });
    breaker.failure();
    expect(breaker.snapshot()).toEqual({ state: 'open', failures: 3, retryAt: 1_030_000 });
    expect(breaker.acquire()).toBe(false);
    expect(breaker.canRequest()).toBe(false);
    vi.useRealTimers();
  });

  it('any success resets the count', () => {
    const { breaker } = setup();
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.snapshot().state).toBe('closed');
    vi.useRealTimers();
  });

  it('turns half-open eagerly after the cooldown and lets exactly one probe through; success closes', () => {
    const { breaker, changes } = setup();
    for (let i = 0; i < 3; i++) breaker.failure();
    vi.advanceTimersByTime(29_999);
    expect(breaker.snapshot().state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(changes.at(-1)?.state).toBe('half-open'); // observed without any call
    expect(breaker.acquire()).toBe(true);
    expect(breaker.acquire()).toBe(false);
    breaker.success();
    expect(breaker.snapshot()).toEqual({ state: 'closed', failures: 0, retryAt: undefined });
    vi.useRealTimers();
  });

  it('a failed probe opens it again for a full cooldown', () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.failure();
    vi.advanceTimersByTime(30_000);
    expect(breaker.acquire()).toBe(true);
    breaker.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', retryAt: 1_060_000 });
    vi.useRealTimers();
  });

  it('release frees the probe slot; probeNow skips the cooldown', () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i++) breaker.failure();
    breaker.probeNow();
    expect(breaker.snapshot().state).toBe('half-open');
    expect(breaker.acquire()).toBe(true);
    breaker.release();
    expect(breaker.acquire()).toBe(true);
    breaker.dispose();
    vi.useRealTimers();
  });
});
