/**
 * The `cbmo4ers-simulator` command: flags to {@link SimulatorOptions}, then the simulator runs until SIGINT or
 * SIGTERM. The process it runs in is passed in, so tests drive it in their own process.
 */
import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './options.js';
import { type Simulator, startSimulator } from './simulator.js';

export const USAGE = `usage: cbmo4ers-simulator [--port 7070] [--seed 42] [--host 127.0.0.1] [--trade-rate 1] [--heartbeat-ms 1000] [--history-minutes 130]`;

/** What the command uses of its process. */
export interface CliProcess {
  /** The arguments after the script's path. */
  readonly argv: readonly string[];
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || Number.isNaN(parsed))
    throw new Error(`--${name} must be a number, got "${value}"`);
  return parsed;
}

/** `'help'` for `--help`; throws an Error naming the flag for unknown flags and non-numeric values. */
export function readOptions(argv: readonly string[]): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      host: { type: 'string' },
      'trade-rate': { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      'history-minutes': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) return 'help';
  const options: SimulatorOptions = {};
  const port = numberOption('port', values.port);
  const seed = numberOption('seed', values.seed);
  const tradeRate = numberOption('trade-rate', values['trade-rate']);
  const heartbeat = numberOption('heartbeat-ms', values['heartbeat-ms']);
  const history = numberOption('history-minutes', values['history-minutes']);
  if (port !== undefined) options.port = port;
  if (seed !== undefined) options.seed = seed;
  if (values.host !== undefined) options.host = values.host;
  if (tradeRate !== undefined) options.tradeRateMultiplier = tradeRate;
  if (heartbeat !== undefined) options.heartbeatIntervalMs = heartbeat;
  if (history !== undefined) options.historyMinutes = history;
  return options;
}

/**
 * Starts the simulator from the flags and prints one JSON line `{"restUrl":…,"wsUrl":…}` once it listens, so a
 * parent process can parse it; SIGINT or SIGTERM closes it and exits 0. Prints the usage for `--help`; exits 2 on
 * a bad flag. Resolves with the running simulator, or undefined when none was started.
 */
export async function runCli(host: CliProcess): Promise<Simulator | undefined> {
  let options: SimulatorOptions | 'help';
  try {
    options = readOptions(host.argv);
  } catch (error) {
    host.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    host.exit(2);
    return undefined;
  }
  if (options === 'help') {
    host.stdout.write(`${USAGE}\n`);
    return undefined;
  }
  const simulator = await startSimulator(options);
  host.stdout.write(`${JSON.stringify({ restUrl: simulator.restUrl, wsUrl: simulator.wsUrl })}\n`);
  const stop = (): void => {
    simulator.close().then(
      () => host.exit(0),
      () => host.exit(1),
    );
  };
  host.once('SIGINT', stop);
  host.once('SIGTERM', stop);
  return simulator;
}
