import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import type { SessionDetailView, SessionView } from '@showfloor/contracts';
import { canManage } from '../../shared/authorization.ts';
import { toProductSummary } from '../products/product-view.ts';
import type { SessionDetailRecord, SessionRecord } from './sessions.repository.ts';

/**
 * A session as `viewer` may see it. The stream key lets whoever holds it broadcast as the
 * creator, so it is only put in the owner's (or an admin's) view — never merely filtered later.
 */
export function toSessionView(session: SessionRecord, viewer: AccessTokenIdentity | null): SessionView {
  const view: SessionView = {
    id: session.id,
    creatorId: session.creatorId,
    title: session.title,
    description: session.description,
    category: session.category,
    tags: session.tags,
    streamUrl: session.streamUrl,
    status: session.status,
    agoraChannelName: session.agoraChannelName,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    activeProductId: session.activeProductId,
    enableViewerAnalytics: session.enableViewerAnalytics,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
  };
  if (canManage(viewer, { session })) view.streamKey = session.streamKey;
  return view;
}

export function toSessionDetailView(
  session: SessionDetailRecord,
  viewer: AccessTokenIdentity | null,
): SessionDetailView {
  return {
    ...toSessionView(session, viewer),
    creator: session.creator,
    products: session.products.map((link) => ({
      ...toProductSummary(link.product),
      featured: link.featured,
      displayOrder: link.displayOrder,
      addedAt: link.addedAt,
    })),
    activeProduct: session.activeProduct ? toProductSummary(session.activeProduct) : null,
  };
}

/** The Agora channel is named after the session; a row written outside this API without one uses the id too. */
export function channelNameOf(session: { id: string; agoraChannelName: string | null }): string {
  return session.agoraChannelName ?? session.id;
}
