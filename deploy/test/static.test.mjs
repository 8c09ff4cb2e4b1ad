// Static checks of the Docker and monitoring files (no Docker engine needed): every referenced file exists, and
// ports, paths, healthchecks and variables agree with the server's configuration.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { test } from 'node:test';
import {
  DEPLOY_DIR,
  envKeys,
  exists,
  loadYaml,
  REPO_ROOT,
  read,
  readJson,
  serverDefaultPort,
} from '../test-support/support.mjs';

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function dockerInstructions(text) {
  const instructions = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) && pending === '') continue;
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const [, keyword, args] = /^(\w+)\s+([\s\S]*)$/.exec(full);
    instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return instructions;
}

/** Instructions of each stage, keyed by stage name. */
function dockerStages(instructions) {
  const stages = new Map();
  let current;
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction.args);
      current = { image, instructions: [] };
      stages.set(name ?? `stage${stages.size}`, current);
    } else current?.instructions.push(instruction);
  }
  return stages;
}

const dockerfile = dockerInstructions(read('deploy/Dockerfile'));
const stages = dockerStages(dockerfile);
const runtime = [...stages.values()].at(-1);
const runtimeOf = (keyword) => runtime.instructions.filter((instruction) => instruction.keyword === keyword);
const runtimeEnv = Object.fromEntries(
  runtimeOf('ENV').flatMap(({ args }) =>
    [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, k, v]) => [k, v]),
  ),
);
const args = Object.fromEntries(
  dockerfile
    .filter((instruction) => instruction.keyword === 'ARG')
    .map(({ args: text }) => text.split('='))
    .filter((pair) => pair.length === 2),
);
const defaultPort = serverDefaultPort();
const healthRoutes = read('packages/server/src/http/routes/health.ts');
const metricsRoutes = read('packages/server/src/http/routes/metrics.ts');
const rootEnvKeys = envKeys('.env.example');
const rootPackage = readJson('package.json');
const workspacePackageNames = () => {
  const names = new Map();
  for (const dir of ['packages/sdk', 'packages/widgets', 'packages/server', 'examples/dashboard']) {
    if (exists(`${dir}/package.json`)) names.set(readJson(`${dir}/package.json`).name, dir);
  }
  return names;
};

test('the server default port, .env.example and the Dockerfile agree on 5001', () => {
  assert.equal(defaultPort, 5001);
  assert.ok(
    read('.env.example').includes(`\nPORT=${defaultPort}\n`),
    '.env.example documents the default PORT',
  );
  assert.deepEqual(
    runtimeOf('EXPOSE').map(({ args: port }) => port),
    [String(defaultPort)],
  );
  assert.equal(runtimeEnv.PORT, String(defaultPort));
});

test('Dockerfile: node 20 and the pnpm of packageManager, multi-stage', () => {
  assert.ok(stages.size >= 2, 'a build stage and a runtime stage');
  assert.match(args.NODE_VERSION ?? '', /^20\.\d+\.\d+$/, 'NODE_VERSION is a Node 20 release');
  const [minor] = /^20\.(\d+)/.exec(args.NODE_VERSION).slice(1).map(Number);
  assert.ok(minor >= 19, 'satisfies engines.node >=20.19');
  assert.equal(`pnpm@${args.PNPM_VERSION}`, rootPackage.packageManager);
  for (const stage of stages.values()) assert.match(stage.image, /^node:\$\{NODE_VERSION\}-/);
});

test('Dockerfile: files copied from the context exist and are not excluded by .dockerignore', () => {
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const stage of stages.values()) {
    for (const { args: copyArgs } of stage.instructions.filter(({ keyword }) => keyword === 'COPY')) {
      if (/--from=/.test(copyArgs)) continue;
      const parts = copyArgs.split(/\s+/).filter((part) => !part.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        if (source === '.') continue;
        assert.ok(exists(source), `COPY ${source}: not in the repository`);
        assert.ok(!ignored.includes(source), `COPY ${source}: excluded by .dockerignore`);
      }
    }
  }
  for (const entry of ['**/node_modules', '**/dist', '.git', '.env']) {
    assert.ok(ignored.includes(entry), `.dockerignore leaves out ${entry}`);
  }
  // pnpm install --frozen-lockfile needs every workspace manifest in the context.
  assert.ok(ignored.includes('!deploy/package.json'), 'deploy/package.json stays in the context');
});

