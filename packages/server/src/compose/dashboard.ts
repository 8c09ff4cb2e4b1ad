import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard package's build output, through the `./dist/*` entry of its `exports`. */
const DASHBOARD_ENTRY = '@cbmo4ers/example-dashboard/dist/index.html';

/**
 * Where the reference dashboard's build is when DASHBOARD_DIR is not set: resolved through its package
 * (`@cbmo4ers/example-dashboard`, examples/dashboard) as any dependency is; undefined where it is not installed,
 * as with the published server alone (then only DASHBOARD_DIR serves one).
 */
export function dashboardDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve(DASHBOARD_ENTRY));
  } catch {
    return workspaceFallback();
  }
}

/**
 * Transitional: until the server's package.json lists `@cbmo4ers/example-dashboard` (a devDependency, linked by
 * `pnpm install`), the package does not resolve from here and the workspace's copy is found by its place in the
 * repository. Delete this once the dependency is installed.
 */
function workspaceFallback(): string {
  return fileURLToPath(new URL('../../../../examples/dashboard/dist', import.meta.url));
}
