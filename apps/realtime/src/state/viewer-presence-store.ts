/**
 * Which sockets watch which session, in memory. For now the count is sockets in the room;
 * viewer identity and deduplication arrive with the full viewer logic.
 */
export class ViewerPresenceStore {
  private readonly socketsBySession = new Map<string, Set<string>>();
  private readonly sessionsBySocket = new Map<string, Set<string>>();

  /** Returns the session's viewer count after the join. */
  join(sessionId: string, socketId: string): number {
    const sockets = this.socketsBySession.get(sessionId) ?? new Set<string>();
    sockets.add(socketId);
    this.socketsBySession.set(sessionId, sockets);
    const sessions = this.sessionsBySocket.get(socketId) ?? new Set<string>();
    sessions.add(sessionId);
    this.sessionsBySocket.set(socketId, sessions);
    return sockets.size;
  }

  /** Returns the count after leaving, or undefined when the socket was not in the session. */
  leave(sessionId: string, socketId: string): number | undefined {
    const sockets = this.socketsBySession.get(sessionId);
    if (!sockets?.delete(socketId)) return undefined;
    if (sockets.size === 0) this.socketsBySession.delete(sessionId);
    const sessions = this.sessionsBySocket.get(socketId);
    sessions?.delete(sessionId);
    if (sessions?.size === 0) this.sessionsBySocket.delete(socketId);
    return sockets.size;
  }

  /** Removes a disconnected socket everywhere; returns each affected session's new count. */
  leaveAll(socketId: string): [sessionId: string, viewers: number][] {
    const sessions = [...(this.sessionsBySocket.get(socketId) ?? [])];
    return sessions.map((sessionId) => [sessionId, this.leave(sessionId, socketId) ?? 0]);
  }

  count(sessionId: string): number {
    return this.socketsBySession.get(sessionId)?.size ?? 0;
  }

  *counts(): IterableIterator<[string, number]> {
    for (const [sessionId, sockets] of this.socketsBySession) yield [sessionId, sockets.size];
  }
}
