import { useEffect, useRef, useState } from 'react';
import { useSocketEvent } from '../../platform/realtime-context.tsx';
import { type FloatingReaction, floatsForBurst, withFloats } from './reaction-burst.ts';
import { reactionEmoji } from './reaction-emoji.ts';
import { useReducedMotion } from './use-reduced-motion.ts';

/** How long one emoji stays: the rise in live-room.css lasts as long. */
const floatMs = 2_400;

/**
 * The room's reactions rising over the stream, driven by `new-reaction` ({ type, count }: the
 * reactions since the previous animation). With reduced motion asked for, the same reactions show
 * as still chips that simply go away.
 */
export function FloatingReactions() {
  const reduced = useReducedMotion();
  const [floating, setFloating] = useState<FloatingReaction[]>([]);
  const ids = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useSocketEvent('new-reaction', (burst) => {
    const added = floatsForBurst(burst, () => ++ids.current);
    const addedIds = new Set(added.map((float) => float.id));
    setFloating((current) => withFloats(current, added));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFloating((current) => current.filter((float) => !addedIds.has(float.id)));
    }, floatMs + 1_000);
    timers.current.add(timer);
  });

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  return (
    <div className={`floating-reactions${reduced ? ' floating-reactions-still' : ''}`} aria-hidden="true">
      {floating.map((float) => (
        <span
          key={float.id}
          className="floating-reaction"
          data-type={float.type}
          style={reduced ? undefined : { left: `${float.left}%`, animationDelay: `${float.delay}s` }}
        >
          {reactionEmoji(float.type)}
        </span>
      ))}
    </div>
  );
}
