import { NotFoundError, ServiceUnavailableError, type SessionFacts } from '@showfloor/contracts';
import { createLogger } from '@showfloor/server-kit';
import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api-client/api-request-error.ts';
import { SessionFactsCache } from './session-facts-cache.ts';

const sessionId = '00000000-0000-4000-8000-000000000001';
const facts = (status: SessionFacts['status']): SessionFacts => ({
  id: sessionId,
  creatorId: '00000000-0000-4000-8000-0000000000c0',
  status,
  enableViewerAnalytics: true,
  activeProductId: null,
  productIds: [],
  checkpoints: [],
});

/** The API's side of the cache as a scripted sequence of answers. */
function setup() {
  const clock = new ManualClock();
  const answers: (() => Promise<SessionFacts>)[] = [];
  let reads = 0;
  const cache = new SessionFactsCache({
    api: {
      getSessionFacts: () => {
        reads += 1;
        const next = answers.shift();
        return next ? next() : Promise.reject(new Error('no scripted answer'));
      },
    },
    clock,
    ttlMs: 1_000,
    notFoundTtlMs: 10_000,
    maxNotFound: 2,
    backoff: { baseMs: 400, maxMs: 400 },
    logger: createLogger({ name: 'test', level: 'silent' }),
  });
  const unreachable = () => Promise.reject(new ApiRequestError('API unreachable', true));
  return { clock, answers, cache, unreachable, reads: () => reads };
}

describe('SessionFactsCache', () => {
  it('rechecks facts about to refuse an event: from the API once they are a second old, shared by a burst', async () => {
    const { clock, answers, cache, reads } = setup();
    answers.push(() => Promise.resolve(facts('scheduled')));
    expect((await cache.get(sessionId)).status).toBe('scheduled');
    // Went live; the room event has not arrived. Within the second the cache answers on its own.
    answers.push(() => Promise.resolve(facts('live')));
    await clock.advance(500);
    expect((await cache.recheck(sessionId)).status).toBe('scheduled');
    expect(reads()).toBe(1);
    await clock.advance(600);
    const burst = await Promise.all([cache.recheck(sessionId), cache.recheck(sessionId), cache.recheck(sessionId)]);
    expect(burst.map((answer) => answer.status)).toEqual(['live', 'live', 'live']);
    expect(reads()).toBe(2);
  });

  it('serves stale facts at once and refreshes them in the background', async () => {
    const { clock, answers, cache, reads } = setup();
    answers.push(async () => facts('live'));
    expect((await cache.get(sessionId)).status).toBe('live');
    await clock.advance(1_500);
    answers.push(async () => facts('paused'));
    expect((await cache.get(sessionId)).status).toBe('live');
    await Promise.resolve();
    expect((await cache.get(sessionId)).status).toBe('paused');
    expect(reads()).toBe(2);
  });

  it('pauses reads after a failure: known sessions get what is cached, new ones service_unavailable at once', async () => {
    const { clock, answers, cache, unreachable, reads } = setup();
    answers.push(async () => facts('live'));
    await cache.get(sessionId);
    await clock.advance(1_500);
    answers.push(unreachable);
    expect((await cache.refresh(sessionId)).status).toBe('live');
    await expect(cache.get('00000000-0000-4000-8000-000000000002')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(reads()).toBe(2);
    await clock.advance(400);
    answers.push(async () => facts('ended'));
    expect((await cache.refresh(sessionId)).status).toBe('ended');
  });

  it('remembers ids the API does not know, for a while and boundedly', async () => {
    const { clock, answers, cache, reads } = setup();
    const missing = () => Promise.reject(new ApiRequestError('not found', false, 404));
    answers.push(missing);
    await expect(cache.get(sessionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cache.get(sessionId)).rejects.toBeInstanceOf(NotFoundError);
    expect(reads()).toBe(1);
    await clock.advance(10_000);
    answers.push(async () => facts('scheduled'));
    expect((await cache.get(sessionId)).status).toBe('scheduled');

    answers.push(missing, missing, missing);
    for (const id of ['a', 'b', 'c']) await expect(cache.get(id)).rejects.toBeInstanceOf(NotFoundError);
    answers.push(missing);
    // Only the two newest are remembered: the oldest is asked about again.
    await expect(cache.get('a')).rejects.toBeInstanceOf(NotFoundError);
    expect(reads()).toBe(6);
  });
});
