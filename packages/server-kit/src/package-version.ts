import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `version` of the package.json at `packageJsonUrl`, reported by /health. */
export function readPackageVersion(packageJsonUrl: URL): string {
  const parsed = JSON.parse(readFileSync(fileURLToPath(packageJsonUrl), 'utf8')) as { version?: string };
  return parsed.version ?? '0.0.0';
}
