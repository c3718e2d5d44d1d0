export { type AppDeps, apiVersion, buildApp } from './app.ts';
export { demoPassword, seedDemoData } from './seed/demo-seed.ts';
export { type RunningApi, type StartApiOptions, startApiServer } from './server.ts';
