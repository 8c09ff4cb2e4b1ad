import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@cbmo4ers/testkit';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../../examples/dashboard/dist/index.html', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  stop(): Promise<number | null>;
}

/**
 * The built server as an operator runs it (`node packages/server/dist/main.js`), on the simulated market,
 * serving the built dashboard at /. Resolves once /api/health/ready answers 200.
 */
export async function startServerProcess(
  port?: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  if (!existsSync(MAIN) || !existsSync(DASHBOARD)) {
    throw new Error('e2e needs the build: run `pnpm build` at the repository root first');
  }
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    // The metrics listener on a port of its own choosing: its fixed default (9464) would collide with any
    // other server on the machine, a second test file's included.
    env: {
      ...process.env,
      PORT: String(chosen),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/api/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server not ready within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port: chosen,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
