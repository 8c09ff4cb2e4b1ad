#!/usr/bin/env node
// The package build: rollup (npm modules + one-file bundles), type declarations, custom-elements.json.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, ...args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(join(root, 'build'), { recursive: true, force: true });
run(bin('rollup'), '-c', '--silent');
// The SDK's types come from its source (no wait for its build); only ours are kept, and they import
// `@cbmo4ers/sdk` by name, as a consumer resolves it.
run(bin('tsc'), '-p', 'tsconfig.build.json');
cpSync(join(root, 'build/types/widgets/src'), join(root, 'dist/types'), { recursive: true });
rmSync(join(root, 'build'), { recursive: true, force: true });
run(bin('cem'), 'analyze', '--quiet');
console.log('@cbmo4ers/widgets: built dist/ and custom-elements.json');
