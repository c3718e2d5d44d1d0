import { useEffect, useState } from 'react';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import type { Room } from '../platform/use-room.ts';

/**
 * Viewers watching now: the count the join answered, then every `viewer-count` the room sends.
 * Null while the page is not in the room (the realtime service is unreachable).
 */
export function useViewerCount(room: Room): number | null {
  const [count, setCount] = useState<number | null>(room.joined?.viewerCount ?? null);
  useEffect(() => {
    setCount(room.joined ? room.joined.viewerCount : null);
  }, [room.joined]);
  useSocketEvent('viewer-count', (next) => setCount(next));
  return count;
}
