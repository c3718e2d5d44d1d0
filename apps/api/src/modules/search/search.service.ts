import type { Logger } from '@showfloor/server-kit';
import type { RoomNotifier } from '../../integrations/room-notifier.ts';
import type { SearchRepository } from './search.repository.ts';

export interface SearchServiceDeps {
  repository: SearchRepository;
  notifier: RoomNotifier;
  logger: Logger;
}

export function createSearchService(_deps: SearchServiceDeps) {
  return {};
}

export type SearchService = ReturnType<typeof createSearchService>;
