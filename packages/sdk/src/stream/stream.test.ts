import { afterEach, describe, expect, it, vi } from 'vitest';
import { isContractError } from '../errors/errors.js';
import { systemClock } from '../platform/platform.js';
import { FakeEventSource } from '../test-support/fakes.js';
import { BASE, gainers } from '../test-support/fixtures.js';
import { fakeTime } from '../test-support/server.js';
import {
  type ConnectionEvent,
  createStream,
  nextState,
  type StreamState,
  storesAwaitStream,
} from './stream.js';

const ALL_TOPICS = 'topics=gainers-table,losers-table,top-banner-scroll,bottom-banner-scroll,health';

/** A stream on a FakeEventSource, its listener's calls recorded, and every state it went through. */
const setup = (rows = () => 0) => {
  fakeTime();
  vi.spyOn(Math, 'random').mockReturnValue(0);
  FakeEventSource.instances = [];
  const stream = createStream({ baseUrl: BASE, rows, EventSource: FakeEventSource, clock: systemClock });
  const listener = { opened: vi.fn(), message: vi.fn(), invalid: vi.fn() };
  stream.listen(listener);
  const states: StreamState[] = [stream.$state.get()];
  stream.$state.listen((state) => states.push(state));
  return { stream, listener, states };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('stream state', () => {
  it('goes by what last happened to the connection; off never changes', () => {
    const events: ConnectionEvent[] = ['opened', 'errored', 'stopped'];
    const table = (['connecting', 'open', 'failed', 'off'] as const).map((state) => [
      state,
      events.map((event) => nextState(state, event)),
    ]);
    expect(table).toEqual([
      ['connecting', ['open', 'failed', 'failed']],
      ['open', ['open', 'failed', 'failed']],
      ['failed', ['open', 'failed', 'failed']],
      ['off', ['off', 'off', 'off']],
    ]);
  });

  it('the stores wait for the stream only while its first connection is on the way or it is open', () => {
    expect(storesAwaitStream('connecting')).toBe(true);
    expect(storesAwaitStream('open')).toBe(true);
    expect(storesAwaitStream('failed')).toBe(false);
    expect(storesAwaitStream('off')).toBe(false);
  });

  it('without an EventSource it is off, and starting, stopping or retrying it does nothing', () => {
    FakeEventSource.instances = [];
    const stream = createStream({ baseUrl: BASE, rows: () => 0, EventSource: undefined, clock: systemClock });
    stream.start();
    stream.retryNow(true);
    stream.stop();
    expect(stream.$state.get()).toBe('off');
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it('connecting until the first connection opens; failed when it errors, open again when a reconnect opens', async () => {
    const { stream, listener, states } = setup();
    expect(stream.$state.get()).toBe('connecting'); // before it starts: the stores wait from the start
    stream.start();
    expect(FakeEventSource.last.url).toBe(`${BASE}/api/stream?${ALL_TOPICS}`);
    expect(stream.$state.get()).toBe('connecting');
    FakeEventSource.last.emit('open');
    expect(listener.opened).toHaveBeenCalledOnce();

    FakeEventSource.last.emit('error');
    expect(FakeEventSource.last.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000); // the first reconnect, after 1 s
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.last.emit('error'); // a failed reconnect: still failed, next try after 2 s
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances).toHaveLength(3);
    FakeEventSource.last.emit('open');
    expect(states).toEqual(['connecting', 'open', 'failed', 'open']);
    stream.stop();
  });

  it('a reconnection for a new limit keeps it open; the opened event still comes', () => {
    let rows = 0;
    const { stream, listener, states } = setup(() => rows);
    stream.start();
    FakeEventSource.last.emit('open');
    rows = 40;
    stream.retryNow(true);
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
    expect(FakeEventSource.last.url).toBe(`${BASE}/api/stream?${ALL_TOPICS}&limit=40`);
    expect(stream.$state.get()).toBe('open');
    FakeEventSource.last.emit('open');
    expect(listener.opened).toHaveBeenCalledTimes(2);
    expect(states).toEqual(['connecting', 'open']);
    stream.stop();
  });

  it('stopped is failed: a restart does not make the stores wait again, and only opening makes it open', () => {
    const { stream, states } = setup();
    stream.start();
    FakeEventSource.last.emit('open');
    stream.stop();
    expect(FakeEventSource.last.closed).toBe(true);
    expect(stream.$state.get()).toBe('failed');
    stream.start();
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(stream.$state.get()).toBe('failed');
    FakeEventSource.last.emit('open');
    expect(states).toEqual(['connecting', 'open', 'failed', 'open']);
    stream.stop();
  });

  it('a stream stopped before its first connection opened is failed too', () => {
    const { stream, states } = setup();
    stream.start();
    stream.stop();
    expect(states).toEqual(['connecting', 'failed']);
    stream.retryNow(); // not running: no reconnect
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});

describe('stream events', () => {
  it('hands over each topic event parsed and checked, and a bad one as a ContractError', () => {
    const { stream, listener } = setup();
    stream.start();
    FakeEventSource.last.emit('gainers-table', gainers());
    expect(listener.message).toHaveBeenCalledWith('gainers', gainers());
    FakeEventSource.last.emit('losers-table', '{not json');
    FakeEventSource.last.emit('health', { status: 'healthy' });
    expect(listener.invalid).toHaveBeenCalledTimes(2);
    const [topic, error] = listener.invalid.mock.calls[0]!;
    const [, healthError] = listener.invalid.mock.calls[1]!;
    expect(topic).toBe('losers');
    expect(isContractError(error) && error.problem).toBe('event losers-table: body: expected object');
    expect(isContractError(healthError) && healthError.problem).toBe(
      'event health: timestamp: expected string',
    );
    stream.stop();
  });
});
