import type { IncomingMessage, Server } from 'node:http';

/**
 * Socket-level protections no middleware can give: timeouts against slow clients (SSE responses disable their
 * own socket timeout), connections closed after any request that carries a body, and a JSON answer, instead of
 * Node's bare one, for requests that never reach Express (oversized headers or URL, malformed HTTP).
 */
export function hardenServer(server: Server): Server {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 60_000;
  server.maxHeadersCount = 100;
  // The API is read-only and reads no request body. After answering (405, 404, 429...), Node would keep the
  // connection for the next request and drain the announced body first, or wait for it until requestTimeout:
  // a 10 MB Content-Length that never comes would hold the socket for 30 s. Closing it right after the answer
  // frees it at once. Prepended, so it runs before Express can answer.
  server.prependListener('request', (req, res) => {
    if (announcesBody(req)) res.setHeader('connection', 'close');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge
      ? '431 Request Header Fields Too Large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
    const body = JSON.stringify({
      error: {
        code: 'bad_request',
        message: tooLarge ? 'Request headers or URL too large' : 'Malformed or incomplete request',
      },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

function announcesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}
