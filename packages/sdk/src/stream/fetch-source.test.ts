import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gainers } from '../test-support/fixtures.js';
import { type SseServer, startSseServer } from '../test-support/sse-server.js';
import { fetchEventSource } from './fetch-source.js';
import type { EventSourceLike } from './stream.js';

let server: SseServer;
beforeEach(async () => {
  server = await startSseServer();
});
afterEach(() => server.close());

/** The next event of `type` on `source`. */
const next = (source: EventSourceLike, type: string) =>
  new Promise<MessageEvent>((resolve) => source.addEventListener(type, resolve));

describe('fetchEventSource', () => {
  it('opens on an event stream and hands over each event with its type, data and id', async () => {
    const Source = fetchEventSource();
    const source = new Source(`${server.baseUrl}/api/stream?topics=gainers-table`);
    const opened = next(source, 'open');
    const connection = await server.nextConnection();
    await opened;
    expect(connection.url).toBe('/api/stream?topics=gainers-table');
    expect(connection.headers).toMatchObject({ accept: 'text/event-stream', 'cache-control': 'no-cache' });
    expect(connection.headers['last-event-id']).toBeUndefined();

    const named = next(source, 'gainers-table');
    connection.send('gainers-table', gainers(), '1796438036274');
    const event = await named;
    expect(JSON.parse(event.data)).toEqual(gainers());
    expect(event.lastEventId).toBe('1796438036274');
    const unnamed = next(source, 'message');
    connection.send('message', { plain: true });
    expect(JSON.parse((await unnamed).data)).toEqual({ plain: true });
    source.close();
  });

  it('fails when the stream ends; the next instance of the class sends the last event id back', async () => {
    const Source = fetchEventSource();
    const first = new Source(`${server.baseUrl}/api/stream`);
    const connection = await server.nextConnection();
    const event = next(first, 'health');
    connection.send('health', { status: 'healthy' }, '42');
    await event;
    const failed = next(first, 'error');
    connection.end();
    await failed;

    const second = new Source(`${server.baseUrl}/api/stream?limit=30`);
    const reconnection = await server.nextConnection();
    expect(reconnection.headers['last-event-id']).toBe('42');
    second.close();
    // Another class (another client) starts from scratch.
    const other = new (fetchEventSource())(`${server.baseUrl}/api/stream`);
    expect((await server.nextConnection()).headers['last-event-id']).toBeUndefined();
    other.close();
  });

  it.each([
    [503, 'application/json'],
    [200, 'application/json'],
    [200, 'text/plain'],
  ])('a %i %s answer is an error, and never opens', async (status, type) => {
    server.refuseStreams(status, type);
    const source = new (fetchEventSource())(`${server.baseUrl}/api/stream`);
    const opened = vi.fn();
    source.addEventListener('open', opened);
    await next(source, 'error');
    expect(opened).not.toHaveBeenCalled();
    await server.nextRefusal();
  });

  it('a server that cannot be reached is an error', async () => {
    const gone = await startSseServer();
    await gone.close();
    const source = new (fetchEventSource())(`${gone.baseUrl}/api/stream`);
    await expect(next(source, 'error')).resolves.toBeDefined();
  });

  it('close() aborts the request: the server sees the connection go, and no event follows', async () => {
    const source = new (fetchEventSource())(`${server.baseUrl}/api/stream`);
    const heard = vi.fn();
    for (const type of ['open', 'error', 'health']) source.addEventListener(type, heard);
    const connection = await server.nextConnection();
    source.close();
    connection.send('health', { status: 'healthy' });
    await connection.closed;
    expect(heard).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'error' }));
    expect(heard).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'health' }));
  });

  it('reads through the fetch it is given', async () => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const source = new (fetchEventSource(fetchSpy))(`${server.baseUrl}/api/stream`);
    await server.nextConnection();
    expect(fetchSpy).toHaveBeenCalledOnce();
    source.close();
  });
});
