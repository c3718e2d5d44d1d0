import { z } from 'zod';
import { errorCodeSchema } from './error-codes.ts';

export const errorDetailSchema = z.object({
  /** Dotted path of the offending field, e.g. `snapshots.0.minute`; empty for the whole input. */
  field: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const errorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: errorBodySchema,
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** `{ success: true, data, message? }`: the one success shape of every REST response. */
export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({
    success: z.literal(true),
    message: z.string().optional(),
    data,
  });
}

export type SuccessEnvelope<T> = { success: true; message?: string; data: T };
