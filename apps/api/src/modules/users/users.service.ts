import type { UsersRepository } from './users.repository.ts';

export interface UsersServiceDeps {
  users: UsersRepository;
}

// Filled in by the users module work (issue 3).
export function createUsersService(_deps: UsersServiceDeps) {
  return {};
}

export type UsersService = ReturnType<typeof createUsersService>;
