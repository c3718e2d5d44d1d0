import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  ConflictError,
  type CreateSessionBody,
  type ErrorDetail,
  ForbiddenError,
  isOnAir,
  NotFoundError,
  onAirStatuses,
  type PageMeta,
  pageMeta,
  ServiceUnavailableError,
  type SessionDetailView,
  type SessionListQuery,
  type SessionStatus,
  type SessionView,
  type StreamTokenView,
  sessionStatusSchema,
  UnauthorizedError,
  type UpdateSessionBody,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { RoomPushes } from '../../integrations/room-pushes.ts';
import { assertCanManage, canManage, hasCreatorRole } from '../../shared/authorization.ts';
import type { FinalFigures } from '../realtime-ingest/final-figures.repository.ts';
import { type AgoraTokenIssuer, type IssuedStreamToken, publisherUidFor } from './agora-token-issuer.ts';
import type { SessionLifecycleObserver } from './session-lifecycle-observer.ts';
import { channelNameOf, toSessionDetailView, toSessionView } from './session-view.ts';
import type { SessionDetailRecord, SessionRecord, SessionsRepository } from './sessions.repository.ts';
import { assertTransition, transitionTimestamps } from './status-machine.ts';

export interface SessionsServiceDeps {
  repository: SessionsRepository;
  pushes: Pick<RoomPushes, 'send'>;
  logger: Logger;
  tokenIssuer: AgoraTokenIssuer;
  finalFigures: FinalFigures;
  /** How long a status change waits for the realtime nodes to enforce it, while they answer. */
  broadcastWaitMs: number;
  /** How long ending a stream waits for the realtime nodes' final totals. */
  endStreamFlushTimeoutMs: number;
  /**
   * Told after a session was created or its status changed (committed, and for an end once its
   * figures settled): the feeds and notifications follow from it. Never awaited for the answer.
   */
  lifecycle?: SessionLifecycleObserver;
  /** Told after any change to a session is committed (the live room's cached reads). */
  sessionChanged?: (sessionId: string) => Promise<void>;
  now?: () => Date;
}

/** Off air: no stream exists that viewers could be left watching. */
const deletableStatuses: readonly SessionStatus[] = sessionStatusSchema.options.filter((status) => !isOnAir(status));
/** A conditional update that keeps losing means the status is being hammered; give up with a 409 then. */
const maxTransitionAttempts = 3;

function toStreamToken(session: SessionRecord, issued: IssuedStreamToken): StreamTokenView {
  return { sessionId: session.id, channelName: channelNameOf(session), ...issued };
}

/**
 * Sessions and their lifecycle. Writes belong to the session's creator or an admin. Status
 * changes go through the contract's state machine, applied with a conditional update so
 * concurrent changes cannot both win, and are announced to the room once committed.
 *
 * Agora is optional: without credentials the lifecycle (start, end, status changes and their
 * broadcasts) works as usual and only the token endpoints answer 503 — start-stream included,
 * after it has made the session live.
 */
