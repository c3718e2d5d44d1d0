import { z } from 'zod';
import { featureNameSchema, trackPropertiesSchema } from '../rest/feature-analytics.ts';
import { timestampSchema } from '../rest/timestamp.ts';

/*
 * A visitor dashboard's `track_dashboard_action` (seed 002), which the realtime node hands the API
 * so it is recorded through feature analytics' write path (seed 004) as the signed-in admin's event.
 */

/** The feature name a dashboard action is recorded under: `visitors_dashboard.<action>`. */
export const dashboardActionFeaturePrefix = 'visitors_dashboard.';

export const dashboardActionRecordSchema = z
  .object({
    /** The dashboard's user, from its verified handshake token. */
    userId: z.uuid(),
    feature_name: featureNameSchema,
    properties: trackPropertiesSchema.optional(),
    occurredAt: timestampSchema,
  })
  .strict();
export type DashboardActionRecord = z.infer<typeof dashboardActionRecordSchema>;

export const dashboardActionResultSchema = z.object({ recorded: z.literal(true) });