test('Dockerfile: builds the workspace packages it names and ships the server and the dashboard', () => {
  const build = stages.get('build');
  assert.ok(build, 'a stage named build');
  const runs = build.instructions.filter(({ keyword }) => keyword === 'RUN').map(({ args: text }) => text);
  const packages = workspacePackageNames();
  const filtered = new Set(runs.join(' ').match(/@cbmo4ers\/[\w-]+/g));
  for (const name of filtered)
    assert.ok(packages.has(name), `pnpm --filter ${name}: no such workspace package`);
  assert.ok(runs.some((text) => /pnpm .*--filter @cbmo4ers\/server deploy --prod/.test(text)));
  const server = readJson('packages/server/package.json');
  assert.ok(server.files.includes('dist'), 'pnpm deploy copies dist/ (the "files" of the server)');
  assert.ok(exists('packages/server/src/main.ts'));

  const copies = runtimeOf('COPY').map(({ args: text }) => text);
  assert.ok(
    copies.some((text) => /--from=build \/out\/? \/app\/?$/.test(text)),
    'the deployed server at /app',
  );
  const dashboardCopy = copies.find((text) => text.includes('examples/dashboard/dist'));
  assert.ok(dashboardCopy, 'the dashboard is copied into the image');
  const target = dashboardCopy.split(/\s+/).at(-1).replace(/\/$/, '');
  assert.equal(runtimeEnv.DASHBOARD_DIR, target, 'DASHBOARD_DIR points at the copied dashboard');
  assert.ok(rootEnvKeys.includes('DASHBOARD_DIR'));
  assert.ok(packages.get('@cbmo4ers/example-dashboard') === 'examples/dashboard', 'the dashboard package');
  assert.ok(readJson('examples/dashboard/package.json').scripts?.build, 'the dashboard has a build script');
  assert.deepEqual(
    runtimeOf('CMD').map(({ args: text }) => JSON.parse(text)),
    [['node', 'dist/main.js']],
  );
});

test('Dockerfile: non-root user, and a HEALTHCHECK on a liveness route the server has', () => {
  const users = runtimeOf('USER').map(({ args: user }) => user.trim());
  assert.equal(users.length, 1);
  assert.ok(!['root', '0', '0:0'].includes(users[0]), `runs as ${users[0]}`);
  const [healthcheck] = runtimeOf('HEALTHCHECK');
  assert.ok(healthcheck, 'a HEALTHCHECK');
  assert.match(healthcheck.args, /\/api\/health\/live/);
  assert.match(healthcheck.args, /process\.env\.PORT\|\|5001/);
  assert.ok(healthRoutes.includes("router.get('/api/health/live'"), 'the server serves /api/health/live');
});

test('docker-compose.yml: server and redis, build files, port, healthchecks and variables agree', async () => {
  const compose = await loadYaml('deploy/docker-compose.yml');
  const { server, redis } = compose.services;
  assert.ok(server && redis, 'services server and redis');

  const context = resolve(DEPLOY_DIR, server.build.context);
  assert.equal(context, REPO_ROOT, 'the build context is the repository root');
  assert.ok(exists(posix.join(server.build.dockerfile)), `${server.build.dockerfile} exists`);

  assert.equal(server.environment.PORT, String(defaultPort));
  assert.deepEqual(
    server.ports.map((mapping) => mapping.split(':').at(-1)),
    [String(defaultPort)],
  );
  assert.ok(
    server.ports.every((mapping) => mapping.startsWith('127.0.0.1:')),
    'the server is published on loopback only: the public goes through the proxy',
  );
  const healthcheck = server.healthcheck.test.join(' ');
  assert.match(healthcheck, new RegExp(`127\\.0\\.0\\.1:${defaultPort}/api/health/live`));

  // Every server variable passes through; nothing else, so a typo cannot hide.
  assert.deepEqual(Object.keys(server.environment).sort(), [...rootEnvKeys].sort());
  // Defaults in compose must not undo the image's ENV (an empty DASHBOARD_DIR would lose the dashboard).
  for (const [key, value] of Object.entries(server.environment)) {
    if (!(key in runtimeEnv)) continue;
    const fallback = /^\$\{\w+:-(.*)\}$/.exec(String(value))?.[1] ?? String(value);
    assert.equal(fallback, runtimeEnv[key], `${key} in compose defaults to the image's value`);
  }

  assert.equal(server.environment.REDIS_URL, 'redis://redis:6379');
  assert.deepEqual(server.depends_on, { redis: { condition: 'service_healthy' } });
  assert.deepEqual(redis.healthcheck.test, ['CMD', 'redis-cli', 'ping']);
  const grace = Number(/^(\d+)s$/.exec(server.stop_grace_period)?.[1]);
  const shutdownMs = Number(/\nSHUTDOWN_TIMEOUT_MS=(\d+)/.exec(read('.env.example'))[1]);
  assert.ok(grace * 1000 > shutdownMs, 'stop_grace_period outlasts SHUTDOWN_TIMEOUT_MS');
});

