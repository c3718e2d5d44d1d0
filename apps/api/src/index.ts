export { type AppDeps, apiVersion, buildApp } from './app.ts';
// For bench, which measure these pieces directly.
export { hashPassword } from './modules/auth/password-hasher.ts';
export { engagementStatsQueries } from './modules/engagement-stats/engagement-stats.repository.ts';
export { ageBandCode, cellOf, genderCode } from './modules/feature-analytics/feature-cells.ts';
export {
  productCountQuery,
  productPageQuery,
  sessionCountQuery,
  sessionPageQuery,
} from './modules/search/search.repository.ts';
export { demoPassword, seedDemoData } from './seed/demo-seed.ts';
export { type RunningApi, type StartApiOptions, startApiServer } from './server.ts';
