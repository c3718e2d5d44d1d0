import { NotFoundError, type SessionFacts } from '@showfloor/contracts';
import type { SessionFactsRepository } from './session-facts.repository.ts';

export interface SessionFactsServiceDeps {
  repository: SessionFactsRepository;
}

export function createSessionFactsService({ repository }: SessionFactsServiceDeps) {
  return {
    /** What a realtime node needs to authorize socket events for a session; it caches the answer briefly. */
    async get(sessionId: string): Promise<SessionFacts> {
      const facts = await repository.findFacts(sessionId);
      if (!facts) throw new NotFoundError('Session');
      return facts;
    },
  };
}

export type SessionFactsService = ReturnType<typeof createSessionFactsService>;
