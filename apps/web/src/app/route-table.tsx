import { webPaths } from '@showfloor/contracts/rest';
import type { RouteObject } from 'react-router';
import { Loading } from '../ui/page-states.tsx';
import { AppShell } from './app-shell.tsx';
import { RequireSignIn } from './require-sign-in.tsx';
import { RouteFailure } from './route-failure.tsx';

/*
 * Every page of the app, once. Each page is its own chunk, loaded when first opened, so the first
 * page downloads only itself and the shell. To add a page: a folder under pages/ exporting
 * `Component`, and one entry here (inside RequireSignIn when it needs someone signed in).
 */
export const routeTable: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <RouteFailure />,
    // Shown while the first page's chunk loads (react-router asks for one when the route is lazy).
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, lazy: () => import('../pages/discover/discover-page.tsx') },
      { path: 'sign-in', lazy: () => import('../pages/auth/sign-in-page.tsx') },
      { path: 'register', lazy: () => import('../pages/auth/register-page.tsx') },
      { path: 'sessions/:sessionId', lazy: () => import('../pages/live-room/live-room-page.tsx') },
      { path: 'leaderboard', lazy: () => import('../pages/leaderboard/leaderboard-page.tsx') },
      {
        path: 'stats',
        element: <RequireSignIn />,
        children: [{ index: true, lazy: () => import('../pages/my-stats/my-stats-page.tsx') }],
      },
      {
        path: 'studio',
        element: <RequireSignIn />,
        children: [
          { index: true, lazy: () => import('../pages/creator-dashboard/creator-dashboard-page.tsx') },
          { path: 'products', lazy: () => import('../pages/products/products-page.tsx') },
          { path: 'sessions/:sessionId', lazy: () => import('../pages/creator-console/creator-console-page.tsx') },
          {
            path: 'sessions/:sessionId/analytics',
            lazy: () => import('../pages/session-analytics/session-analytics-page.tsx'),
          },
          { path: 'feature-analytics', lazy: () => import('../pages/feature-analytics/feature-analytics-page.tsx') },
          { path: 'visitors', lazy: () => import('../pages/visitors/visitors-page.tsx') },
        ],
      },
      {
        // The signed-in person's own pages (the engagement stats page belongs here too).
        path: 'me',
        element: <RequireSignIn />,
        children: [
          { path: 'notifications', lazy: () => import('../pages/notifications/notifications-page.tsx') },
          { path: 'activity', lazy: () => import('../pages/activity/activity-page.tsx') },
        ],
      },
      { path: '*', lazy: () => import('../pages/not-found/not-found-page.tsx') },
    ],
  },
];

/**
 * Where each page lives, for links: one place to change a path. Pages the API links to (from a
 * notification or an activity) come from the contracts, so both always name the same page.
 */
export const paths = {
  ...webPaths,
  discover: () => '/',
  signIn: () => '/sign-in',
  register: () => '/register',
  leaderboard: () => '/leaderboard',
  creatorDashboard: () => '/studio',
  featureAnalytics: () => '/studio/feature-analytics',
  visitors: () => '/studio/visitors',
  notifications: () => '/me/notifications',
  activity: () => '/me/activity',
} as const;
