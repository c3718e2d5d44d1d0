import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/stopped-service.ts', import.meta.url));

/** The fixture as its own process; resolves once it has started (or has exited trying). */
async function startFixture(mode: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, FIXTURE_MODE: mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waiting = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of waiting) check();
  });
  const said = (line: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!stdout.split('\n').includes(line)) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  await Promise.race([said('started'), exited]);
  return {
    child,
    said,
    async outcome() {
      const exit = await exited;
      return { ...exit, lines: stdout.split('\n').filter(Boolean), stderr };
    },
  };
}

describe('a service process being stopped (runService)', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('on %s closes the service, then exits 0', async (signal) => {
    const service = await startFixture('clean');
    service.child.kill(signal);
    expect(await service.outcome()).toMatchObject({ code: 0, lines: ['started', 'closing', 'closed'] });
  });

  it('on an unhandled rejection closes the service (so what it holds is flushed), then exits 1', async () => {
    const service = await startFixture('unhandled-rejection');
    expect(await service.outcome()).toMatchObject({ code: 1, lines: ['started', 'closing', 'closed'] });
  });

  it('exits 1 when closing fails', async () => {
    const service = await startFixture('failing-close');
    service.child.kill('SIGTERM');
    expect(await service.outcome()).toMatchObject({ code: 1, lines: ['started', 'closing'] });
  });

  it('a second signal while closing exits 1 at once, without waiting for the close', async () => {
    const service = await startFixture('slow-close');
    service.child.kill('SIGTERM');
    await service.said('closing');
    service.child.kill('SIGTERM');
    expect(await service.outcome()).toMatchObject({ code: 1, lines: ['started', 'closing'] });
  });

  it('a bad configuration stops start-up with its message and exit code 1', async () => {
    const service = await startFixture('bad-config');
    const outcome = await service.outcome();
    expect(outcome).toMatchObject({ code: 1, lines: [] });
    expect(outcome.stderr).toContain('showfloor fixture: FIXTURE_SETTING must be set');
  });
});