test('docker-compose.monitoring.yml: mounted files exist and every cross-reference resolves', async () => {
  const base = await loadYaml('deploy/docker-compose.yml');
  const monitoring = await loadYaml('deploy/docker-compose.monitoring.yml');
  const services = { ...base.services, ...monitoring.services };
  for (const name of ['prometheus', 'alertmanager', 'grafana', 'uptime-kuma']) {
    assert.ok(monitoring.services[name], `service ${name}`);
  }

  const mounts = new Map();
  for (const [name, service] of Object.entries(monitoring.services)) {
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      assert.ok(services[dependency], `${name} depends on unknown service ${dependency}`);
    }
    for (const volume of service.volumes ?? []) {
      const [source, target] = volume.split(':');
      if (source.startsWith('.')) {
        assert.ok(exists(join('deploy', source)), `${name}: ${source} does not exist`);
        mounts.set(target, join('deploy', source));
      } else {
        assert.ok(source in (monitoring.volumes ?? {}), `${name}: volume ${source} is declared`);
      }
    }
    if (name !== 'uptime-kuma') assert.ok(service.healthcheck, `${name} has a healthcheck`);
  }

  // Prometheus: its rule files are mounted beside the config, and it scrapes the server where it listens.
  const prometheusConfigPath = '/etc/prometheus/prometheus.yml';
  assert.ok(monitoring.services.prometheus.command.includes(`--config.file=${prometheusConfigPath}`));
  const prometheusConfig = await loadYaml(mounts.get(prometheusConfigPath));
  for (const file of prometheusConfig.rule_files) {
    assert.ok(
      mounts.has(posix.join(posix.dirname(prometheusConfigPath), file)),
      `rule file ${file} is mounted`,
    );
  }
  const job = prometheusConfig.scrape_configs.find((scrape) => scrape.job_name === 'cbmo4ers');
  assert.equal(job.metrics_path, '/metrics');
  assert.ok(metricsRoutes.includes("router.get('/metrics'"), 'the server serves /metrics');
  assert.deepEqual(job.dns_sd_configs[0].names, ['server']);
  // Metrics have their own listener, on the compose network and never published.
  const { environment } = base.services.server;
  assert.equal(job.dns_sd_configs[0].port, Number(environment.METRICS_PORT));
  assert.notEqual(Number(environment.METRICS_PORT), defaultPort);
  assert.equal(environment.METRICS_HOST, '0.0.0.0', 'reachable from the prometheus container');
  assert.ok(!base.services.server.ports.some((port) => port.endsWith(`:${environment.METRICS_PORT}`)));
  const [alertmanagerTarget] = prometheusConfig.alerting.alertmanagers[0].static_configs[0].targets;
  assert.equal(alertmanagerTarget, 'alertmanager:9093');
  assert.ok(monitoring.services.alertmanager.ports.some((port) => port.endsWith(':9093')));
  assert.ok(mounts.has('/etc/alertmanager/alertmanager.yml'));

  // Grafana: datasource URL, dashboard folder and the datasource uid the dashboard uses.
  const provisioning = mounts.get('/etc/grafana/provisioning');
  const datasources = await loadYaml(join(provisioning, 'datasources/prometheus.yml'));
  const [datasource] = datasources.datasources;
  assert.equal(datasource.url, 'http://prometheus:9090');
  assert.ok(monitoring.services.prometheus.ports.some((port) => port.endsWith(':9090')));
  const providers = await loadYaml(join(provisioning, 'dashboards/cbmo4ers.yml'));
  const dashboardsDir = mounts.get(providers.providers[0].options.path);
  assert.ok(dashboardsDir, 'the dashboard provider path is mounted');
  const home = monitoring.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
  assert.ok(exists(join(dashboardsDir, posix.basename(home))), 'the home dashboard exists');
  const dashboard = readJson(join(dashboardsDir, 'cbmo4ers-overview.json'));
  const uids = new Set();
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      if (value.datasource?.type === 'prometheus') uids.add(value.datasource.uid);
      Object.values(value).forEach(visit);
    }
  };
  visit(dashboard);
  assert.deepEqual([...uids], [datasource.uid], 'every panel uses the provisioned datasource');
});

