// Everything, for the services. A browser imports the subpaths instead (package.json `exports`):
// `/rest`, `/socket`, `/rules` and `/errors` never reach `internal/`.
export * from './errors/index.ts';
export * from './internal/index.ts';
export * from './rest/index.ts';
export * from './rules/index.ts';
export * from './socket/index.ts';
