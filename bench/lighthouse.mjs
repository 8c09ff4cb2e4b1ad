// Lighthouse audit of the reference dashboard as the server serves it at /, in Debian's Chromium.
// Usage: node bench/lighthouse.mjs [runs=3] [--mobile] [--tasks]
// Runs the mobile (default, simulated throttling) and desktop presets `runs` times each and reports the median
// score per category (Lighthouse scores vary run to run, more so on a shared machine) and the audits that fail.
// --mobile: the mobile preset only. --tasks: also save each mobile run's artifacts (trace and network log) to
// the temp directory and print, for the last one, where its Total Blocking Time comes from
// (bench/lighthouse-tasks.mjs).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { launchChromeForLighthouse } from './lib/lighthouse-chrome.mjs';
import { machine } from './lib/measure.mjs';
import { startExchange, startServerProcess } from './lib/processes.mjs';
import { describeTasks, printTasks } from './lighthouse-tasks.mjs';

const args = process.argv.slice(2);
const runs = Number(args.find((arg) => !arg.startsWith('--')) ?? 3);
const presets = args.includes('--mobile') ? ['mobile'] : ['mobile', 'desktop'];
const keepTasks = args.includes('--tasks');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const exchange = await startExchange();
const server = await startServerProcess({ ...exchange.env, RATE_LIMIT_PER_MINUTE: '100000' });
const chrome = await launchChromeForLighthouse();
const results = { mobile: [], desktop: [] };
const saved = [];
try {
  for (let run = 0; run < runs; run += 1) {
    for (const preset of presets) {
      const result = await lighthouse(
        `${server.url}/`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
        preset === 'desktop' ? desktopConfig : undefined,
      );
      results[preset].push(result.lhr);
      if (keepTasks && preset === 'mobile') {
        const file = join(tmpdir(), `cbm-lighthouse-mobile-artifacts-${run + 1}.json`);
        writeFileSync(
          file,
          JSON.stringify({ artifacts: result.artifacts, settings: result.lhr.configSettings }),
        );
        saved.push({ file, artifacts: result.artifacts, settings: result.lhr.configSettings });
      }
    }
  }
} finally {
  await chrome.kill();
  await server.stop();
  await exchange.stop();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`machine: ${machine()}`);
console.log(
  `command: node bench/lighthouse.mjs ${runs}   (lighthouse ${results.mobile[0].lighthouseVersion}, ${results.mobile[0].environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0]}, page ${server.url}/)`,
);
console.log('\n| preset | category | scores per run | median | target >= 95 |');
console.log('|---|---|---|---|---|');
for (const preset of presets) {
  for (const category of CATEGORIES) {
    const scores = results[preset].map((lhr) => Math.round(lhr.categories[category].score * 100));
    console.log(
      `| ${preset} | ${category} | ${scores.join(', ')} | ${median(scores)} | ${median(scores) >= 95 ? 'PASS' : 'FAIL'} |`,
    );
  }
}
for (const preset of presets) {
  const lhr = results[preset].at(-1);
  const file = join(tmpdir(), `cbm-lighthouse-${preset}.json`);
  writeFileSync(file, JSON.stringify(lhr));
  console.log(`\n${preset} report (last run): ${file}`);
  const longTasks = (lhr.audits['long-tasks']?.details?.items ?? [])
    .slice(0, 5)
    .map(
      (item) =>
        `${item.url?.replace(server.url, '') || '?'} ${Math.round(item.duration)} ms @${Math.round(item.startTime)}`,
    );
  const work = (lhr.audits['mainthread-work-breakdown']?.details?.items ?? [])
    .slice(0, 5)
    .map((item) => `${item.groupLabel} ${Math.round(item.duration)} ms`);
  console.log(`${preset} longest tasks: ${longTasks.join('; ')}`);
  console.log(`${preset} main-thread work by kind: ${work.join('; ')}`);
  const metrics = [
    'first-contentful-paint',
    'largest-contentful-paint',
    'total-blocking-time',
    'cumulative-layout-shift',
    'speed-index',
  ]
    .map((id) => `${lhr.audits[id]?.title}: ${lhr.audits[id]?.displayValue}`)
    .join('; ');
  console.log(`\n${preset} metrics (last run): ${metrics}`);
  const failing = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
        failing.push({ category, weight: ref.weight, audit });
    }
  }
  failing.sort((a, b) => b.weight - a.weight || a.audit.score - b.audit.score);
  console.log(`${preset} audits scoring below 0.9 (last run): ${failing.length === 0 ? 'none' : ''}`);
  for (const { category, weight, audit } of failing.slice(0, 12)) {
    const items = audit.details?.items
      ?.slice(0, 3)
      .map((item) => item.node?.snippet ?? item.url ?? item.source?.url ?? item.description)
      .filter(Boolean);
    console.log(
      `- [${category}, weight ${weight}] ${audit.id}: ${audit.title} (score ${audit.score}${audit.displayValue ? `, ${audit.displayValue}` : ''})${items?.length ? ` e.g. ${items.join(' | ').slice(0, 240)}` : ''}`,
    );
  }
}
if (saved.length > 0) {
  console.log(`\nmobile artifacts: ${saved.map(({ file }) => file).join(', ')}`);
  const last = saved.at(-1);
  console.log("where the last mobile run's blocking time comes from:");
  printTasks(await describeTasks(last.artifacts, last.settings));
}
process.exit(0);
