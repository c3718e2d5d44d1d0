import { internalKeyHeader } from '@showfloor/contracts';
import { DeliveryError, isRetryableStatus } from '@showfloor/delivery';
import { type Logger, requestContext, requestIdHeader } from '@showfloor/server-kit';
import type { z } from 'zod';

export interface RealtimePostOptions {
  url: URL;
  internalApiKey: string;
  attemptTimeoutMs: number;
  /** The answer the route promises; one outside it is logged, not redelivered. */
  answerSchema: z.ZodType;
  logger: Logger;
}

/**
 * One attempt to POST a JSON body to an internal route of the realtime service, for an outbox to
 * retry: unreachable and 5xx/429 answers are retryable `DeliveryError`s, other refusals final.
 * Carries the internal key and the x-request-id of the call that caused it.
 */
export function createRealtimePost(options: RealtimePostOptions) {
  return async function post(body: unknown, describe: Record<string, unknown>): Promise<void> {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [internalKeyHeader]: options.internalApiKey,
          [requestIdHeader]: requestContext.idForOutgoingCall(),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.attemptTimeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`realtime service unreachable: ${(error as Error).message}`, true, undefined, {
        cause: error,
      });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new DeliveryError(
        `realtime service answered ${response.status}: ${text.slice(0, 500)}`,
        isRetryableStatus(response.status),
        response.status,
      );
    }
    // The event is out; an answer we cannot read is worth a line, not a redelivery.
    if (!options.answerSchema.safeParse(safeJson(text)).success) {
      options.logger.warn({ ...describe, answer: text.slice(0, 500) }, 'realtime answered outside the contract');
    }
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
