import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header that carries a request id from one service to the other, in both directions. */
export const requestIdHeader = 'x-request-id';

const requestIdPattern = /^[\w.:-]{1,128}$/;

/** An incoming id worth keeping (bounded, log-safe), or undefined for one we must replace. */
export function acceptableRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && requestIdPattern.test(value) ? value : undefined;
}

interface RequestContextStore {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContextStore | undefined>();

/**
 * The id of the call being served, wherever the code runs: a Fastify request (set by the shared
 * HTTP base), a socket event (set by the namespace), or a delivery attempt (set by the outbox).
 * Outgoing calls send it as `x-request-id` and the logger stamps it as `reqId` on every line, so
 * one search for an id shows a call's whole path through both services.
 */
export const requestContext = {
  /** Runs `fn` (and everything it starts) under `requestId`. */
  run<T>(requestId: string, fn: () => T): T {
    return storage.run({ requestId }, fn);
  },

  /** Runs `fn` under a new id, for work that starts here (a socket event, a timer's batch). */
  runFresh<T>(fn: () => T): T {
    return storage.run({ requestId: randomUUID() }, fn);
  },

  /**
   * Runs `fn` outside any call: for work that outlives the call that set it off (an outbox's
   * delivery loop and its retry timers), whose lines must not carry that call's id.
   */
  detached<T>(fn: () => T): T {
    // Not storage.exit(): on Node 20 the awaits inside fn resume under the outer store again.
    return storage.run(undefined, fn);
  },

  /** The current call's id, if the code runs inside one. */
  currentId(): string | undefined {
    return storage.getStore()?.requestId;
  },

  /** The current call's id, or a new one for a call that starts outside any (a scheduled job). */
  idForOutgoingCall(): string {
    return storage.getStore()?.requestId ?? randomUUID();
  },
};
