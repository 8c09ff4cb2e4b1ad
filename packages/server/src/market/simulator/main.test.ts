import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readOptions } from './cli-options.js';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('simulator CLI', () => {
  it('starts standalone, prints its URLs as JSON and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', mainPath, '--port', '0', '--seed', '7', '--history-minutes', '5'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const urls = JSON.parse(chunk.toString().split('\n')[0]!) as { restUrl: string; wsUrl: string };
      expect(urls.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(urls.wsUrl).toBe(urls.restUrl.replace('http', 'ws'));
      const response = await fetch(`${urls.restUrl}/products/BTC-USD`);
      expect(await response.json()).toMatchObject({ id: 'BTC-USD' });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
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
