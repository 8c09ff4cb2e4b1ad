import type { RequestListener } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hardenServer } from '../http/harden.js';

/** Listens on 127.0.0.1 port 0 and returns the base URL. */
export async function listen(
  handler: RequestListener,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = hardenServer(createServer(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SseEvent {
  event: string | undefined;
  id: string | undefined;
  data: string;
  retry: number | undefined;
  comment: string | undefined;
}

/**
 * Opens an SSE stream with fetch and collects parsed blocks until `done(events)` says so (or the timeout
 * passes, which fails). Comments (`: ping`) and `retry:` lines come back as blocks too.
 */
export async function collectSse(
  url: string,
  done: (events: SseEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`SSE condition not met within ${timeoutMs} ms`)),
    timeoutMs,
  );
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        events.push(parseBlock(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
      if (done(events)) break;
    }
    return events;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function parseBlock(block: string): SseEvent {
  const event: SseEvent = { event: undefined, id: undefined, data: '', retry: undefined, comment: undefined };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('id: ')) event.id = line.slice(4);
    else if (line.startsWith('data: ')) event.data += line.slice(6);
    else if (line.startsWith('retry: ')) event.retry = Number(line.slice(7));
  }
  return event;
}

/** A parsed JSON response body in tests: its shape is what the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not by the type system
export type JsonBody = any;
