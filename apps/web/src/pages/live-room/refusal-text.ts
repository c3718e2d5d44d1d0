import { ApiError } from '@showfloor/client';
import { errorText } from '../../ui/error-text.ts';

/** Refusals whose message the realtime service writes for the viewer ("Too many reactions; slow down"). */
const saidForPeople = new Set(['rate_limited', 'validation_failed', 'conflict', 'unauthorized', 'forbidden']);

/** What a viewer reads when the room refuses a reaction, a message or a click. */
export function refusalText(error: unknown): string {
  if (error instanceof ApiError && saidForPeople.has(error.code)) return error.message;
  return errorText(error);
}
