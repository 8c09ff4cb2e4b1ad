import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** Starts `target-server.mjs` with the given args and resolves with its URL and a stop function. */
export function startTarget(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('./target-server.mjs'), ...args], {
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
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

export function machine() {
  return `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/**
 * The simulated exchange in its own process, so the measured server runs as in production: it only talks to
 * an upstream over sockets and does not share its event loop with the market.
 */
export function startExchange() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [here('../packages/server/dist/market/simulator/main.js'), '--port', '0'],
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
          env: { MARKET_SOURCE: 'coinbase', COINBASE_REST_URL: restUrl, COINBASE_WS_URL: wsUrl },
          stop: () => stop(child),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exchange exited with ${code}`)));
  });
}
