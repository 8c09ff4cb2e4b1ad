/**
 * Runs the simulated exchange on its own, for multi-process setups and manual poking:
 *   node dist/market/simulator/main.js --port 7070 --seed 42
 * Prints one JSON line `{"restUrl":…,"wsUrl":…}` once listening, so a parent process can parse it.
 */
import { readOptions, USAGE } from './cli-options.js';
import { type SimulatorOptions, startSimulator } from './simulator.js';

async function main(): Promise<void> {
  let options: SimulatorOptions | 'help';
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = await startSimulator(options);
  process.stdout.write(`${JSON.stringify({ restUrl: simulator.restUrl, wsUrl: simulator.wsUrl })}\n`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
