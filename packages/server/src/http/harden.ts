import type { Server } from 'node:http';

/**
 * Socket-level protections no middleware can give: timeouts against slow clients (SSE responses disable their
 * own socket timeout) and a JSON answer, instead of Node's bare one, for requests that never reach Express
 * (oversized headers or URL, malformed HTTP).
 */
export function hardenServer(server: Server): Server {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.timeout = 60_000;
  server.maxHeadersCount = 100;
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
