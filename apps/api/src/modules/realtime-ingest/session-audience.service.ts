import { NotFoundError, type SessionAudience } from '@showfloor/contracts';
import type { SessionAudienceRepository } from './session-audience.repository.ts';

export function createSessionAudienceService({ repository }: { repository: SessionAudienceRepository }) {
  return {
    /** Everyone counted so far: where a realtime node picking the stream up starts from. */
    async get(sessionId: string): Promise<SessionAudience> {
      const audience = await repository.findAudience(sessionId);
      if (!audience) throw new NotFoundError('Session');
      return audience;
    },
  };
}

export type SessionAudienceService = ReturnType<typeof createSessionAudienceService>;
