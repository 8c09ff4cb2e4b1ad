// The report of bench/faults.mjs: one table row per fault, the as_of decreases, the SSE clients, a condensed
// timeline and the replicas' error and warning log lines.
import { machine } from '../lib/measure.mjs';

const isError = (entry) => entry.status !== 200 && entry.status !== 304;

function printPhases({ phases, events, decreases }) {
  console.log(
    '\n| fault | fresh again after (s) | requests | error responses (live replicas) | errors from the killed replica | as_of decreases | stale responses | note |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const p of phases) {
    const inPhase = events.filter((entry) => entry.t >= p.started && entry.t < p.ended);
    const errors = inPhase.filter((entry) => isError(entry) && entry.alive);
    const deadErrors = inPhase.filter((entry) => isError(entry) && !entry.alive);
    const down = decreases.filter((d) => d.t >= p.started && d.t < p.ended);
    const stale = inPhase.filter((entry) => entry.stale === true).length;
    console.log(
      `| ${p.name} | ${Number.isNaN(p.recovered) ? 'not within limit' : p.recovered.toFixed(1)} | ${inPhase.length} | ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => `${e.replica} ${e.path} ${e.status}`))].slice(0, 3).join('; ')})` : ''} | ${deadErrors.length} | ${down.length} | ${stale} | ${p.note} |`,
    );
  }
}

function printDecreases({ decreases, streamReports }) {
  const pinnedDown = decreases.filter((d) => d.client.startsWith('pinned'));
  const balancedDown = decreases.filter((d) => d.client.startsWith('balanced'));
  console.log(
    `\nas_of decreases: pinned pollers (one replica each) ${pinnedDown.length}; balanced pollers (alternating replicas) ${balancedDown.length}, largest step back ${Math.max(0, ...balancedDown.map((d) => d.from - d.to))} ms`,
  );
  console.log(
    `\nas_of decreases (pollers): ${decreases.length}${decreases.length ? ` e.g. ${JSON.stringify(decreases.slice(0, 5))}` : ''}`,
  );
  for (const [index, report] of streamReports.entries())
    console.log(
      `SSE clients of replica ${'AB'[index]}: ${report.clients}, events min/median ${report.eventsMin}/${report.eventsMedian}, as_of decreases ${report.backwards}, clients with an error or early end ${report.problems}${report.problems ? ` e.g. ${JSON.stringify(report.problemSamples.slice(0, 2))}` : ''}`,
    );
}

/** Role, age and stale per replica around each fault, one line per 2 s. */
function printTimeline({ timeline, phases }) {
  console.log('\ntimeline (1 line per 2 s: replica role/age s/stale/ws state/breaker/redis):');
  let lastPrinted = 0;
  for (const point of timeline) {
    if (point.t - lastPrinted < 2000) continue;
    lastPrinted = point.t;
    const phase = phases.findLast((p) => p.started <= point.t)?.name ?? 'start';
    console.log(
      `  +${((point.t - timeline[0].t) / 1000).toFixed(0)}s ${point.fresh ? 'FRESH' : 'not fresh'} [${phase}] ${point.states.map((s) => `${s.name}:${s.role}/${s.ageMs === undefined ? '-' : (s.ageMs / 1000).toFixed(1)}/${s.stale ? 'stale' : 'ok'}/${s.ws?.state ?? '-'}/${s.rest ?? '-'}/${s.redis ?? '-'}`).join(' ')}`,
    );
  }
}

function printLogs(replicas) {
  const logProblems = replicas.flatMap((replica) =>
    replica.logs
      .filter((entry) => /"level":(50|60)/.test(entry.line))
      .map((entry) => `${replica.name}: ${entry.line.slice(0, 300)}`),
  );
  console.log(
    `\nerror/fatal log lines: ${logProblems.length}${logProblems.length ? `\n  ${logProblems.slice(0, 8).join('\n  ')}` : ''}`,
  );
  const warnLines = replicas.flatMap((replica) =>
    replica.logs
      .filter((entry) => /"level":40/.test(entry.line))
      .map((entry) => `${replica.name}: ${JSON.parse(entry.line).msg}`),
  );
  const warnCounts = {};
  for (const line of warnLines) warnCounts[line] = (warnCounts[line] ?? 0) + 1;
  console.log(`warn log lines by message: ${JSON.stringify(warnCounts)}`);
}

export function printReport(run) {
  console.log(`machine: ${machine()}`);
  console.log(`command: node bench/faults.mjs ${run.streamsPerReplica}`);
  console.log(
    `setup: 2 replicas (REDIS_URL, redis-server on 127.0.0.1:${run.redisPort}), simulator in-process; per replica 10 pinned pollers + ${run.streamsPerReplica} SSE clients; 6 balanced pollers alternating replicas`,
  );
  printPhases(run);
  printDecreases(run);
  printTimeline(run);
  printLogs(run.replicas);
}
