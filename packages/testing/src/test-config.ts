import { type ApiConfig, loadApiConfig, loadRealtimeConfig, type RealtimeConfig } from '@showfloor/config';

export const testSecrets = {
  internalApiKey: 'test-internal-key-0123456789abcdef0123',
  jwtSecret: 'test-jwt-secret-0123456789abcdef0123456789',
};

/** API config as a real start-up would parse it, from test values plus overrides. */
export function testApiConfig(databaseUrl: string, env: Record<string, string> = {}): ApiConfig {
  return loadApiConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    INTERNAL_API_KEY: testSecrets.internalApiKey,
    JWT_SECRET: testSecrets.jwtSecret,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    // A test worker's event loop stalls for reasons of its own (module transforms, other files
    // running beside it); shedding is switched on only by the test of it (load-shedding.test.ts).
    LOAD_SHED_EVENT_LOOP_DELAY_MS: '0',
    // The in-memory visitor index loads and polls on a connection of its own; only its tests
    // (visitor-index.test.ts) need it, the others' visitor dates are past its retention anyway.
    VISITOR_INDEX_MAX_PAGEVIEWS: '0',
    ...env,
  });
}

export function testRealtimeConfig(env: Record<string, string> = {}): RealtimeConfig {
  return loadRealtimeConfig({
    NODE_ENV: 'test',
    INTERNAL_API_KEY: testSecrets.internalApiKey,
    JWT_SECRET: testSecrets.jwtSecret,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ID: 'test-node',
    ...env,
  });
}
