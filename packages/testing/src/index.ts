export { capturedLogger, type LogLine, requestIdsReceived } from './captured-logs.ts';
export { findFreePort, startTestDatabaseServer, type TestDatabaseServer } from './database/database-server.ts';
export { createTestDatabase, type TestDatabase, testDatabaseServerUrl } from './database/test-database.ts';
export { createSession, createUser } from './factories/fixture-factories.ts';
export { ManualClock } from './manual-clock.ts';
export { createTestAccessTokens, type TestAccessTokens } from './test-access-tokens.ts';
export { testApiConfig, testRealtimeConfig, testSecrets } from './test-config.ts';
export { waitFor } from './wait-for.ts';
