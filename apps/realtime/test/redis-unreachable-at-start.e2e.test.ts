import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findFreePort, testSecrets } from '@showfloor/testing';
import { expect, it } from 'vitest';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

it('a node whose Redis is unreachable at start-up exits 1 and says why, rather than hanging', {
  timeout: 40_000,
}, async () => {
  const [port, redisPort] = [await findFreePort(), await findFreePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_INTERNAL_URL: 'http://127.0.0.1:9',
      INTERNAL_API_KEY: testSecrets.internalApiKey,
      JWT_SECRET: testSecrets.jwtSecret,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain(`redis at 127.0.0.1:${redisPort} did not answer`);
  expect(output).toContain('redis unreachable at start-up');
});
