import type { Logger } from '@showfloor/server-kit';
import type { RoomNotifier } from '../../integrations/room-notifier.ts';
import type { SessionsRepository } from './sessions.repository.ts';

export interface SessionsServiceDeps {
  repository: SessionsRepository;
  notifier: RoomNotifier;
  logger: Logger;
}

export function createSessionsService(_deps: SessionsServiceDeps) {
  return {};
}

export type SessionsService = ReturnType<typeof createSessionsService>;
