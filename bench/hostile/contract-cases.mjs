// Issue 13, items 1, 4, 9 and 10: other spellings of API paths against the rate limit, Vary: Origin, and the
// places where the server and docs/api.md disagreed. Each case records its verdict in `results`.
import { get, raw } from './raw-http.mjs';
import { check, isJsonError } from './verdicts.mjs';

const CANONICAL = '/api/component/gainers-table';
export const SPELLINGS = [
  '/API/STREAM',
  '/Api/Stream',
  '/api/stream/',
  '//api/stream',
  '/api//stream',
  '/api%2Fstream',
  '/api/%73tream',
  '/%61pi/stream',
  '/api/./stream',
  '/api/x/../stream',
  '/api\\stream',
  '/API/component/gainers-table',
  '/api/component/Gainers-Table',
  '/api/component/gainers-table/',
  '/api/component/%67ainers-table',
  '/api/health/../component/gainers-table',
  '/METRICS',
];

const responses = (r) => r.text.split('HTTP/1.1 ').length - 1;
const fromClient = (port, target, client) => get(port, target, { 'X-Forwarded-For': client });

/**
 * Against a server with a small limit (`limit` a minute) that trusts one proxy hop, so that X-Forwarded-For
 * names a fresh client per case: each spelling, first from a client that has used up its allowance on the
 * canonical path (must be 429; `/METRICS`, exempt, the 404), then from a fresh one (must be the JSON 404).
 * A JSON 400 (Node refusing the request line) refuses too.
 */
export async function spellings({ port, results, limit }) {
  let client = 0;
  for (const target of SPELLINGS) {
    const spent = `10.13.0.${++client}`;
    for (let i = 0; i < limit; i += 1) await fromClient(port, CANONICAL, spent);
    const past = await fromClient(port, target, spent);
    check(results, 'spellings', `${target} past the limit`, past, {
      refused: (r) =>
        r.status === 429 ||
        (isJsonError(r) && (r.status === 400 || (r.status === 404 && target === '/METRICS'))),
    }).detail = `status ${past.status}`;
    const fresh = await fromClient(port, target, `10.13.1.${client}`);
    check(results, 'spellings', `${target} from a fresh client`, fresh, {
      refused: (r) => (r.status === 404 || r.status === 400) && isJsonError(r),
    }).detail = `RateLimit-Remaining ${fresh.headers['ratelimit-remaining'] ?? '(not counted)'}`;
  }
}

/** With a list of origins: Vary: Origin whatever the request's Origin. */
export async function varyOrigin({ port, results, allowed }) {
  for (const [name, headers] of [
    ['listed Origin', { Origin: allowed[0] }],
    ['no Origin', {}],
    ['unlisted Origin', { Origin: 'https://evil.example' }],
  ]) {
    for (const target of [CANONICAL, '/api/health/live', '/api/nothing', '/cbm-widgets.js']) {
      const response = await get(port, target, headers);
      check(results, 'Vary: Origin', `${target} with ${name}`, response, {
        refused: (r) => /(^|,\s*)origin(\s*,|$)/i.test(r.headers.vary ?? ''),
      }).detail = `vary: ${response.headers.vary ?? '(none)'}`;
    }
  }
}

/** Item 9: Host, /metrics query, OPTIONS, a malformed chunk after a 405, Accept-Encoding. */
export async function contractGaps({ port, metricsPort, results }) {
  const noHost = await raw(port, 'GET /api/health/live HTTP/1.1\r\nConnection: close\r\n\r\n');
  check(results, 'contract', 'HTTP/1.1 without Host', noHost, {
    refused: (r) => r.status === 400 && isJsonError(r),
  });
  for (const [name, at] of [
    ['main port', port],
    ['metrics port', metricsPort],
  ]) {
    if (at === undefined) continue;
    const query = await get(at, '/metrics?x=1');
    check(results, 'contract', `/metrics?x=1 on the ${name}`, query, {
      refused: (r) => (r.status === 400 || r.status === 404) && isJsonError(r),
    });
  }
  for (const target of ['/api/stream', CANONICAL, '/api/health', '/', '/nowhere']) {
    const options = await raw(port, `OPTIONS ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    check(results, 'contract', `OPTIONS ${target} without Origin`, options, {
      refused: (r) =>
        r.status === 204 &&
        r.headers.allow === 'GET, HEAD, OPTIONS' &&
        !Object.keys(r.headers).some((h) => h.startsWith('access-control-')),
    });
  }
  for (const target of ['/api/health', CANONICAL, '/api/stream']) {
    const chunk = await raw(
      port,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n`,
    );
    check(results, 'contract', `malformed chunk after the 405 of POST ${target}`, chunk, {
      refused: (r) => r.status === 405 && responses(r) === 1,
    }).detail = `${responses(chunk)} response(s), closed by ${chunk.closedBy}`;
  }
  for (const [header, rule] of [
    ['br;q=-1', (r) => r.status === 200 && r.headers['content-encoding'] !== 'br'],
    ['br;q=-1, gzip;q=0.5', (r) => r.status === 200 && r.headers['content-encoding'] === 'gzip'],
    ['identity;q=0', (r) => r.status === 406 && isJsonError(r)],
    ['gzip, identity;q=0', (r) => r.status === 200 && r.headers['content-encoding'] === 'gzip'],
    ['*;q=0', (r) => r.status === 406 && isJsonError(r)],
  ]) {
    const response = await get(port, CANONICAL, { 'Accept-Encoding': header });
    check(results, 'contract', `Accept-Encoding: ${header}`, response, {
      refused: rule,
    }).detail = `${response.status} ${response.headers['content-encoding'] ?? 'identity'}`;
  }
}

/** Item 10: the widget bundle's map is served; the dashboard's own code has none. */
export async function sourceMaps({ port, results }) {
  const map = await get(port, '/cbm-widgets.js.map');
  // A library's map names its sources by relative paths, node_modules among them: by design, so not the
  // usual leak rule; an absolute path of the build machine would be one.
  const absolute = /\/work\/|file:\/\/|"\/(root|home|Users)\//.test(map.body);
  const served = map.status === 200 && map.body.includes('"sourcesContent"');
  results.push({
    group: 'source maps',
    name: '/cbm-widgets.js.map is served (with sources, relative paths)',
    status: map.status,
    ms: map.ms,
    ok: served && !absolute,
    problems: absolute ? 'absolute path in the map' : served ? '' : 'not served with sources',
    detail: `${map.body.length} bytes`,
  });
  const page = await get(port, '/');
  const own = [...page.body.matchAll(/"\.\/(assets\/dashboard\.[0-9a-f]+\.(?:js|css))"/g)].map((m) => m[1]);
  for (const asset of own) {
    const code = await get(port, `/${asset}`);
    const mapOf = await get(port, `/${asset}.map`);
    check(results, 'source maps', `/${asset}: no sourceMappingURL, no map`, mapOf, {
      refused: (r) => code.status === 200 && !code.body.includes('sourceMappingURL') && r.status === 404,
    });
  }
}
