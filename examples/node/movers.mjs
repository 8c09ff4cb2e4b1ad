#!/usr/bin/env node
// Live gainers/losers in the terminal, pushed by the server's stream (mode: live). Keeps printing the last good
// data, marked stale, while the server is down (mode: polling, then offline), and picks up again when it comes
// back. Usage: BASE_URL=http://localhost:5001 node movers.mjs
import { createClient } from '@cbmo4ers/sdk';

const baseUrl = process.env.BASE_URL ?? 'http://localhost:5001';
// Node imports the SDK's Node entry, which reads the stream with fetch (Node 20 has no EventSource); polling
// every 2 s is the fallback while the stream is down.
const client = createClient({ baseUrl, live: true, refreshInterval: 2000, retry: { limit: 1 } });

const percent = (value) => `${value > 0 ? '+' : ''}${value.toFixed(2)}%`.padStart(9);
const price = (value) => value.toPrecision(6).padStart(12);
const age = (since) => (since === undefined ? 'never' : `${((Date.now() - since) / 1000).toFixed(0)} s ago`);

const table = (title, state) => {
  const flag = state.stale ? '  [STALE]' : '';
  const lines = [`${title}${flag}  (updated ${age(state.updatedAt)})`];
  if (!state.data) lines.push(state.loading ? '  loading...' : '  no data yet');
  for (const row of state.data?.data.slice(0, 10) ?? []) {
    lines.push(
      `  ${String(row.rank).padStart(2)}  ${row.symbol.padEnd(12)}${price(row.current_price)}${percent(row.price_change_percentage_3min)}`,
    );
  }
  if (state.error) lines.push(`  ! ${state.error.message}`);
  return lines.join('\n');
};

const render = () => {
  const status = client.$status.get();
  const header = `CBMo4ers movers from ${baseUrl}  |  mode: ${status.mode}  breaker: ${status.breaker}  failures: ${status.consecutiveFailures}  last success: ${age(status.lastSuccessAt)}`;
  process.stdout.write(
    `\x1b[2J\x1b[H${header}\n\n${table('Top gainers (3 min)', client.$gainers.get())}\n\n${table('Top losers (3 min)', client.$losers.get())}\n\nCtrl+C to quit\n`,
  );
};

const unsubscribe = [client.$gainers, client.$losers, client.$status].map((store) => store.listen(render));
render();
// Ages move on even when nothing arrives.
const ticker = setInterval(render, 1000);

process.on('SIGINT', () => {
  clearInterval(ticker);
  for (const stop of unsubscribe) stop();
  client.dispose();
  process.stdout.write('\n');
  process.exit(0);
});
