// Shared helpers for deploy/test: paths, tools, YAML, child processes, PromQL metric names (free ports come
// from @cbmo4ers/testkit).
// Kept outside deploy/test so that `node --test deploy/test/` does not run this file as a test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEPLOY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(DEPLOY_DIR, '..');
export const SERVER_DIR = join(REPO_ROOT, 'packages/server');
export const SERVER_MAIN = join(SERVER_DIR, 'dist/main.js');

export const read = (path) => readFileSync(resolve(REPO_ROOT, path), 'utf8');
export const readJson = (path) => JSON.parse(read(path));

let yamlModule;
/** Parses YAML with the `yaml` package (a root devDependency); says how to get it when it is missing. */
export async function loadYaml(path) {
  if (!yamlModule) {
    try {
      yamlModule = await import('yaml');
    } catch (error) {
      throw new Error('deploy tests need the `yaml` package: pnpm add -Dw yaml@^2.9.1', { cause: error });
    }
  }
  return yamlModule.parse(read(path));
}

const INSTALL_HINT =
  'install it with: apt-get install -y prometheus prometheus-alertmanager shellcheck (scripts/setup.sh --system does)';

/** Absolute path of a command, or an error naming the Debian package that brings it. */
export function requireTool(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') throw new Error(`${name} is not installed; ${INSTALL_HINT}`);
  return path;
}

/** Runs a command to completion; the result carries the combined output for assertion messages. */
export function runTool(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, ...options });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Spawns a long-running process and keeps its output for failure messages. */
export function startProcess(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` (which returns a value or undefined, or throws) until it yields a value or time runs out. */
export async function waitFor(description, check, { timeoutMs = 20_000, intervalMs = 200, process } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (process && process.child.exitCode !== null) {
      throw new Error(`${description}: the process exited (${process.child.exitCode}):\n${process.output()}`);
    }
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  const detail = lastError ? ` (last error: ${lastError.message})` : '';
  const output = process ? `\n${process.output()}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${detail}${output}`);
}

export async function fetchJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

/**
 * Every metric name a Prometheus text exposition declares or samples. A histogram `x` also declares `x_bucket`,
 * `x_sum` and `x_count`: a labelled counter with no samples yet still has its `# TYPE` line.
 */
export function exposedMetricNames(text) {
  const names = new Set();
  for (const line of text.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)/.exec(line);
    if (typed) {
      const [, name, type] = typed;
      names.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]);
  }
  return names;
}

const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads. Strings, label matchers, ranges, grouping clauses, numbers and
 * Grafana variables are removed first; what remains that is not a function call or keyword is a metric name.
 */
export function promqlMetricNames(expr) {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\S+/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/(?<![\w:])\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, ' ');
  const names = new Set();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, word, call] = match;
    if (call || PROMQL_KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return names;
}

/** Every PromQL expression in a Grafana dashboard: panel targets (rows included) and query variables. */
export function dashboardExpressions(dashboard) {
  const expressions = [];
  const visit = (panels = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (typeof target.expr === 'string')
          expressions.push({ where: `panel "${panel.title}"`, expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const labelValues = /^label_values\((.*),\s*\w+\)$/.exec(query ?? '');
    if (labelValues) expressions.push({ where: `variable "${variable.name}"`, expr: labelValues[1] });
  }
  return expressions;
}

/** Every alert and recording rule expression in a Prometheus rule file. */
export function ruleExpressions(rules) {
  return rules.groups.flatMap((group) =>
    group.rules.map((rule) => ({ where: `rule ${rule.alert ?? rule.record}`, expr: rule.expr })),
  );
}

/** Series Prometheus itself creates for each target; not exported by the server. */
export const PROMETHEUS_SYNTHETIC_METRICS = new Set(['up']);

/** KEY=value lines of an env file, in order. */
export function envKeys(path) {
  return read(path)
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((key) => key !== undefined);
}

/** The server's default PORT, read from its config schema. */
export function serverDefaultPort() {
  const match = /PORT:\s*integer\([^)]*\)\.default\((\d+)\)/.exec(read('packages/server/src/config.ts'));
  if (!match) throw new Error('cannot find the PORT default in packages/server/src/config.ts');
  return Number(match[1]);
}

export const exists = (path) => existsSync(resolve(REPO_ROOT, path));
