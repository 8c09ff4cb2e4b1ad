// deploy.sh command flow with DRY_RUN=1: the docker commands it would run, and the tags it records for rollback.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '@cbmo4ers/testkit';
import { DEPLOY_DIR, runTool } from '../test-support/support.mjs';

const stateDir = mkdtempSync(join(tmpdir(), 'cbm-deploy-state-'));
after(() => rmSync(stateDir, { recursive: true, force: true }));

const deploySh = (...args) =>
  runTool('bash', [join(DEPLOY_DIR, 'deploy.sh'), ...args], {
    env: { ...process.env, DRY_RUN: '1', CBM_STATE_DIR: stateDir, CBM_TAG: '', CBM_URL: '' },
  });
const state = (name) => readFileSync(join(stateDir, name), 'utf8').trim();
const COMPOSE = `docker compose --project-directory ${DEPLOY_DIR} -f ${join(DEPLOY_DIR, 'docker-compose.yml')}`;

test('deploy pulls the tag and starts it, waiting for health; rollback returns to the previous tag', () => {
  let result = deploySh('deploy', 'v1.0.0');
  assert.equal(result.status, 0, result.output);
  assert.ok(result.output.includes(`+ env CBM_TAG=v1.0.0 ${COMPOSE} pull server`), result.output);
  assert.ok(
    result.output.includes(`+ env CBM_TAG=v1.0.0 ${COMPOSE} up -d --remove-orphans --wait`),
    result.output,
  );
  assert.equal(state('current'), 'v1.0.0');

  result = deploySh('deploy', 'v1.1.0', '--build');
  assert.equal(result.status, 0, result.output);
  assert.ok(result.output.includes(`+ env CBM_TAG=v1.1.0 ${COMPOSE} build server`), result.output);
  assert.equal(state('current'), 'v1.1.0');
  assert.equal(state('previous'), 'v1.0.0');

  result = deploySh('rollback');
  assert.equal(result.status, 0, result.output);
  assert.ok(result.output.includes(`+ env CBM_TAG=v1.0.0 ${COMPOSE} up -d`), result.output);
  assert.equal(state('current'), 'v1.0.0');
  assert.equal(state('previous'), 'v1.1.0');
  assert.equal(state('history').split('\n').length, 3);
});

test('monitoring layers the monitoring compose file on the server stack', () => {
  const result = deploySh('monitoring', 'up');
  assert.equal(result.status, 0, result.output);
  assert.ok(
    result.output.includes(
      `${COMPOSE} -f ${join(DEPLOY_DIR, 'docker-compose.monitoring.yml')} up -d --wait prometheus alertmanager grafana uptime-kuma`,
    ),
    result.output,
  );
  assert.match(result.output, /Grafana +http:\/\/127\.0\.0\.1:3000/);
});

test('bad input is refused with a message and a non-zero status', async () => {
  let result = deploySh('deploy', 'not a tag!');
  assert.equal(result.status, 1);
  assert.match(result.output, /not a valid image tag/);
  result = deploySh('launch');
  assert.equal(result.status, 2);
  assert.match(result.output, /deploy.sh deploy \[TAG\]/, 'prints the usage');
  result = deploySh('monitoring', 'sideways');
  assert.equal(result.status, 1);
  const closedPort = await freePort();
  result = deploySh('health', `http://127.0.0.1:${closedPort}`);
  assert.equal(result.status, 1);
  assert.match(result.output, /live: +FAILED/);
});

test('rollback without a recorded previous deployment fails clearly', () => {
  const empty = mkdtempSync(join(tmpdir(), 'cbm-deploy-empty-'));
  try {
    const result = runTool('bash', [join(DEPLOY_DIR, 'deploy.sh'), 'rollback'], {
      env: { ...process.env, DRY_RUN: '1', CBM_STATE_DIR: empty },
    });
    assert.equal(result.status, 1);
    assert.match(result.output, /no previous deployment recorded/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
