// One SSE client of the server's /api/stream, as the stream pool and the soak benchmark open many of them.
import { request as httpRequest } from 'node:http';

/**
 * One SSE client. Parses events, and checks per client that `as_of` (the event id) never decreases.
 * `onEvent(topic, data, client)` receives each parsed event. Resolves once the response headers arrive.
 */
export function openStream(url, { topics, localAddress, agent, onEvent, label } = {}) {
  const client = {
    label,
    status: undefined,
    events: 0,
    lastAsOf: 0,
    backwards: [],
    errors: [],
    ended: false,
    lastEventAt: undefined,
    request: undefined,
    close() {
      client.closing = true;
      client.request?.destroy();
    },
  };
  const query = topics ? `?topics=${topics}` : '';
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/api/stream${query}`,
      { agent: agent ?? false, ...(localAddress ? { localAddress } : {}) },
      (res) => {
        client.status = res.statusCode;
        if (res.statusCode !== 200) {
          res.resume();
          resolve(client);
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            const id = /^id: (\d+)$/m.exec(block)?.[1];
            if (!id) continue;
            const asOf = Number(id);
            const topic = /^event: (.+)$/m.exec(block)?.[1];
            client.events += 1;
            client.lastEventAt = Date.now();
            // Different topics of one snapshot share the id; only a smaller id is data going backwards.
            if (asOf < client.lastAsOf) client.backwards.push({ from: client.lastAsOf, to: asOf, topic });
            client.lastAsOf = Math.max(client.lastAsOf, asOf);
            onEvent?.(topic, block, client, asOf);
          }
        });
        res.on('end', () => {
          client.ended = true;
        });
        res.on('error', (error) => {
          if (!client.closing) client.errors.push(error.code ?? error.message);
        });
        resolve(client);
      },
    );
    client.request = req;
    req.on('error', (error) => {
      if (!client.closing) client.errors.push(error.code ?? error.message);
      resolve(client);
    });
    req.end();
  });
}
