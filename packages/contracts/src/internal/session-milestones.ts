import { z } from 'zod';

/** What a milestone counts: concurrent viewers of a session, or its reactions so far. */
export const milestoneKinds = ['viewers', 'reactions'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

/** 10, 100, 1,000 … concurrent viewers; 1,000, 10,000 … reactions. */
export const milestoneFirstThreshold: Record<MilestoneKind, number> = { viewers: 10, reactions: 1_000 };

/** Every threshold `value` has reached for `kind`, lowest first. */
export function thresholdsReached(kind: MilestoneKind, value: number): number[] {
  const reached: number[] = [];
  for (let threshold = milestoneFirstThreshold[kind]; threshold <= value; threshold *= 10) reached.push(threshold);
  return reached;
}

/**
 * realtime → API: a session's count crossed a threshold. Reported through the delivery outbox, so
 * an API outage delays it; the API stores it once per (session, kind, threshold), so a count
 * wobbling around 10, a redelivery or a second node reporting the same crossing changes nothing.
 */
export const sessionMilestoneSchema = z
  .object({
    sessionId: z.uuid(),
    kind: z.enum(milestoneKinds),
    threshold: z
      .number()
      .int()
      .refine((value) => /^10*$/.test(String(value)) && value >= 10, 'must be 10, 100, 1000 …'),
    value: z.number().int().nonnegative(),
    reachedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type SessionMilestone = z.infer<typeof sessionMilestoneSchema>;

export const sessionMilestoneBatchSchema = z
  .object({ milestones: z.array(sessionMilestoneSchema).min(1).max(1_000) })
  .strict();

export const sessionMilestoneBatchResultSchema = z.object({
  received: z.number().int(),
  /** Notifications stored now (not reported before). */
  notified: z.number().int(),
});
