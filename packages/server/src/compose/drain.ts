import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

interface Connection {
  /** Responses not finished yet. */
  readonly open: Set<ServerResponse>;
  /** Whether any request arrived on it: a connection that never sent one has no client waiting on it. */
  served: boolean;
}

/**
 * Stops listening and closes every connection without cutting a request: silent or half-sent ones at once,
 * busy ones once their responses (sent with `Connection: close`) are done, idle keep-alive ones after
 * `idleGraceMs`, answering what they send meanwhile with `Connection: close`. Resolves when none is left.
 */
export type Drain = (idleGraceMs: number) => Promise<void>;

/**
 * Follows each connection's requests from now on, so that a shutdown can tell connections a client is using
 * from silent ones. Node's `server.close()` closes idle keep-alive connections at once, which races a client
 * that is sending its next request on one (it gets ECONNRESET); this closes them only after a grace period.
 */
export function drainable(server: Server): Drain {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { open: new Set(), served: false });
    socket.once('close', () => connections.delete(socket));
  });
  server.prependListener('request', (req, res) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.served = true;
    connection.open.add(res);
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => connection.open.delete(res));
  });

  return (idleGraceMs) => {
    draining = true;
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    for (const [socket, connection] of connections) {
      if (!connection.served) socket.destroy();
      for (const res of connection.open) if (!res.headersSent) res.setHeader('connection', 'close');
    }
    const grace = setTimeout(() => {
      for (const [socket, connection] of connections) if (connection.open.size === 0) socket.destroy();
    }, idleGraceMs);
    return closed.finally(() => clearTimeout(grace));
  };
}
