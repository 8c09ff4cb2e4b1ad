import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type CliProcess, readOptions, runCli, USAGE } from './cli.js';

/** A process for the command: what it writes, the signals a test sends, and the exit code it asks for. */
function fakeProcess(argv: string[]) {
  const signals = new EventEmitter();
  const output = { stdout: '', stderr: '' };
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  const host: CliProcess = {
    argv,
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
    once: (signal, listener) => signals.once(signal, listener),
    exit: (code) => exit(code),
  };
  return { host, output, signals, exited };
}

describe('simulator CLI', () => {
  it('starts, prints its URLs as one JSON line and stops on SIGTERM with exit code 0', async () => {
    const { host, output, signals, exited } = fakeProcess([
      '--port',
      '0',
      '--seed',
      '7',
      '--history-minutes',
      '5',
    ]);
    const simulator = await runCli(host);
    try {
      const urls = JSON.parse(output.stdout.split('\n')[0]!) as { restUrl: string; wsUrl: string };
      expect(urls.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(urls.wsUrl).toBe(urls.restUrl.replace('http', 'ws'));
      const response = await fetch(`${urls.restUrl}/products/BTC-USD`);
      expect(await response.json()).toMatchObject({ id: 'BTC-USD' });
      signals.emit('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await simulator?.close();
    }
  });

  it('prints the usage for --help and starts nothing', async () => {
    const { host, output } = fakeProcess(['--help']);
    expect(await runCli(host)).toBeUndefined();
    expect(output.stdout).toBe(`${USAGE}\n`);
  });

  it('exits 2 naming the bad flag, with the usage', async () => {
    const { host, output, exited } = fakeProcess(['--port', 'seven']);
    expect(await runCli(host)).toBeUndefined();
    expect(await exited).toBe(2);
    expect(output.stderr).toBe(`--port must be a number, got "seven"\n${USAGE}\n`);
  });
});

describe('readOptions', () => {
  it('maps flags to simulator options', () => {
    expect(
      readOptions(['--port', '7070', '--seed', '42', '--trade-rate', '0.5', '--host', '0.0.0.0']),
    ).toEqual({
      port: 7070,
      seed: 42,
      tradeRateMultiplier: 0.5,
      host: '0.0.0.0',
    });
    expect(readOptions([])).toEqual({});
    expect(readOptions(['--help'])).toBe('help');
  });

  it('names the flag that is wrong', () => {
    expect(() => readOptions(['--port', 'seven'])).toThrow(/--port must be a number/);
    expect(() => readOptions(['--colour', 'red'])).toThrow(/colour/);
  });
});