export function createSessionsService({
  repository,
  pushes,
  logger,
  tokenIssuer,
  finalFigures,
  broadcastWaitMs,
  endStreamFlushTimeoutMs,
  lifecycle,
  sessionChanged,
  now = () => new Date(),
}: SessionsServiceDeps) {
  async function requireSession(id: string): Promise<SessionRecord> {
    const session = await repository.findById(id);
    if (!session) throw new NotFoundError('Session');
    return session;
  }

  async function requireDetail(id: string): Promise<SessionDetailRecord> {
    const session = await repository.findDetail(id);
    if (!session) throw new NotFoundError('Session');
    return session;
  }

  /**
   * The creator or an admin. A missing session is a 404 for everyone; a 403 on an existing one
   * reveals nothing, because sessions are public.
   */
  async function requireManageable(caller: AccessTokenIdentity, id: string): Promise<SessionRecord> {
    const session = await requireSession(id);
    assertCanManage(caller, { session });
    return session;
  }

  /** Each offending id is named, with its index, so a client can fix exactly those. */
  async function assertOwnProducts(sellerId: string, productIds: readonly string[]): Promise<void> {
    if (productIds.length === 0) return;
    const sellers = new Map((await repository.findProductSellers(productIds)).map((p) => [p.id, p.sellerId]));
    const offending = productIds.filter((productId) => sellers.get(productId) !== sellerId);
    if (offending.length === 0) return;
    const details: ErrorDetail[] = productIds.flatMap((productId, index) => {
      const seller = sellers.get(productId);
      if (seller === sellerId) return [];
      const problem = seller === undefined ? 'does not exist' : 'is not yours';
      return [{ field: `productIds.${index}`, message: `product ${productId} ${problem}` }];
    });
    throw new ValidationError(`Every product must exist and be sold by you; refused: ${offending.join(', ')}`, details);
  }

  /**
   * Called after the commit. The realtime service must have the change in force before the caller
   * hears back (a click sent right after a pause must be refused), so the answer waits for it — for
   * a bounded moment, and only while the service answers; the push goes on in the background after that.
   */
  async function announce(session: SessionRecord, from: SessionStatus, to: SessionStatus): Promise<void> {
    const sessionId = session.id;
    const at = now().toISOString();
    const inForce = { inForceWithin: broadcastWaitMs };
    if (to === 'live' && from === 'paused') {
      await pushes.send({ event: 'stream-resumed', payload: { sessionId, status: 'live', resumedAt: at } }, inForce);
    } else if (to === 'live') {
      await pushes.send(
        {
          event: 'stream-started',
          payload: {
            sessionId,
            channelName: channelNameOf(session),
            status: 'live',
            startedAt: (session.startedAt ?? now()).toISOString(),
          },
        },
        inForce,
      );
    } else if (to === 'paused') {
      await pushes.send({ event: 'stream-paused', payload: { sessionId, status: 'paused', pausedAt: at } }, inForce);
    } else if (to === 'ended') {
      await settleEndedStream(session);
    }
  }

  /**
   * Ending a stream answers once its figures are final, so the next read is: the realtime node told
   * of the end answers after the API has its final totals and closed views, and any other node that
   * reported counts for the session has handed in its final ones — all within a bounded wait, after
   * which reads say `figuresFinal: false` until they arrive. While the realtime service is not
   * answering, no node has been told, so nothing is waited for: the end is queued and the answer goes out.
   */
  async function settleEndedStream(session: SessionRecord): Promise<void> {
    const deadline = Date.now() + endStreamFlushTimeoutMs;
    const told = await pushes.send(
      {
        event: 'stream-ended',
        payload: { sessionId: session.id, status: 'ended', endedAt: (session.endedAt ?? now()).toISOString() },
      },
      { inForceWithin: endStreamFlushTimeoutMs },
    );
    if (!told) {
      logger.warn(
        { sessionId: session.id },
        'stream ended before the realtime service confirmed it; figures become final as its nodes report',
      );
      return;
    }
    while ((await finalFigures.nodesStillCounting(session.id)) > 0) {
      if (Date.now() >= deadline) {
        logger.warn({ sessionId: session.id }, 'stream ended before every realtime node handed in final totals');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Applies `from → to` where `from` is the status last read. When another request changed the
   * status first, the rules are checked again against the new status (so "end" still works on a
   * session that was paused meanwhile, and a second "go live" gets the 409 it deserves).
   * With `alreadyThereIsFine`, finding the session in `to` is success without a change: null.
   */
  async function moveTo(session: SessionRecord, to: SessionStatus): Promise<SessionDetailRecord>;
  async function moveTo(
    session: SessionRecord,
    to: SessionStatus,
    options: { alreadyThereIsFine: true },
  ): Promise<SessionDetailRecord | null>;
  async function moveTo(
    session: SessionRecord,
    to: SessionStatus,
    { alreadyThereIsFine = false } = {},
  ): Promise<SessionDetailRecord | null> {
    let current = session;
    for (let attempt = 0; attempt < maxTransitionAttempts; attempt++) {
      if (alreadyThereIsFine && current.status === to) return null;
      assertTransition(current.status, to);
      const timestamps = transitionTimestamps(current, to, now());
      if (await repository.transitionStatus(current.id, current.status, to, timestamps)) {
        await sessionChanged?.(current.id);
        logger.info({ sessionId: current.id, from: current.status, to }, 'session status changed');
        // Announced from what was written, before anything else can fail: the change is committed.
        const moved = { ...current, status: to, ...timestamps };
        await announce(moved, current.status, to);
        lifecycle?.statusChanged(moved, current.status, to);
        return await requireDetail(current.id);
      }
      current = await requireSession(current.id);
    }
    throw new ConflictError(`The session's status kept changing while moving it to ${to}; try again`);
  }

  function requireOnAir(session: SessionRecord): void {
    if (!isOnAir(session.status)) {
      throw new ConflictError(
        `Stream tokens are only issued while the session is ${onAirStatuses.join(' or ')}; it is ${session.status}`,
        [{ field: 'status', message: `must be ${onAirStatuses.join(' or ')}` }],
      );
    }
  }

  return {
    async list(
      viewer: AccessTokenIdentity | null,
      query: SessionListQuery,
    ): Promise<{ items: SessionView[]; meta: PageMeta }> {
      const { items, total } = await repository.list(query);
      return { items: items.map((session) => toSessionView(session, viewer)), meta: pageMeta(total, query) };
    },

    async get(viewer: AccessTokenIdentity | null, id: string): Promise<SessionDetailView> {
      return toSessionDetailView(await requireDetail(id), viewer);
    },

    /** The creator is always the caller: identity comes from the token, never from the body. */
    async create(caller: AccessTokenIdentity, body: CreateSessionBody): Promise<SessionDetailView> {
      if (!hasCreatorRole(caller)) throw new ForbiddenError('Only creators and admins can create sessions');
      const { productIds = [], ...fields } = body;
      await assertOwnProducts(caller.userId, productIds);
      const created = await repository.create(caller.userId, fields, productIds);
      if (!created) {
        // A referenced row vanished between the check and the write: a product (named by the
        // check, run again) or else the caller's own account.
        await assertOwnProducts(caller.userId, productIds);
        throw new UnauthorizedError('This account no longer exists');
      }
      logger.info({ sessionId: created.id, creatorId: caller.userId }, 'session created');
      await sessionChanged?.(created.id);
      lifecycle?.created(created);
      return toSessionDetailView(created, caller);
    },

    async update(caller: AccessTokenIdentity, id: string, body: UpdateSessionBody): Promise<SessionDetailView> {
      await requireManageable(caller, id);
      const updated = await repository.update(id, body);
      await sessionChanged?.(id);
      // Deleted between the ownership check and the write.
      if (!updated) throw new NotFoundError('Session');
      return toSessionDetailView(updated, caller);
    },

    /** Refused while live or paused: viewers would be left watching a session that no longer exists. */
    async delete(caller: AccessTokenIdentity, id: string): Promise<{ id: string }> {
      const session = await requireManageable(caller, id);
      const refuse = (status: SessionStatus) =>
        new ConflictError(`End the stream before deleting the session; it is ${status}`, [
          { field: 'status', message: `must be ${deletableStatuses.join(' or ')}` },
        ]);
      if (isOnAir(session.status)) throw refuse(session.status);
      if (!(await repository.deleteIfStatusIn(id, deletableStatuses))) {
        // It went live, or was deleted, between the read and the delete.
        throw refuse((await requireSession(id)).status);
      }
      await sessionChanged?.(id);
      logger.info({ sessionId: id, actorId: caller.userId }, 'session deleted');
      return { id };
    },

    async changeStatus(caller: AccessTokenIdentity, id: string, to: SessionStatus): Promise<SessionDetailView> {
      const session = await requireManageable(caller, id);
      return toSessionDetailView(await moveTo(session, to), caller);
    },

    /**
     * Makes the session live (from scheduled or paused; already live is fine) and hands the caller
     * a publisher token. Without Agora credentials the session still goes live and viewers are
     * told, then the 503 says no token could be issued.
     */
    async startStream(caller: AccessTokenIdentity, id: string): Promise<StreamTokenView> {
      const session = await requireManageable(caller, id);
      await moveTo(session, 'live', { alreadyThereIsFine: true });
      if (tokenIssuer.unavailableReason !== null) {
        throw new ServiceUnavailableError(
          `The stream is live, but no token could be issued: ${tokenIssuer.unavailableReason}`,
        );
      }
      const uid = publisherUidFor(caller.userId);
      return toStreamToken(session, tokenIssuer.issue({ channelName: channelNameOf(session), role: 'publisher', uid }));
    },

    async endStream(caller: AccessTokenIdentity, id: string): Promise<SessionDetailView> {
      const session = await requireManageable(caller, id);
      return toSessionDetailView(await moveTo(session, 'ended'), caller);
    },

    /** A viewer's token: anyone, signed in or not, while there is a stream to watch. */
    async subscriberToken(id: string): Promise<StreamTokenView> {
      const session = await requireSession(id);
      requireOnAir(session);
      return toStreamToken(
        session,
        tokenIssuer.issue({ channelName: channelNameOf(session), role: 'subscriber', uid: 0 }),
      );
    },

    /**
     * A fresh token for a stream that outlives the last one. Whoever may start the stream (its
     * creator or an admin) gets a publisher token with the same uid as before; everyone else a
     * subscriber token.
     */
    async refreshToken(viewer: AccessTokenIdentity | null, id: string): Promise<StreamTokenView> {
      const session = await requireSession(id);
      requireOnAir(session);
      const channelName = channelNameOf(session);
      const issued =
        viewer !== null && canManage(viewer, { session })
          ? tokenIssuer.issue({ channelName, role: 'publisher', uid: publisherUidFor(viewer.userId) })
          : tokenIssuer.issue({ channelName, role: 'subscriber', uid: 0 });
      return toStreamToken(session, issued);
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
