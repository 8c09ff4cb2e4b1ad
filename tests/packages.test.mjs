// The public packages as a user gets them: packed to tarballs (what `npm publish` would upload), installed with
// npm into a fresh project outside the workspace, then loaded the ways users load them. Needs `pnpm build`
// first (the test command builds before it tests) and the npm registry for the packages' own dependencies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['contract', 'sdk', 'widgets'];
let work;
let project;

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
/** Runs a script with the project's node_modules, as the user's own file would. */
const node = (args) => run(process.execPath, args, project).trim();
const tarball = (name) =>
  join(
    work,
    readdirSync(work).find((file) => file.startsWith(`cbmo4ers-${name}-`)),
  );
const filesOf = (name) =>
  run('tar', ['tzf', tarball(name)], work)
    .split('\n')
    .filter(Boolean);

before(() => {
  work = mkdtempSync(join(tmpdir(), 'cbm-packages-'));
  for (const name of PACKAGES)
    run('pnpm', ['pack', '--pack-destination', work], join(root, 'packages', name));
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map(tarball)], project);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('every tarball carries its LICENSE and dist, and no test or source file', () => {
  for (const name of PACKAGES) {
    const files = filesOf(name);
    assert.ok(files.includes('package/LICENSE'), `${name}: LICENSE`);
    assert.ok(
      files.some((file) => file.startsWith('package/dist/')),
      `${name}: dist`,
    );
    assert.deepEqual(
      files.filter((file) => /\.test\.|\/src\/|test-support/.test(file)),
      [],
      `${name}: nothing but the build`,
    );
  }
});

test('source maps carry their sources (the .ts files they name are not shipped)', () => {
  for (const name of PACKAGES) {
    const maps = filesOf(name).filter((file) => file.endsWith('.js.map'));
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(
        readFileSync(join(project, 'node_modules', '@cbmo4ers', name, map.replace('package/', '')), 'utf8'),
      );
      assert.equal(sourcesContent?.length, sources.length, `${name}/${map}: sourcesContent`);
    }
  }
});

test('require() from CommonJS and import from ESM both load the SDK and the contract', () => {
  assert.equal(node(['-e', "console.log(typeof require('@cbmo4ers/sdk').createClient)"]), 'function');
  assert.equal(
    node(['-e', "console.log(require('@cbmo4ers/contract').TOPIC_TABLE.topBanner.event)"]),
    'top-banner-scroll',
  );
  assert.equal(
    node([
      '--input-type=module',
      '-e',
      "import { createClient } from '@cbmo4ers/sdk'; console.log(typeof createClient)",
    ]),
    'function',
  );
});

test('Node resolves the SDK to its Node entry (the stream read with fetch), browsers to the plain one', () => {
  const resolved = node(['--input-type=module', '-e', "console.log(import.meta.resolve('@cbmo4ers/sdk'))"]);
  assert.match(resolved, /\/dist\/node\.js$/);
  const { exports } = JSON.parse(
    readFileSync(join(project, 'node_modules', '@cbmo4ers', 'sdk', 'package.json'), 'utf8'),
  );
  assert.equal(exports['.'].import, './dist/index.js');
});

test('the widgets load in Node (server rendering, tests) through Lit’s own DOM shim', () => {
  const exported = node([
    '--input-type=module',
    '-e',
    "const w = await import('@cbmo4ers/widgets'); console.log(typeof w.CbmGainersTable)",
  ]);
  assert.equal(exported, 'function');
  assert.equal(node(['-e', "console.log(typeof require('@cbmo4ers/widgets').CbmStatus)"]), 'function');
});
