import type { Logger } from '@showfloor/server-kit';
import type { RoomNotifier } from '../../integrations/room-notifier.ts';
import type { SessionProductsRepository } from './session-products.repository.ts';

export interface SessionProductsServiceDeps {
  repository: SessionProductsRepository;
  notifier: RoomNotifier;
  logger: Logger;
}

export function createSessionProductsService(_deps: SessionProductsServiceDeps) {
  return {};
}

export type SessionProductsService = ReturnType<typeof createSessionProductsService>;
