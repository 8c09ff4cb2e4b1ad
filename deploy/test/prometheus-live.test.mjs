// A real Prometheus, configured from deploy/prometheus, scrapes a real server: the target is up, the alert rules
// evaluate, and every metric the dashboard and the rules use is one the server exports.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '@cbmo4ers/testkit';
import {
  DEPLOY_DIR,
  dashboardExpressions,
  exposedMetricNames,
  fetchJson,
  loadYaml,
  PROMETHEUS_SYNTHETIC_METRICS,
  promqlMetricNames,
  readJson,
  requireTool,
  ruleExpressions,
  runTool,
  SERVER_MAIN,
  startProcess,
  waitFor,
} from '../test-support/support.mjs';

const DASHBOARD = 'deploy/grafana/dashboards/cbmo4ers-overview.json';
const JOB = 'cbmo4ers';

let workDir;
let server;
let serverUrl;
/** The server's separate /metrics listener (METRICS_PORT), which Prometheus scrapes. */
let metricsUrl;
let prometheus;
let prometheusUrl;
let metricsText;

before(async () => {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` at the repository root first`);
  }
  const prometheusBinary = requireTool('prometheus');
  workDir = mkdtempSync(join(tmpdir(), 'cbm-deploy-test-'));

  const serverPort = await freePort();
  serverUrl = `http://127.0.0.1:${serverPort}`;
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}`;
  server = startProcess(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(serverPort),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      METRICS_HOST: '127.0.0.1',
      MARKET_SOURCE: 'simulated',
      LOG_LEVEL: 'warn',
      SNAPSHOT_INTERVAL_MS: '500',
      SERVE_DASHBOARD: 'false',
      REDIS_URL: '',
      SENTRY_DSN: '',
    },
  });

  // The shipped configuration, pointed at the test server: same job, metrics path and rule file; a 1 s
  // cadence, a static target instead of Docker DNS, and no Alertmanager.
  const config = await loadYaml('deploy/prometheus/prometheus.yml');
  const job = config.scrape_configs.find((scrape) => scrape.job_name === JOB);
  assert.ok(job, `prometheus.yml has no "${JOB}" scrape job`);
  delete job.dns_sd_configs;
  job.static_configs = [{ targets: [`127.0.0.1:${metricsPort}`] }];
  config.scrape_configs = [job];
  config.global = {
    ...config.global,
    scrape_interval: '1s',
    scrape_timeout: '1s',
    evaluation_interval: '1s',
  };
  config.rule_files = config.rule_files.map((file) => join(DEPLOY_DIR, 'prometheus', file));
  delete config.alerting;
  const configPath = join(workDir, 'prometheus.yml');
  writeFileSync(configPath, JSON.stringify(config)); // JSON is YAML

  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  prometheus = startProcess(prometheusBinary, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(workDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
    '--log.level=warn',
  ]);

  await waitFor(
    'the server to be ready',
    async () => (await fetch(`${serverUrl}/api/health/ready`)).ok || undefined,
    { process: server },
  );
  metricsText = await (await fetch(`${metricsUrl}/metrics`)).text();
  await waitFor(
    'Prometheus to be ready',
    async () => (await fetch(`${prometheusUrl}/-/ready`)).ok || undefined,
    { process: prometheus },
  );
});

after(async () => {
  await Promise.all([server?.stop(), prometheus?.stop()]);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('Prometheus scrapes the server: its target is up', async () => {
  const target = await waitFor(
    'the cbmo4ers target to be up',
    async () => {
      const { data } = await fetchJson(`${prometheusUrl}/api/v1/targets?state=active`);
      return data.activeTargets.find((active) => active.labels.job === JOB && active.health === 'up');
    },
    { process: prometheus },
  );
  assert.equal(target.scrapeUrl, `${metricsUrl}/metrics`);
  assert.equal(target.lastError, '');
});

test('scraped samples reach Prometheus (snapshots computed > 0)', async () => {
  const value = await waitFor('cbm_snapshots_computed_total in Prometheus', async () => {
    const { data } = await fetchJson(
      `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(`sum(cbm_snapshots_computed_total{job="${JOB}"})`)}`,
    );
    const sample = Number(data.result[0]?.value[1]);
    return sample > 0 ? sample : undefined;
  });
  assert.ok(value > 0);
});

test('the alert rules load and evaluate without errors, and none fires against a healthy server', async () => {
  const groups = await waitFor('every rule to be evaluated', async () => {
    const { data } = await fetchJson(`${prometheusUrl}/api/v1/rules`);
    const rules = data.groups.flatMap((group) => group.rules);
    return rules.length > 0 && rules.every((rule) => rule.health !== 'unknown') ? data.groups : undefined;
  });
  const rules = groups.flatMap((group) => group.rules);
  const shipped = ruleExpressions(await loadYaml('deploy/prometheus/alerts.yml'));
  assert.equal(rules.length, shipped.length, 'Prometheus loaded every rule of alerts.yml');
  for (const rule of rules) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);
  const firing = rules.filter((rule) => rule.state === 'firing').map((rule) => rule.name);
  assert.deepEqual(firing, [], 'no alert fires against a healthy server');
});

test('every metric name in the Grafana dashboard and the alert rules is exported by the server', async () => {
  const exported = exposedMetricNames(metricsText);
  const used = [
    ...dashboardExpressions(readJson(DASHBOARD)),
    ...ruleExpressions(await loadYaml('deploy/prometheus/alerts.yml')),
  ];
  assert.ok(used.length > 20, 'the dashboard and rules have expressions to check');
  const unknown = [];
  for (const { where, expr } of used) {
    for (const name of promqlMetricNames(expr)) {
      if (!exported.has(name) && !PROMETHEUS_SYNTHETIC_METRICS.has(name)) unknown.push(`${where}: ${name}`);
    }
  }
  assert.deepEqual(unknown, [], `metric names not in the server's /metrics output:\n${unknown.join('\n')}`);
});

test('the dashboard shows every application metric the server exports', () => {
  const exported = [...exposedMetricNames(metricsText)].filter(
    (name) => name.startsWith('cbm_') && !/^cbm_(process|nodejs)_/.test(name),
  );
  const shown = new Set(
    dashboardExpressions(readJson(DASHBOARD)).flatMap(({ expr }) => [...promqlMetricNames(expr)]),
  );
  const families = new Set(exported.map((name) => name.replace(/_(bucket|sum|count)$/, '')));
  const missing = [...families].filter(
    (family) => ![...shown].some((name) => name === family || name.startsWith(`${family}_`)),
  );
  assert.deepEqual(missing, [], `exported metrics with no dashboard panel: ${missing.join(', ')}`);
});

test('every dashboard query is PromQL the live Prometheus accepts', async () => {
  const problems = [];
  for (const { where, expr } of dashboardExpressions(readJson(DASHBOARD))) {
    const query = expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*');
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = await response.json();
    if (body.status !== 'success') problems.push(`${where}: ${body.error}`);
  }
  assert.deepEqual(problems, []);
});

test('deploy.sh health passes against the running server', () => {
  const result = runTool('bash', [join(DEPLOY_DIR, 'deploy.sh'), 'health', serverUrl, '--wait', '15']);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /live: {3}ok/);
  assert.match(result.output, /ready: {2}ok/);
  assert.match(result.output, /status: (healthy|degraded)/);
});
