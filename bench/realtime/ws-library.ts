// The `ws` package for the bare baseline, without a direct dependency on it.
//
// `ws` is installed (Socket.IO's engine.io runs on it) but is not a dependency of
// @showfloor/benchmarks, so `import 'ws'` does not resolve from here. We load the very copy
// engine.io uses (socket.io is a dependency for this alone) — the same WebSocket code under both
// servers, which is what makes the baseline fair. With `"ws"` and `"@types/ws"` in this package's devDependencies, this file becomes
// `export { WebSocket, WebSocketServer } from 'ws'`.
import { createRequire } from 'node:module';

export interface BareWebSocket {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  terminate(): void;
  on(event: 'open' | 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  once(event: 'open' | 'close', listener: () => void): this;
  once(event: 'error', listener: (error: Error) => void): this;
}

export interface BareWebSocketServer {
  readonly clients: Set<BareWebSocket>;
  on(event: 'connection', listener: (socket: BareWebSocket) => void): this;
  on(event: 'listening', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  address(): { port: number } | string | null;
  close(callback?: (error?: Error) => void): void;
}

interface WsModule {
  WebSocket: new (url: string) => BareWebSocket;
  WebSocketServer: new (options: { host: string; port: number; backlog?: number }) => BareWebSocketServer;
}

function loadWs(): WsModule {
  const fromHere = createRequire(import.meta.url);
  const fromSocketIo = createRequire(fromHere.resolve('socket.io'));
  const fromEngineIo = createRequire(fromSocketIo.resolve('engine.io'));
  return fromEngineIo('ws') as WsModule;
}

export const { WebSocket, WebSocketServer } = loadWs();

/** `WebSocket.OPEN` */
export const wsOpen = 1;
