import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionKeys } from '../../live/session-query.ts';

export type SessionAction<TInput, TResult> = UseMutationResult<TResult, unknown, TInput>;

/**
 * One console action on a session. Whether the API accepted or refused it, what the action may
 * have changed is read again before the action counts as finished (the button stays busy until
 * then), so the page never shows a change half-applied or one the API did not make. A status
 * change re-reads everything about the session (its figures switch between live and stored).
 */
export function useSessionAction<TInput = void, TResult = unknown>(
  sessionId: string,
  action: (input: TInput) => Promise<TResult>,
  { reread = 'detail' }: { reread?: 'detail' | 'everything' } = {},
): SessionAction<TInput, TResult> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: () =>
      queryClient.invalidateQueries({
        queryKey: reread === 'everything' ? sessionKeys.all(sessionId) : sessionKeys.detail(sessionId),
      }),
  });
}
