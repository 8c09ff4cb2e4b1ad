import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@cbmo4ers/contract';

/**
 * Socket-level protections no middleware can give: timeouts against slow clients (SSE responses disable their
 * own socket timeout), connections closed after any request that carries a body, and a JSON answer, instead of
 * Node's bare one, for requests that never reach the app (oversized headers or URL, malformed HTTP, HTTP/1.1
 * without Host). Call it on a server whose request listener is attached (`createServer(app)`): the checks run
 * before that listener, which a request that fails them never reaches.
 */
export function hardenServer(server: Server): Server {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 60_000;
  server.maxHeadersCount = 100;
  // Node's own Host check (read on every request) answers with an empty body; the listener below answers
  // the same requests with the JSON 400.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  // The response being written on each socket, so that a parse error in its request's body is not answered
  // a second time (below).
  const answering = new WeakMap<Socket, ServerResponse>();
  const app = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    answering.set(req.socket, res);
    // The API is read-only and reads no request body. After answering (405, 404, 429...), Node would keep the
    // connection for the next request and drain the announced body first, or wait for it until
    // requestTimeout: a 10 MB Content-Length that never comes would hold the socket for 30 s. Closing it
    // right after the answer frees it at once.
    if (announcesBody(req)) res.setHeader('connection', 'close');
    // HTTP/1.1 requires Host (RFC 9112 §3.2); HTTP/1.0 does not.
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      const body = errorBody('Missing Host header');
      res.writeHead(400, {
        'content-type': JSON_TYPE,
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      res.end(body);
      return;
    }
    for (const listener of app) listener.call(server, req, res);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Malformed bytes in the body of a request the app answers without reading it (a 405, say, often sent
    // before the body arrives): that answer is the only one, and it closes the connection (Connection: close
    // above). A second, raw 400 would be read by the client as the answer to a request it never sent.
    const res = answering.get(socket as Socket);
    const inRequestBody = res !== undefined && !res.req.complete;
    if (inRequestBody && !res.writableFinished) return;
    if (inRequestBody || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rawError(error.code));
  });
  return server;
}

/** The whole answer, as bytes for the socket, to a request Node refused before the app saw it. */
function rawError(code: string | undefined): string {
  const tooLarge = code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge
    ? '431 Request Header Fields Too Large'
    : code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? '408 Request Timeout'
      : '400 Bad Request';
  const body = errorBody(tooLarge ? 'Request headers or URL too large' : 'Malformed or incomplete request');
  return `HTTP/1.1 ${status}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function errorBody(message: string): string {
  const body: ErrorBody = { error: { code: 'bad_request', message } };
  return JSON.stringify(body);
}

function announcesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}
