// Where a Lighthouse run's Total Blocking Time comes from: every main-thread task as Lighthouse's simulation
// (Lantern) placed it, next to what the observed trace says about it. Lighthouse reports only the simulated
// long tasks and a URL for each; to change the page we need to know which work each one was.
//
// Usage: node bench/lighthouse-tasks.mjs <artifacts.json>   (saved by `node bench/lighthouse.mjs --keep`)
// or import { describeTasks } and pass the artifacts and settings of a run.
//
// Columns: simulated start and duration (ms; wall time x 4, x 2 for a task with a layout), its blocking share
// (duration - 50 inside the FCP..TTI window), the observed wall and thread (CPU) time of the task, and the
// largest events inside it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LanternFirstContentfulPaint } from 'lighthouse/core/computed/metrics/lantern-first-contentful-paint.js';
import { LanternInteractive } from 'lighthouse/core/computed/metrics/lantern-interactive.js';
import { LanternTotalBlockingTime } from 'lighthouse/core/computed/metrics/lantern-total-blocking-time.js';

const NOTABLE = new Set([
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'RunMicrotasks',
  'EvaluateScript',
  'v8.evaluateModule',
  'v8.compile',
  'v8.compileModule',
  'Layout',
  'UpdateLayoutTree',
  'Paint',
  'PrePaint',
  'Layerize',
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'MinorGC',
  'MajorGC',
  'FireAnimationFrame',
  'HitTest',
  'ResourceReceivedData',
  'FrameStartedLoading',
  'CommitLoad',
]);

function label(event) {
  const data = event.args?.data ?? {};
  const url = data.url ? basename(data.url).replace(/\.[0-9a-f]{8,}\./, '.') : '';
  if (event.name === 'FunctionCall') return `call ${data.functionName || '(anon)'}${url ? `@${url}` : ''}`;
  if (event.name === 'EventDispatch') return `event ${data.type}`;
  if (event.name === 'EvaluateScript' || event.name === 'v8.compile') return `${event.name} ${url}`;
  return event.name;
}

/** Rows describing each simulated CPU task, in simulated order, and the window TBT counts in. */
export async function describeTasks(artifacts, settings) {
  const context = { computedCache: new Map(), settings };
  const data = {
    trace: artifacts.Trace,
    devtoolsLog: artifacts.DevtoolsLog,
    gatherContext: artifacts.GatherContext,
    settings,
    URL: artifacts.URL,
    SourceMaps: artifacts.SourceMaps ?? [],
    simulator: null,
  };
  const fcp = await LanternFirstContentfulPaint.request(data, context);
  const tti = await LanternInteractive.request(data, context);
  const tbt = await LanternTotalBlockingTime.request(data, context);
  const window = {
    fcp: [fcp.optimisticEstimate.timeInMs, fcp.pessimisticEstimate.timeInMs],
    tti: [tti.optimisticEstimate.timeInMs, tti.pessimisticEstimate.timeInMs],
    tbt: tbt.timing,
  };
  const timings = tbt.pessimisticEstimate.nodeTimings;
  let origin = Number.POSITIVE_INFINITY;
  for (const node of timings.keys()) if (node.type === 'cpu') origin = Math.min(origin, node.startTime);
  const rows = [];
  for (const [node, timing] of timings) {
    if (node.type !== 'cpu') continue;
    const inside = node.childEvents
      .filter((event) => NOTABLE.has(event.name) && (event.dur ?? 0) >= 1000)
      .sort((a, b) => b.dur - a.dur)
      .slice(0, 4)
      .map((event) => `${label(event)} ${(event.dur / 1000).toFixed(1)}`);
    // Blocking as TBT counts it with the pessimistic FCP and the optimistic TTI (the narrowest window).
    const counted = timing.startTime >= window.fcp[1] && timing.endTime <= window.tti[0];
    rows.push({
      start: timing.startTime,
      duration: timing.duration,
      blocking: counted ? Math.max(0, timing.duration - 50) : 0,
      observedStart: (node.startTime - origin) / 1000,
      wall: node.duration / 1000,
      cpu: (node.event.tdur ?? 0) / 1000,
      inside: inside.join(', '),
    });
  }
  rows.sort((a, b) => a.start - b.start);
  return { window, rows };
}

export function printTasks({ window, rows }, minimum = 30) {
  const ms = (value) => Math.round(value);
  console.log(
    `simulated FCP ${window.fcp.map(ms).join('/')} ms, TTI ${window.tti.map(ms).join('/')} ms (optimistic/pessimistic), TBT ${ms(window.tbt)} ms`,
  );
  console.log(`tasks of ${minimum} ms or more simulated:`);
  console.log(
    '| sim start | sim ms | blocking | observed start | wall ms | cpu ms | largest events inside (ms) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows.filter((candidate) => candidate.duration >= minimum))
    console.log(
      `| ${ms(row.start)} | ${ms(row.duration)} | ${ms(row.blocking)} | ${ms(row.observedStart)} | ${row.wall.toFixed(1)} | ${row.cpu.toFixed(1)} | ${row.inside} |`,
    );
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/lighthouse-tasks.mjs <artifacts.json>');
    process.exit(2);
  }
  const { artifacts, settings } = JSON.parse(readFileSync(file, 'utf8'));
  printTasks(await describeTasks(artifacts, settings), Number(process.argv[3] ?? 30));
}
