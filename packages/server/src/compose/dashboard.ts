import { createRequire } from 'node:module';
import { dirname } from 'node:path';

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
    return undefined;
  }
}
