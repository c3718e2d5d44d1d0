/**
 * Paths of the web app's pages that the API links to (a notification's `data.link`, an
 * activity's), shared with the web app's route table so a link always opens the page it names.
 */
export const webPaths = {
  liveRoom: (sessionId: string) => `/sessions/${sessionId}`,
  creatorConsole: (sessionId: string) => `/studio/sessions/${sessionId}`,
  sessionAnalytics: (sessionId: string) => `/studio/sessions/${sessionId}/analytics`,
  products: () => '/studio/products',
  myStats: () => '/stats',
} as const;
