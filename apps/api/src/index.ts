export { type AppDeps, apiVersion, buildApp } from './app.ts';
export { type RunningApi, type StartApiOptions, startApiServer } from './server.ts';