test('deploy/.env.example: every knob is used, every used knob is documented', async () => {
  const documented = envKeys('deploy/.env.example');
  const composeText = `${read('deploy/docker-compose.yml')}\n${read('deploy/docker-compose.monitoring.yml')}`;
  const used = new Set([...composeText.matchAll(/\$\{(\w+)/g)].map(([, name]) => name));
  const script = read('deploy/deploy.sh');
  for (const key of documented) {
    assert.ok(
      used.has(key) || rootEnvKeys.includes(key) || script.includes(key),
      `${key} in deploy/.env.example is used nowhere`,
    );
  }
  for (const key of used) {
    assert.ok(
      documented.includes(key) || rootEnvKeys.includes(key),
      `\${${key}} in a compose file is documented in no .env.example`,
    );
  }
});

test('docker-compose.yml: nginx in front with TLS and limits, the server trusting exactly that one hop', async () => {
  const compose = await loadYaml('deploy/docker-compose.yml');
  const { proxy, server } = compose.services;
  assert.ok(proxy, 'a proxy service');
  assert.match(proxy.image, /^nginx:\d+\.\d+/);
  assert.deepEqual(
    proxy.ports.map((mapping) => mapping.split(':').at(-1)),
    ['80', '443'],
  );
  assert.deepEqual(proxy.depends_on, { server: { condition: 'service_healthy' } });
  const mounts = Object.fromEntries(
    proxy.volumes.map((volume) => /^(\$\{[^}]*\}|[^:]+):([^:]+)/.exec(volume).slice(1, 3).reverse()),
  );
  assert.equal(mounts['/etc/nginx/nginx.conf'], './nginx/nginx.conf');
  assert.ok(exists('deploy/nginx/nginx.conf'));
  assert.match(mounts['/etc/nginx/certs'], /^\$\{CBM_TLS_DIR:-\.\/nginx\/certs\}$/);
  assert.match(server.environment.TRUST_PROXY, /^\$\{TRUST_PROXY:-1\}$/, 'one trusted hop: the proxy');

  const conf = read('deploy/nginx/nginx.conf').replace(/#.*$/gm, '');
  const directive = (name) =>
    [...conf.matchAll(new RegExp(`^[ \\t]*${name}[ \\t]+([^;{]+);`, 'gm'))].map((m) => m[1]);
  assert.deepEqual(directive('server'), [`server:${defaultPort}`], 'the upstream is the server on its port');
  assert.ok(directive('listen').includes('443 ssl'), 'TLS on 443');
  assert.deepEqual(directive('ssl_certificate'), ['/etc/nginx/certs/fullchain.pem']);
  assert.deepEqual(directive('ssl_certificate_key'), ['/etc/nginx/certs/privkey.pem']);
  assert.match(directive('limit_conn').join(), /^per_client \d+$/, 'connections per client address');
  assert.ok(directive('limit_req').length > 0, 'a request rate per client address');
  assert.ok(directive('limit_req').every((value) => /^zone=requests /.test(value)));
  // The header the server trusts is the address nginx saw, never one the client sent (appending would keep it).
  assert.deepEqual(
    directive('proxy_set_header').filter((value) => /^X-Forwarded-For /i.test(value)),
    ['X-Forwarded-For $remote_addr'],
  );
  const seconds = (value) => Number(/^(\d+)s$/.exec(value)?.[1]);
  assert.ok(seconds(directive('client_header_timeout')[0]) <= 5, 'slow headers are cut within 5 s');
  const stream = /location = \/api\/stream \{([^}]*)\}/.exec(conf)?.[1] ?? '';
  assert.match(stream, /proxy_buffering off;/, 'SSE is not buffered');
  assert.ok(/proxy_read_timeout (\d+)h;/.test(stream), 'SSE outlives the read timeout of requests');
  const healthcheck = proxy.healthcheck.test.join(' ');
  const path = /http:\/\/127\.0\.0\.1(\/\S+)/.exec(healthcheck)?.[1];
  assert.ok(path && conf.includes(`location = ${path} {`), 'the healthcheck path is answered by nginx');
});

test('deploy.sh is executable', () => {
  assert.ok(statSync(join(DEPLOY_DIR, 'deploy.sh')).mode & 0o111, 'chmod +x deploy/deploy.sh');
});
