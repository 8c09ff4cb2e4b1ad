// The processes a benchmark measures or drives: the target servers, the simulated exchange, the real server
// CLI and the pool of SSE clients, each in its own process so that none shares an event loop with the load.
import { fork, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@cbmo4ers/testkit';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Starts `target-server.mjs` with the given args and resolves with its URL and a stop function.
 * `nodeArgs` go before the script (e.g. `--cpu-prof`); `launcher` runs node under another program (e.g.
 * `['valgrind', '--tool=callgrind']`).
 */
export function startTarget(args, env = {}, nodeArgs = [], launcher = []) {
  return new Promise((resolve, reject) => {
    const command = [...launcher, process.execPath, ...nodeArgs, here('../target-server.mjs'), ...args];
    const child = spawn(command[0], command.slice(1), {
      // METRICS_PORT=main: benchmarks read /metrics from the server's own URL, and parallel targets cannot all
      // bind the default metrics port.
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', METRICS_PORT: 'main', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /READY (\S+)/.exec(output);
      if (match) resolve({ url: match[1], child, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`target ${args[0]} exited with ${code}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The simulated exchange (the built CLI of @cbmo4ers/simulator) in its own process, so the measured server runs
 * as in production: it only talks to an upstream over sockets and does not share its event loop with the market.
 */
export function startExchange(seed) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        here('../../packages/simulator/dist/main.js'),
        '--port',
        '0',
        ...(seed === undefined ? [] : ['--seed', String(seed)]),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) {
        const { restUrl, wsUrl } = JSON.parse(line);
        resolve({
          // COINGECKO_URL=off: with MARKET_SOURCE=coinbase the server would otherwise call the real CoinGecko.
          env: {
            MARKET_SOURCE: 'coinbase',
            COINBASE_REST_URL: restUrl,
            COINBASE_WS_URL: wsUrl,
            COINGECKO_URL: 'off',
          },
          child,
          stop: () => stop(child),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exchange exited with ${code}`)));
  });
}

/**
 * Starts the real server CLI (packages/server/dist/cli.js) as a child process on 127.0.0.1 with the given
 * environment, keeps every line it writes (stdout and stderr) in `logs`, and resolves once /api/health/ready
 * answers 200 (or, with `waitReady: false`, once it listens).
 */
export async function startServerProcess(env = {}, { waitReady = true, port, timeoutMs = 60_000 } = {}) {
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [here('../../packages/server/dist/cli.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      // Everything stays on loopback: no real CoinGecko unless a caller says otherwise.
      COINGECKO_URL: 'off',
      METRICS_PORT: 'main',
      ...env,
      PORT: String(chosen),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  keepLines(child.stdout, 'stdout', logs);
  keepLines(child.stderr, 'stderr', logs);
  let exited;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const url = `http://127.0.0.1:${chosen}`;
  await waitUntilUp(`${url}${waitReady ? '/api/health/ready' : '/api/health/live'}`, {
    timeoutMs,
    exited: () => exited,
    kill: () => child.kill('SIGKILL'),
    logs,
  });
  return {
    url,
    port: chosen,
    child,
    logs,
    exit,
    get exited() {
      return exited;
    },
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      return exit;
    },
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      return exit;
    },
  };
}

/** Appends every complete line of `stream` to `logs` as `{ stream: name, line }`. */
function keepLines(stream, name, logs) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop();
    for (const line of lines) logs.push({ stream: name, line });
  });
}

/** Polls `healthUrl` until it answers 200; throws with the last log lines if the process exits or times out. */
async function waitUntilUp(healthUrl, { timeoutMs, exited, kill, logs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`server exited early (${JSON.stringify(exited())}): ${logTail(logs)}`);
    if (Date.now() > deadline) {
      kill();
      throw new Error(`server not ready within ${timeoutMs} ms: ${logTail(logs)}`);
    }
    try {
      const response = await fetch(healthUrl);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
}

function logTail(logs) {
  return logs
    .slice(-5)
    .map((entry) => entry.line)
    .join(' | ');
}

/** Starts bench/stream-clients.mjs and returns a small async API over its IPC channel. */
export function startStreamPool() {
  const child = fork(here('../stream-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, answer) =>
    new Promise((resolve) => {
      const listener = (reply) => {
        if (reply.ok === answer) {
          child.off('message', listener);
          resolve(reply);
        }
      };
      child.on('message', listener);
      child.send(message);
    });
  return {
    child,
    open: (url, count, addressBase) => ask({ cmd: 'open', url, count, addressBase }, 'opened'),
    report: () => ask({ cmd: 'report' }, 'report'),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ cmd: 'close' });
      }),
  };
}
