#!/usr/bin/env node
// Serves demo/ and dist/ with a strict CSP and a mocked API (the fixtures of the tests), for screenshots and
// for trying the one-file bundle by hand: `node scripts/demo-server.mjs [port]`.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'";
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

const loadFixtures = async () => {
  const { outputFiles } = await build({
    entryPoints: [join(root, 'src/test-support/data.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    external: ['@cbmo4ers/sdk'],
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
};

export const startDemoServer = async (port = 0) => {
  const data = await loadFixtures();
  const api = {
    '/api/component/gainers-table': () => data.gainers(),
    '/api/component/losers-table': () => data.losers(),
    '/api/component/top-banner-scroll': () => data.topBanner(),
    '/api/component/bottom-banner-scroll': () => data.bottomBanner(),
    '/api/health': () => data.health(),
  };
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://demo').pathname;
    response.setHeader('Content-Security-Policy', CSP);
    if (path === '/favicon.ico') {
      response.writeHead(204);
      return response.end();
    }
    if (api[path]) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      return response.end(JSON.stringify(api[path]()));
    }
    const file = normalize(join(root, path === '/' ? 'demo/index.html' : path));
    if (!file.startsWith(join(root, 'demo')) && !file.startsWith(join(root, 'dist'))) {
      response.writeHead(404);
      return response.end();
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
};

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startDemoServer(Number(process.argv[2] ?? 8787));
  console.log(`demo on ${url}`);
}
