import type { Logger } from '@showfloor/server-kit';
import type { RoomNotifier } from '../../integrations/room-notifier.ts';
import type { ChatRepository } from './chat.repository.ts';

export interface ChatServiceDeps {
  repository: ChatRepository;
  notifier: RoomNotifier;
  logger: Logger;
}

export function createChatService(_deps: ChatServiceDeps) {
  return {};
}

export type ChatService = ReturnType<typeof createChatService>;
