import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/**
 * Paths that belong to the API, never to the web app: an unknown one is the API's JSON 404, not the
 * page (a client calling a wrong /api URL must see the error, not HTML).
 */
const apiPaths = ['/api', '/internal', '/health', '/docs', '/config.json'];

export function isApiPath(pathname: string): boolean {
  return apiPaths.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/** Whether an Accept header names text/html (a browser navigating), with a q above 0. */
export function acceptsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (mediaType !== 'text/html') return false;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/**
 * The file under `root` a URL path names — decoded, as a path relative to `root` starting with `/`
 * — or null when there is none: a directory, a dotfile, anything outside `root`, a malformed path.
 */
export async function webAppFileFor(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return null;
  const absolute = resolve(root, ...segments);
  if (!absolute.startsWith(root + sep)) return null;
  try {
    return (await stat(absolute)).isFile() ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * Built assets have content hashes in their names (Vite's `assets/`), so they never change: cached
 * for a year. Everything else (index.html above all) is revalidated on every load, so a new build
 * is picked up at once.
 */
export function cacheControlFor(root: string, absolutePath: string): string {
  return absolutePath.startsWith(resolve(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
