import type { SessionViewRecord } from '@showfloor/contracts';
import type { PrismaClient } from '@showfloor/db';

export interface ViewUpsertOutcome {
  /** Records whose session exists. */
  eligible: number;
  /** Views inserted, or stored open and now closed. */
  saved: number;
  /** Signed-in viewers' views closed by this batch (first close only): "watched a stream". */
  closedByUsers: { userId: string; sessionId: string; watchDuration: number }[];
}

export function createSessionViewsRepository(prisma: PrismaClient) {
  return {
    /**
     * Upserts a batch in one statement. A view is first sent open and later closed, and either
     * copy may be redelivered or arrive late, so the only change ever made to a stored view is
     * open → closed: a closed view is never reopened and its first close is kept. When both copies
     * share a batch the closed one wins (ON CONFLICT cannot touch a row twice in one statement).
     * A user deleted since the view began is stored as null, as the foreign key's SET NULL would
     * have done; views of sessions that no longer exist are left out.
     */
    async upsertBatch(views: readonly SessionViewRecord[]): Promise<ViewUpsertOutcome> {
      const rows = await prisma.$queryRaw<
        { eligible: number; saved: number; closed: ViewUpsertOutcome['closedByUsers'] }[]
      >`
        WITH incoming AS (
          SELECT *
          FROM unnest(
            ${views.map((v) => v.id)}::uuid[],
            ${views.map((v) => v.sessionId)}::uuid[],
            ${views.map((v) => v.viewerKey)}::text[],
            ${views.map((v) => v.userId)}::uuid[],
            ${views.map((v) => v.guestId)}::text[],
            ${views.map((v) => v.role)}::text[],
            ${views.map((v) => v.socketId)}::text[],
            ${views.map((v) => v.joinedAt)}::timestamptz[],
            ${views.map((v) => v.leftAt)}::timestamptz[],
            ${views.map((v) => v.watchDuration)}::int[]
          ) AS t(id, session_id, viewer_key, user_id, guest_id, role, socket_id, joined_at, left_at, watch_duration)
        ),
        eligible AS (
          SELECT incoming.* FROM incoming WHERE EXISTS (SELECT 1 FROM sessions WHERE sessions.id = incoming.session_id)
        ),
        latest AS (
          SELECT DISTINCT ON (id) *
          FROM eligible
          ORDER BY id, left_at IS NULL, left_at
        ),
        saved AS (
          INSERT INTO session_views
            (id, session_id, viewer_key, user_id, guest_id, role, socket_id, joined_at, left_at, watch_duration)
          SELECT latest.id, latest.session_id, latest.viewer_key, users.id, latest.guest_id, latest.role::"ViewerRole",
                 latest.socket_id, latest.joined_at, latest.left_at, latest.watch_duration
          FROM latest
          LEFT JOIN users ON users.id = latest.user_id
          -- One row order for every batch, so concurrent batches lock shared ids in the same order.
          ORDER BY latest.id
          ON CONFLICT (id) DO UPDATE
            SET left_at = EXCLUDED.left_at, watch_duration = EXCLUDED.watch_duration
            WHERE session_views.left_at IS NULL
              AND EXCLUDED.left_at IS NOT NULL
              AND session_views.session_id = EXCLUDED.session_id
          RETURNING session_id, user_id, role, left_at, watch_duration
        )
        SELECT (SELECT count(*) FROM eligible)::int AS eligible, (SELECT count(*) FROM saved)::int AS saved,
               (SELECT coalesce(json_agg(json_build_object(
                         'userId', user_id, 'sessionId', session_id, 'watchDuration', watch_duration)), '[]')
                FROM saved
                WHERE left_at IS NOT NULL AND user_id IS NOT NULL AND role = 'subscriber') AS closed`;
      const [outcome] = rows;
      return { eligible: outcome?.eligible ?? 0, saved: outcome?.saved ?? 0, closedByUsers: outcome?.closed ?? [] };
    },
  };
}

export type SessionViewsRepository = ReturnType<typeof createSessionViewsRepository>;
