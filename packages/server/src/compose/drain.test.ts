import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../test-support/wait.js';
import { drainable } from './drain.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A real node:http server whose `/slow` answers only when the test says so. */
async function start() {
  const pending: Array<() => void> = [];
  const server = createServer((req, res) => {
    const answer = () => res.end(`answered ${req.url}`);
    if (req.url === '/slow') pending.push(answer);
    else answer();
  });
  servers.push(server);
  const drain = drainable(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const answerSlow = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { server, drain, port, answerSlow };
}

/** A raw connection that records what it receives and whether it was closed or reset. */
function client(port: number, request?: string) {
  const socket: Socket = connect(port, '127.0.0.1');
  const state = { text: '', closed: false, reset: false };
  socket.on('data', (chunk) => (state.text += chunk.toString()));
  socket.on('error', () => (state.reset = true));
  socket.on('close', () => (state.closed = true));
  if (request !== undefined) socket.write(request);
  return { socket, state };
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`;
const responses = (text: string) => text.split(/(?=HTTP\/1\.1 )/).filter((part) => part.length > 0);

describe('drainable', () => {
  it('closes silent and half-sent sockets at once, answers the busy and idle ones with Connection: close', async () => {
    const { drain, port, answerSlow } = await start();
    const silent = Array.from({ length: 5 }, () => client(port));
    const halfSent = Array.from({ length: 5 }, () => client(port, 'GET / HTTP/1.1\r\nHo'));
    const busy = client(port, get('/slow'));
    const idle = client(port, get('/first'));
    await eventually(() => idle.state.text.includes('answered /first'), 'the idle connection served once');
    const sockets = [...silent, ...halfSent];
    await eventually(() => sockets.every(({ socket }) => socket.readyState === 'open'), 'all connected');

    // A grace far longer than the test: the idle connection is closed by its own request, not by the clock.
    const drained = drain(60_000);
    await eventually(() => sockets.every(({ state }) => state.closed), 'silent and half-sent sockets closed');
    expect(sockets.every(({ state }) => state.text === '')).toBe(true);

    idle.socket.write(get('/second'));
    await eventually(() => idle.state.closed, 'the idle connection closed after its second answer');
    const [, second] = responses(idle.state.text);
    expect(second).toMatch(/^HTTP\/1\.1 200 /);
    expect(second?.toLowerCase()).toContain('connection: close');
    expect(second).toContain('answered /second');

    answerSlow();
    await eventually(() => busy.state.closed, 'the busy connection closed after its answer');
    expect(busy.state.text.toLowerCase()).toContain('connection: close');
    expect(busy.state.text).toContain('answered /slow');
    await drained;
    expect([idle, busy].some(({ state }) => state.reset)).toBe(false);
  });

  it('closes idle keep-alive connections once the grace has passed', async () => {
    const { drain, port } = await start();
    const idle = client(port, get('/first'));
    await eventually(() => idle.state.text.includes('answered /first'), 'the first answer');
    await drain(0);
    await eventually(() => idle.state.closed, 'the idle connection closed');
  });

  it('stops listening at once', async () => {
    const { drain, port, server } = await start();
    const idle = client(port, get('/first'));
    await eventually(() => idle.state.text.includes('answered /first'), 'the first answer');
    const drained = drain(60_000);
    expect(server.listening).toBe(false);
    const refused = client(port);
    await eventually(() => refused.state.reset, 'a new connection refused');
    idle.socket.end();
    await drained;
  });
});
