import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where screenshots go: e2e/artifacts (kept by CI as test artifacts, ignored by git). */
export function artifact(name: string): string {
  const dir = fileURLToPath(new URL('../artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}`;
}
