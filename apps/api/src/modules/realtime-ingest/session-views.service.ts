import {
  type ErrorDetail,
  type SessionViewRecord,
  type sessionViewBatchResultSchema,
  type sessionViewBatchSchema,
  summarizeDetails,
  ValidationError,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import type { z } from 'zod';
import type { ActivityRecorder } from '../feeds/activity-recorder.ts';
import { activityTexts } from '../feeds/activity-texts.ts';
import type { SessionViewsRepository } from './session-views.repository.ts';

type SessionViewBatch = z.infer<typeof sessionViewBatchSchema>;
type SessionViewBatchResult = z.infer<typeof sessionViewBatchResultSchema>;

export interface SessionViewsServiceDeps {
  repository: SessionViewsRepository;
  /** Viewers' feeds: "watched a stream" when a view closes, written without holding up the batch. */
  activities?: ActivityRecorder;
  /** Told which signed-in viewers' views closed (their engagement stats changed); returns at once. */
  viewsClosed?: (userIds: Iterable<string>) => void;
  logger: Logger;
}

export function createSessionViewsService({ repository, activities, viewsClosed, logger }: SessionViewsServiceDeps) {
  return {
    /** Stores join/leave records from a realtime node; redelivery and late copies change nothing. */
    async ingestBatch(batch: SessionViewBatch): Promise<SessionViewBatchResult> {
      const details = batch.views.flatMap(inconsistentFields);
      if (details.length > 0) throw new ValidationError(`Invalid body: ${summarizeDetails(details)}`, details);
      const { eligible, saved, closedByUsers } = await repository.upsertBatch(batch.views);
      for (const view of closedByUsers) activities?.record(activityTexts.watchedStream(view));
      if (closedByUsers.length > 0) viewsClosed?.(new Set(closedByUsers.map((view) => view.userId)));
      const result = { received: batch.views.length, saved, skipped: batch.views.length - eligible };
      logger.debug(result, 'session view batch ingested');
      return result;
    },
  };
}

/**
 * Rules the per-field schema cannot express: a view is closed by leftAt and watchDuration
 * together, never before it began. Checked for the whole batch before anything is written.
 */
function inconsistentFields(view: SessionViewRecord, index: number): ErrorDetail[] {
  const field = (name: string) => `views.${index}.${name}`;
  if (view.leftAt === null) {
    return view.watchDuration === null
      ? []
      : [{ field: field('watchDuration'), message: 'must be null while leftAt is null' }];
  }
  if (view.watchDuration === null) return [{ field: field('watchDuration'), message: 'is required with leftAt' }];
  if (Date.parse(view.leftAt) < Date.parse(view.joinedAt)) {
    return [{ field: field('leftAt'), message: 'must not be before joinedAt' }];
  }
  return [];
}

export type SessionViewsService = ReturnType<typeof createSessionViewsService>;
