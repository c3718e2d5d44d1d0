export { type ApiConfig, apiEnvSchema, loadApiConfig } from './api-config.ts';
export { ConfigError, type Env, parseEnv } from './env-parser.ts';
export { type LauncherConfig, launcherEnvSchema, loadLauncherConfig } from './launcher-config.ts';
export { loadRealtimeConfig, type RealtimeConfig, realtimeEnvSchema } from './realtime-config.ts';
