// What bench:feeds asks of its socket-client process (feeds-socket-clients.ts).
export type FeedsSocketClientCommands = {
  /** One signed-in socket a user, `concurrency` handshakes in flight at once. */
  connect: {
    params: { realtimeUrl: string; users: { userId: string; token: string }[]; concurrency: number };
    result: { connected: number; seconds: number };
  };
  /** Listens on the user's socket for the notification titled `title`; answers once listening. */
  arm: { params: { userId: string; title: string; timeoutMs: number }; result: { armed: true } };
  /** When (epoch ms) the armed notification was heard; fails after the arm's timeout. */
  heard: { params: { title: string }; result: { at: number } };
  disconnect: { params: Record<string, never>; result: { closed: number } };
};
