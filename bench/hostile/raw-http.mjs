// Raw HTTP over a socket, so nothing (fetch, URL parsing) normalizes a hostile request before it is sent.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends `payload` (or `chunks`, `chunkDelayMs` apart) to 127.0.0.1:`port` and resolves with everything read
 * until the server closes or `waitMs` passes: text, parsed status/headers/body, timings and who closed.
 */
export function raw(port, payload, { waitMs = 3000, chunks, chunkDelayMs = 0 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let firstByteMs;
    let errorCode;
    let done = false;
    const finish = (closedBy) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: data, ms: Date.now() - started, firstByteMs, closedBy, ...parse(data) });
    };
    const timer = setTimeout(() => finish('client timeout'), waitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      firstByteMs ??= Date.now() - started;
      data += chunk;
    });
    socket.on('end', () => finish('server'));
    socket.on('close', () => finish(errorCode ? `server (${errorCode} on our side)` : 'server'));
    // A server that answers and closes while we are still sending gives EPIPE/ECONNRESET here: keep what was
    // read and report how it ended once the socket closes.
    socket.on('error', (error) => {
      errorCode = error.code;
    });
    socket.on('connect', async () => {
      if (!chunks) {
        socket.write(payload);
        return;
      }
      for (const chunk of chunks) {
        if (done) return;
        socket.write(chunk);
        await sleep(chunkDelayMs);
      }
    });
  });
}

function parse(text) {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { status: undefined, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}

/** A GET of `target` with extra `headers`, written by hand (Connection: close). */
export const get = (port, target, headers = {}) =>
  raw(
    port,
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}Connection: close\r\n\r\n`,
  );
