// Compares builds of the dashboard under Lighthouse's mobile preset on a noisy machine: one server per build
// (DASHBOARD_DIR), all on one simulated exchange, audited in turn with the order rotated every round, so each
// build sees the same load on average. Single Lighthouse scores here move 10 to 25 points with the load; only
// medians of interleaved rounds say which build is faster.
//
// Usage: node bench/lighthouse-compare.mjs <rounds> <dist dir> [<dist dir> ...]
// e.g.   node bench/lighthouse-compare.mjs 5 examples/dashboard/dist /tmp/variant/dist
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import lighthouse from 'lighthouse';
import { launchChromeForLighthouse } from './lib/lighthouse-chrome.mjs';
import { machine } from './lib/measure.mjs';
import { startExchange, startServerProcess } from './lib/processes.mjs';
import { describeTasks } from './lighthouse-tasks.mjs';

const [roundsArg, ...dirs] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1 || dirs.length === 0) {
  console.error('usage: node bench/lighthouse-compare.mjs <rounds> <dist dir> [<dist dir> ...]');
  process.exit(2);
}

const exchange = await startExchange();
const servers = [];
for (const dir of dirs)
  servers.push(
    await startServerProcess({
      ...exchange.env,
      RATE_LIMIT_PER_MINUTE: '100000',
      DASHBOARD_DIR: resolve(dir),
    }),
  );
const chrome = await launchChromeForLighthouse();
const results = dirs.map(() => []);

/** One mobile audit; a run whose trace Lighthouse could not read (NO_NAVSTART, now and then here) is redone. */
async function audit(url) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      if (!result.lhr.runtimeError) return result;
      if (attempt === 3) throw new Error(result.lhr.runtimeError.message);
    } catch (error) {
      if (attempt === 3) throw error;
      console.error(`audit of ${url} failed (${error.message}); again`);
    }
  }
}
const loadStart = loadavg()[0];
try {
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < dirs.length; turn += 1) {
      const index = (round + turn) % dirs.length;
      const { lhr, artifacts } = await audit(`${servers[index].url}/`);
      const { window, rows } = await describeTasks(artifacts, lhr.configSettings);
      const counted = rows.filter((row) => row.blocking > 0);
      results[index].push({
        score: Math.round(lhr.categories.performance.score * 100),
        tbt: lhr.audits['total-blocking-time'].numericValue,
        fcp: lhr.audits['first-contentful-paint'].numericValue,
        observedFcp: lhr.audits.metrics.details.items[0].observedFirstContentfulPaint,
        tti: window.tti[0],
        blockingTasks: counted.length,
      });
    }
  }
} finally {
  await chrome.kill();
  for (const server of servers) await server.stop();
  await exchange.stop();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`machine: ${machine()}; load average ${loadStart.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
console.log(`command: node bench/lighthouse-compare.mjs ${rounds} ${dirs.join(' ')}`);
console.log(
  '\n| build | mobile perf per round | median | TBT median | FCP median | observed FCP median | counted tasks median |',
);
console.log('|---|---|---|---|---|---|---|');
dirs.forEach((dir, index) => {
  const runs = results[index];
  console.log(
    `| ${dir} | ${runs.map((run) => run.score).join(', ')} | ${median(runs.map((run) => run.score))} | ${Math.round(median(runs.map((run) => run.tbt)))} ms | ${(median(runs.map((run) => run.fcp)) / 1000).toFixed(2)} s | ${Math.round(median(runs.map((run) => run.observedFcp)))} ms | ${median(runs.map((run) => run.blockingTasks))} |`,
  );
});
process.exit(0);
