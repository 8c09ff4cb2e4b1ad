// The GitHub workflows call scripts that exist, use the Node and pnpm the project pins, and release what exists.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { exists, loadYaml, REPO_ROOT, read, readJson } from '../test-support/support.mjs';

const ci = await loadYaml('.github/workflows/ci.yml');
const release = await loadYaml('.github/workflows/release.yml');
const rootPackage = readJson('package.json');
const steps = (workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const runLines = (workflow) =>
  steps(workflow)
    .flatMap((step) => (step.run ?? '').split('\n'))
    .map((line) => line.trim());
const PNPM_COMMANDS = new Set(['install', 'exec', 'publish', 'config', 'deploy', 'fetch', 'run']);

test('every root script a workflow runs exists in package.json', () => {
  const missing = [];
  for (const workflow of [ci, release]) {
    for (const line of runLines(workflow)) {
      const match = /^pnpm (?:run )?([a-z][\w:-]*)/.exec(line);
      if (!match || PNPM_COMMANDS.has(match[1])) continue;
      if (!rootPackage.scripts?.[match[1]] && !missing.includes(match[1])) missing.push(match[1]);
    }
  }
  assert.deepEqual(missing, [], `add these scripts to the root package.json: ${missing.join(', ')}`);
});

test('ci.yml covers install, lint, typecheck, build, size, test, Storybook, Docker and CodeQL', () => {
  const lines = runLines(ci).join('\n');
  for (const command of [
    'pnpm install --frozen-lockfile',
    'pnpm lint',
    'pnpm typecheck',
    'pnpm build',
    'pnpm size',
    'pnpm test',
    'pnpm build-storybook',
  ]) {
    assert.ok(lines.includes(command), `ci.yml runs ${command}`);
  }
  const uses = steps(ci).map((step) => step.uses ?? '');
  assert.ok(uses.some((action) => action.startsWith('github/codeql-action/analyze@')));
  assert.ok(ci.jobs.codeql.permissions['security-events'] === 'write');
  assert.ok(steps(ci).some((step) => step.with?.file === 'deploy/Dockerfile'));
});

test('Node and pnpm versions match the Dockerfile and packageManager', () => {
  const nodeVersion = /ARG NODE_VERSION=(\S+)/.exec(read('deploy/Dockerfile'))[1];
  const pnpmVersion = rootPackage.packageManager.replace(/^pnpm@/, '');
  for (const workflow of [ci, release]) {
    assert.equal(workflow.env.PNPM_VERSION, pnpmVersion);
    for (const step of steps(workflow)) {
      if (step.with?.['node-version']) assert.equal(String(step.with['node-version']), nodeVersion);
    }
  }
  assert.equal(ci.jobs.verify.container.image, `node:${nodeVersion}-bookworm`);
});

test('release.yml publishes every public package and pushes the image built from deploy/Dockerfile', () => {
  // Every package that is not private, found on disk, so a new public package cannot be forgotten.
  const publishable = readdirSync(join(REPO_ROOT, 'packages'))
    .map((name) => `packages/${name}`)
    .filter((dir) => exists(`${dir}/package.json`) && !readJson(`${dir}/package.json`).private);
  assert.ok(publishable.includes('packages/contract'));
  const text = read('.github/workflows/release.yml');
  for (const dir of publishable) assert.ok(text.includes(dir), `the tag check covers ${dir}`);
  assert.ok(runLines(release).some((line) => line.startsWith('pnpm -r publish')));
  const push = steps(release).find((step) => step.uses?.startsWith('docker/build-push-action@'));
  assert.equal(push.with.file, 'deploy/Dockerfile');
  assert.ok(exists(push.with.file));
  assert.equal(push.with.push, true);
  assert.equal(release.jobs.image.permissions.packages, 'write');
  assert.ok(release.on.push.tags.length > 0);
});
