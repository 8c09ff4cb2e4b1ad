import type { Options } from 'express-rate-limit';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SharedRateLimitStore } from './shared-rate-limit-store.js';

describe('SharedRateLimitStore', () => {
  it('counts in Redis, per replica in memory while Redis fails, and in Redis again once it answers', async () => {
    let now = 1_000_000;
    let redisUp = true;
    let sharedHits = 0;
    const commands: string[] = [];
    const store = new SharedRateLimitStore({
      logger: pino({ level: 'silent' }),
      clock: () => now,
      sendCommand: async (command, ...args) => {
        if (!redisUp) throw new Error('Stream is not writeable');
        commands.push(command);
        if (command === 'SCRIPT') return `sha-${args[1]?.length}`;
        sharedHits += 1;
        return [sharedHits, 60_000];
      },
    });
    store.init({ windowMs: 60_000 } as Options);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(1);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(2);
    redisUp = false;
    expect((await store.increment('1.2.3.4')).totalHits).toBe(1);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(2);
    redisUp = true;
    // Within a second of the failure Redis is not asked again; after it, the store starts over in Redis.
    expect((await store.increment('1.2.3.4')).totalHits).toBe(3);
    now += 1000;
    expect((await store.increment('1.2.3.4')).totalHits).toBe(3);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(4);
    expect(commands).toContain('EVALSHA');
    store.shutdown();
  });
});
