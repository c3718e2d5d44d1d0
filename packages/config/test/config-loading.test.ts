import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadRealtimeConfig } from '../src/index.ts';

const secrets = {
  INTERNAL_API_KEY: 'k'.repeat(32),
  JWT_SECRET: 'j'.repeat(32),
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('API config', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadApiConfig({ ...secrets, DATABASE_URL: 'postgresql://localhost/showfloor', PORT: '4000' });
    expect(config).toMatchObject({ PORT: 4000, HOST: '0.0.0.0', LOG_LEVEL: 'info' });
    expect(config.INTERNAL_PORT).toBeUndefined();
  });

  it('names every missing or bad variable', () => {
    const problems = problemsOf(() => loadApiConfig({ PORT: 'eighty', INTERNAL_API_KEY: 'short' }));
    const names = problems.map((problem) => problem.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'INTERNAL_API_KEY']));
  });

  it('serves no web app unless WEB_DIST_DIR is set; the realtime URL defaults to the page’s host on port 3001', () => {
    const config = loadApiConfig({ ...secrets, DATABASE_URL: 'postgres://db/x' });
    expect(config.WEB_DIST_DIR).toBeUndefined();
    expect(config.PUBLIC_REALTIME_URL).toBeUndefined();
    expect(config.PUBLIC_REALTIME_PORT).toBe(3001);
  });

  it('takes PUBLIC_REALTIME_URL as an origin and refuses one with a path or another scheme', () => {
    const base = { ...secrets, DATABASE_URL: 'postgres://db/x' };
    expect(loadApiConfig({ ...base, PUBLIC_REALTIME_URL: 'https://live.example.com/' }).PUBLIC_REALTIME_URL).toBe(
      'https://live.example.com',
    );
    for (const bad of ['https://live.example.com/socket', 'ws://live.example.com', 'live.example.com']) {
      expect(problemsOf(() => loadApiConfig({ ...base, PUBLIC_REALTIME_URL: bad }))[0]).toMatch(
        /^PUBLIC_REALTIME_URL: /,
      );
    }
  });

  it('treats an empty variable as unset', () => {
    const config = loadApiConfig({ ...secrets, DATABASE_URL: 'postgres://db/x', INTERNAL_PORT: '' });
    expect(config.INTERNAL_PORT).toBeUndefined();
  });
});

describe('realtime config', () => {
  it('derives a node id and refuses a window that is not a whole number of samples', () => {
    expect(loadRealtimeConfig({ ...secrets, PORT: '3001' }).NODE_ID).toMatch(/:3001$/);
    const problems = problemsOf(() =>
      loadRealtimeConfig({ ...secrets, SAMPLE_INTERVAL_MS: '7000', SNAPSHOT_INTERVAL_MS: '60000' }),
    );
    expect(problems[0]).toMatch(/^SNAPSHOT_INTERVAL_MS: must be a multiple of SAMPLE_INTERVAL_MS/);
  });

  it('takes a cluster through REDIS_URL: a key prefix, a heartbeat, and NODE_ID "cluster" reserved', () => {
    const config = loadRealtimeConfig({ ...secrets, REDIS_URL: 'redis://redis:6379' });
    expect(config).toMatchObject({ REDIS_KEY_PREFIX: 'showfloor:', NODE_HEARTBEAT_MS: 2_000 });
    const problems = problemsOf(() =>
      loadRealtimeConfig({ ...secrets, NODE_ID: 'cluster', REDIS_URL: 'http://redis', REDIS_KEY_PREFIX: 'a b' }),
    );
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'NODE_ID',
      'REDIS_KEY_PREFIX',
      'REDIS_URL',
    ]);
  });

  it('bounds what a crash can lose, what a frozen client can hold up, and batch bodies by default', () => {
    expect(loadRealtimeConfig({ ...secrets })).toMatchObject({
      TOTALS_CHECKPOINT_MS: 10_000,
      SHUTDOWN_SOCKET_CLOSE_MS: 1_000,
      API_BODY_LIMIT_BYTES: 4_194_304,
    });
  });
});
