import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { type ReactionAnimation, ReactionAnimations } from './reaction-animations.ts';

function setup(gapMs = 100) {
  const clock = new ManualClock();
  const sent: (ReactionAnimation & { sessionId: string })[] = [];
  const animations = new ReactionAnimations({
    clock,
    gapMs: () => gapMs,
    emit: (sessionId, animation) => sent.push({ sessionId, ...animation }),
  });
  return { clock, sent, animations };
}

const counts = (sent: ReactionAnimation[]) => sent.map(({ type, count }) => [type, count]);

describe('ReactionAnimations', () => {
  it('animates the first reaction at once and folds the rest of a burst into the next slot, per type', async () => {
    const { clock, sent, animations } = setup();
    for (const type of ['heart', 'heart', 'fire', 'heart', 'like', 'fire', 'heart']) animations.added('s', type);
    expect(counts(sent)).toEqual([['heart', 1]]);
    await clock.advance(100);
    expect(counts(sent)).toEqual([
      ['heart', 1],
      ['heart', 3],
      ['fire', 2],
      ['like', 1],
    ]);
  });

  it('never loses a count: every reaction is in exactly one event', async () => {
    const { clock, sent, animations } = setup(10);
    for (let i = 0; i < 1_000; i++) {
      animations.added('s', i % 3 === 0 ? 'fire' : 'like');
      if (i % 7 === 0) await clock.advance(3);
    }
    await clock.advance(1_000);
    expect(sent.reduce((sum, event) => sum + event.count, 0)).toBe(1_000);
  });

  it('a slot that sent several types waits as many gaps, keeping the write budget', async () => {
    const { clock, sent, animations } = setup(100);
    animations.added('s', 'like');
    animations.added('s', 'fire');
    animations.added('s', 'heart');
    await clock.advance(100);
    expect(sent).toHaveLength(3);
    animations.added('s', 'like');
    await clock.advance(199);
    expect(sent).toHaveLength(3);
    await clock.advance(1);
    expect(sent).toHaveLength(4);
  });

  it('keeps rooms apart, and forgets a room that ended', async () => {
    const { clock, sent, animations } = setup();
    animations.added('a', 'like');
    animations.added('b', 'like');
    animations.added('a', 'like');
    animations.forget('a');
    await clock.advance(500);
    expect(sent.map((event) => event.sessionId)).toEqual(['a', 'b']);
  });
});
