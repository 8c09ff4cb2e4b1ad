// The monitoring configuration passes the tools that will load it, and deploy.sh is clean under shellcheck.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEPLOY_DIR, requireTool, runTool } from '../test-support/support.mjs';

const PROMETHEUS_DIR = join(DEPLOY_DIR, 'prometheus');

test('promtool check config accepts prometheus.yml and the rule file it loads', () => {
  const promtool = requireTool('promtool');
  const result = runTool(promtool, ['check', 'config', join(PROMETHEUS_DIR, 'prometheus.yml')]);
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /SUCCESS: \d+ rules found/, result.output);
});

test('promtool test rules: every alert fires when it should and not when it should not', () => {
  const promtool = requireTool('promtool');
  const result = runTool(promtool, ['test', 'rules', 'alerts.test.yml'], { cwd: PROMETHEUS_DIR });
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /SUCCESS/, result.output);
});

test('amtool check-config accepts alertmanager.yml', () => {
  const amtool = requireTool('amtool');
  const result = runTool(amtool, ['check-config', join(DEPLOY_DIR, 'alertmanager/alertmanager.yml')]);
  assert.equal(result.status, 0, result.output);
});

test('shellcheck finds nothing in deploy.sh', () => {
  const shellcheck = requireTool('shellcheck');
  const result = runTool(shellcheck, ['--severity=style', join(DEPLOY_DIR, 'deploy.sh')]);
  assert.equal(result.status, 0, result.output);
});
