import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuildReason, webAppPaths } from './web-app-tasks.ts';

describe('staleBuildReason', () => {
  let repo: string;
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  function webApp() {
    repo = mkdtempSync(join(tmpdir(), 'web-app-tasks-'));
    const paths = webAppPaths(repo);
    mkdirSync(join(paths.dir, 'src', 'pages'), { recursive: true });
    writeFileSync(join(paths.dir, 'index.html'), '');
    writeFileSync(join(paths.dir, 'vite.config.ts'), '');
    writeFileSync(join(paths.dir, 'src', 'pages', 'room.tsx'), '');
    return paths;
  }
  const at = (path: string, secondsAgo: number) => {
    const time = new Date(Date.now() - secondsAgo * 1_000);
    utimesSync(path, time, time);
  };
  function built(paths: ReturnType<typeof webApp>, secondsAgo: number) {
    mkdirSync(paths.dist, { recursive: true });
    writeFileSync(join(paths.dist, 'index.html'), '');
    at(join(paths.dist, 'index.html'), secondsAgo);
  }
  function sourcesAt(paths: ReturnType<typeof webApp>, secondsAgo: number) {
    for (const file of ['index.html', 'vite.config.ts', 'src/pages/room.tsx']) at(join(paths.dir, file), secondsAgo);
  }

  it('asks for a build when there is none', () => {
    expect(staleBuildReason(webApp())).toMatch(/missing/);
  });

  it('is null when the build is newer than every source', () => {
    const paths = webApp();
    sourcesAt(paths, 60);
    built(paths, 10);
    expect(staleBuildReason(paths)).toBeNull();
  });

  it.each(['src/pages/room.tsx', 'index.html', 'vite.config.ts'])('asks again once %s is newer', (file) => {
    const paths = webApp();
    sourcesAt(paths, 60);
    built(paths, 30);
    at(join(paths.dir, file), 5);
    expect(staleBuildReason(paths)).toMatch(/newer/);
  });
});
