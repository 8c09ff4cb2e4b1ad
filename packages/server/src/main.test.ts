import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** The real entry points in a child process (through tsx, so no build is needed): start-up, config errors, SIGTERM. */
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', SERVE_DASHBOARD: 'false', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  listening.catch(() => {});
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

describe('cbmo4ers-server process', () => {
  it('stops start-up with one line naming a bad variable', async () => {
    const proc = run([], { MIN_VOLUME_USD: 'lots' });
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr.trim()).toBe(
      'cbmo4ers-server: Invalid MIN_VOLUME_USD (got "lots"): expected a number from 0 to 1000000000000000',
    );
  });

  it('refuses TRUST_PROXY=true at start-up with one line saying what to use instead', async () => {
    const proc = run([], { TRUST_PROXY: 'true' });
    expect(await proc.exited).toBe(2);
    const lines = proc.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cbmo4ers-server: Invalid TRUST_PROXY \(got "true"\): .*TRUST_PROXY=1/);
  });

  it('rejects an unknown --source naming the flag, with the usage', async () => {
    const proc = run(['--source', 'binance']);
    expect(await proc.exited).toBe(2);
    const { stderr } = proc.output();
    expect(stderr).toMatch(
      /^cbmo4ers-server: Invalid --source \(got "binance"\): expected simulated or coinbase\n/,
    );
    expect(stderr).toMatch(/Usage: cbmo4ers-server/);
  });

  it('names the variable when the environment is wrong and no flag set it', async () => {
    const proc = run([], { MARKET_SOURCE: 'binance' });
    expect(await proc.exited).toBe(2);
    expect(proc.output().stderr).toMatch(/Invalid MARKET_SOURCE \(got "binance"\)/);
  });

  it('prints its version, and a help that lists every environment variable', async () => {
    const version = run(['--version']);
    expect(await version.exited).toBe(0);
    expect(version.output().stdout.trim()).toMatch(/^cbmo4ers-server \d+\.\d+\.\d+/);
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    const { stdout } = help.output();
    for (const name of ['PORT', 'MARKET_SOURCE', 'TRUST_PROXY', 'METRICS_PORT', 'STREAM_MAX_PER_CLIENT'])
      expect(stdout).toContain(name);
    expect(stdout).not.toContain('.env.example');
  });

  it('takes --port, serves, and on SIGTERM ends streams cleanly and exits 0', async () => {
    const proc = run(['--port', '0', '--host', '127.0.0.1']);
    const url = await proc.listening;
    let ready = 503;
    while (ready !== 200) ready = (await fetch(`${url}/api/health/ready`)).status;
    const stream = await fetch(`${url}/api/stream?topics=health`);
    const reader = stream.body?.getReader();
    expect(reader).toBeDefined();
    await reader?.read();
    proc.child.kill('SIGTERM');
    // The stream ends cleanly (done), it is not reset.
    let done = false;
    while (!done) done = (await reader?.read())?.done ?? true;
    expect(await proc.exited).toBe(0);
    expect(proc.output().stderr).toContain('SIGTERM received, draining');
  }, 30_000);

  it('on SIGTERM exits at once with silent and half-sent sockets open', async () => {
    // A drain timeout far longer than the test: the exit cannot come from it.
    const proc = run(['--port', '0', '--host', '127.0.0.1'], { SHUTDOWN_TIMEOUT_MS: '120000' });
    const url = await proc.listening;
    const port = Number(new URL(url).port);
    const sockets: Socket[] = [];
    const open = (request?: string) =>
      new Promise<Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => {});
        if (request !== undefined) socket.write(request);
        sockets.push(socket);
      });
    await Promise.all(Array.from({ length: 30 }, () => open()));
    await Promise.all(Array.from({ length: 30 }, () => open('GET /api/health HTTP/1.1\r\nHo')));
    try {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  }, 30_000);
});
