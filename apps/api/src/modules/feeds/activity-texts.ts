import { webPaths } from '@showfloor/contracts';
import type { NewActivity } from './activities.repository.ts';

/*
 * How each system activity reads in a feed: one place for the titles and the data each carries,
 * so the modules that cause them only say what happened.
 */

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

export const activityTexts = {
  signedIn: (userId: string): NewActivity => ({ userId, type: 'signed_in', title: 'Signed in' }),

  sessionCreated: (session: { id: string; creatorId: string; title: string }): NewActivity => ({
    userId: session.creatorId,
    type: 'session_created',
    title: `Scheduled “${session.title}”`,
    data: { sessionId: session.id, link: webPaths.creatorConsole(session.id) },
  }),

  productCreated: (product: { id: string; sellerId: string; name: string }): NewActivity => ({
    userId: product.sellerId,
    type: 'product_created',
    title: `Added the product “${product.name}”`,
    data: { productId: product.id, link: webPaths.products() },
  }),

  wentLive: (session: { id: string; creatorId: string; title: string }): NewActivity => ({
    userId: session.creatorId,
    type: 'went_live',
    title: `Went live: “${session.title}”`,
    data: { sessionId: session.id, link: webPaths.creatorConsole(session.id) },
  }),

  streamEnded: (
    session: { id: string; creatorId: string; title: string },
    figures: { peakViewers: number; uniqueViewers: number; topProduct: string | null },
  ): NewActivity => ({
    userId: session.creatorId,
    type: 'stream_ended',
    title: `Ended “${session.title}”`,
    description: `Peak ${figures.peakViewers} watching, ${figures.uniqueViewers} viewers in all${
      figures.topProduct ? `; most clicked: ${figures.topProduct}` : ''
    }`,
    data: { sessionId: session.id, ...figures, link: webPaths.sessionAnalytics(session.id) },
  }),

  watchedStream: (view: { userId: string; sessionId: string; watchDuration: number }): NewActivity => ({
    userId: view.userId,
    type: 'watched_stream',
    title: `Watched a stream for ${minutes(view.watchDuration)} min`,
    data: { sessionId: view.sessionId, watchDuration: view.watchDuration, link: webPaths.liveRoom(view.sessionId) },
  }),

  chatMessage: (message: { userId: string; sessionId: string }): NewActivity => ({
    userId: message.userId,
    type: 'chat_message',
    title: 'Sent a chat message',
    data: { sessionId: message.sessionId, link: webPaths.liveRoom(message.sessionId) },
  }),

  productClick: (click: { userId: string; sessionId: string; productId: string }): NewActivity => ({
    userId: click.userId,
    type: 'product_click',
    title: 'Opened a product in a stream',
    data: { sessionId: click.sessionId, productId: click.productId, link: webPaths.liveRoom(click.sessionId) },
  }),
};
