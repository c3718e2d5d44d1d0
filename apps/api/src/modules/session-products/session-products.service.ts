import {
  type AddSessionProductBody,
  ConflictError,
  type ErrorDetail,
  isOnAir,
  NotFoundError,
  type SessionProductView,
  type SessionStatus,
  type ShowcaseResult,
  summarizeDetails,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { RoomPushes } from '../../integrations/room-pushes.ts';
import { type Actor, assertCanManage } from '../../shared/authorization.ts';
import { toProductSummary } from '../products/product-view.ts';
import { toSessionProductView } from './session-product-view.ts';
import type { SessionProductRecord, SessionProductsRepository } from './session-products.repository.ts';

export interface SessionProductsServiceDeps {
  repository: SessionProductsRepository;
  pushes: Pick<RoomPushes, 'send'>;
  /** How long a change realtime nodes must enforce waits for them, while they answer. */
  broadcastWaitMs: number;
  logger: Logger;
  /** Told after any change to a session's product list or showcase is committed (the live room's cached reads). */
  sessionChanged?: (sessionId: string) => Promise<void>;
}

export interface ShowcaseCommand {
  sessionId: string;
  /** Null clears the showcase. */
  productId: string | null;
  /** An HTTP caller, or the socket's verified user relayed by the realtime service. */
  actor: Actor;
  /**
   * Whether to tell the room (default true). False only for a caller that emits the event itself,
   * like the realtime service relaying a socket's `showcase-product`, so viewers never hear it twice.
   */
  announce?: boolean;
}

/** A 400 shaped like the ones zod produces, so clients read every bad field the same way. */
function invalidBody(details: ErrorDetail[]): ValidationError {
  return new ValidationError(`Invalid body: ${summarizeDetails(details)}`, details);
}

export function createSessionProductsService({
  repository,
  pushes,
  broadcastWaitMs,
  logger,
  sessionChanged,
}: SessionProductsServiceDeps) {
  const inForce = { inForceWithin: broadcastWaitMs };
  const changed = (sessionId: string) => sessionChanged?.(sessionId);

  /**
   * The session's creator or an admin. An unknown session is a 404 for everyone, since there is no
   * owner to compare against; a 403 on an existing one reveals nothing, because sessions are public.
   */
  async function requireOwnedSession(actor: Actor, sessionId: string) {
    const session = await repository.findSession(sessionId);
    if (!session) throw new NotFoundError('Session');
    assertCanManage(actor, { session });
    return session;
  }

  function linkedOrNotFound(link: SessionProductRecord | null): SessionProductView {
    if (!link) throw new NotFoundError('Session product');
    return toSessionProductView(link);
  }

  /**
   * After a committed change to the list: viewers and realtime nodes get the ids in display order,
   * and the caller hears back once nodes check clicks against the new list (a bounded wait, and
   * none while the realtime service is not answering).
   */
  async function announceProductList(sessionId: string): Promise<void> {
    const productIds = await repository.productIdsInOrder(sessionId);
    await pushes.send({ event: 'session-products-changed', payload: { sessionId, productIds } }, inForce);
  }

  return {
    async list(sessionId: string, filter: { featured?: boolean | undefined }): Promise<SessionProductView[]> {
      const links = await repository.listForSession(sessionId, filter);
      if (!links) throw new NotFoundError('Session');
      return links.map(toSessionProductView);
    },

    /** Exactly these become featured, all others not; returns the featured products in display order. */
    async setFeaturedProducts(actor: Actor, sessionId: string, productIds: string[]): Promise<SessionProductView[]> {
      await requireOwnedSession(actor, sessionId);
      const result = await repository.setFeaturedSet(sessionId, productIds);
      await changed(sessionId);
      if (result.outcome === 'not-linked') {
        const missing = new Set(result.productIds);
        throw invalidBody(
          productIds.flatMap((id, index) =>
            missing.has(id) ? [{ field: `productIds.${index}`, message: `${id} is not in this session` }] : [],
          ),
        );
      }
      return result.featured.map(toSessionProductView);
    },

    /** Links one of the creator's own products (even when an admin does it) to the session. */
    async add(actor: Actor, sessionId: string, body: AddSessionProductBody): Promise<SessionProductView> {
      const session = await requireOwnedSession(actor, sessionId);
      const product = await repository.findProduct(body.productId);
      if (!product) throw invalidBody([{ field: 'productId', message: 'no such product' }]);
      if (product.sellerId !== session.creatorId) {
        throw invalidBody([{ field: 'productId', message: "must be a product sold by the session's creator" }]);
      }
      const result = await repository.add(sessionId, body.productId, body);
      await changed(sessionId);
      if (result.outcome === 'already-linked') {
        throw new ConflictError('That product is already in this session', [
          { field: 'productId', message: 'already in this session' },
        ]);
      }
      if (result.outcome === 'gone') {
        if (!(await repository.findSession(sessionId))) throw new NotFoundError('Session');
        throw invalidBody([{ field: 'productId', message: 'no such product' }]);
      }
      await announceProductList(sessionId);
      return toSessionProductView(result.link);
    },

    async remove(
      actor: Actor,
      sessionId: string,
      productId: string,
    ): Promise<{ sessionId: string; productId: string }> {
      await requireOwnedSession(actor, sessionId);
      const { removed, showcaseCleared } = await repository.remove(sessionId, productId);
      await changed(sessionId);
      if (!removed) throw new NotFoundError('Session product');
      if (showcaseCleared) await pushes.send({ event: 'showcase-cleared', payload: { sessionId } }, inForce);
      await announceProductList(sessionId);
      return { sessionId, productId };
    },

    async setFeatured(
      actor: Actor,
      sessionId: string,
      productId: string,
      featured: boolean,
    ): Promise<SessionProductView> {
      await requireOwnedSession(actor, sessionId);
      const link = await repository.update(sessionId, productId, { featured });
      await changed(sessionId);
      return linkedOrNotFound(link);
    },

    /** Other products keep their order; equal orders fall back to the order products were added. */
    async setDisplayOrder(
      actor: Actor,
      sessionId: string,
      productId: string,
      displayOrder: number,
    ): Promise<SessionProductView> {
      await requireOwnedSession(actor, sessionId);
      const updated = await repository.update(sessionId, productId, { displayOrder });
      await changed(sessionId);
      const link = linkedOrNotFound(updated);
      await announceProductList(sessionId);
      return link;
    },

    /**
     * The one showcase rule, for REST and (through an internal route) the socket's
     * `showcase-product`: the owner or an admin, while the session is live or paused, and only a
     * product the session carries. Viewers are told after the change is committed.
     */
    async showcase({ sessionId, productId, actor, announce = true }: ShowcaseCommand): Promise<ShowcaseResult> {
      const session = await requireOwnedSession(actor, sessionId);
      const notShowcasable = (status: SessionStatus) =>
        new ConflictError(`The session is ${status}; products can only be showcased while it is live or paused`);
      if (!isOnAir(session.status)) throw notShowcasable(session.status);

      const result = await repository.setActiveProduct(sessionId, productId);
      await changed(sessionId);
      if (result.outcome === 'not-in-session') {
        throw invalidBody([{ field: 'productId', message: "is not in this session's product list" }]);
      }
      if (result.outcome === 'not-showcasable') {
        // The status changed between the check above and the write.
        const current = await repository.findSession(sessionId);
        if (!current) throw new NotFoundError('Session');
        throw notShowcasable(current.status);
      }

      const product = result.product ? toProductSummary(result.product) : null;
      logger.info({ actorId: actor.userId, sessionId, productId }, product ? 'product showcased' : 'showcase cleared');
      if (announce) {
        await pushes.send(
          product
            ? { event: 'product-showcased', payload: { sessionId, productId: product.id, product } }
            : { event: 'showcase-cleared', payload: { sessionId } },
          inForce,
        );
      }
      return { sessionId, activeProductId: product?.id ?? null, product };
    },
  };
}

export type SessionProductsService = ReturnType<typeof createSessionProductsService>;
