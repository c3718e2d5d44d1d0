import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { z } from 'zod';
import { useLiveSession } from '../../live/session-query.ts';
import { useViewerCount } from '../../live/use-viewer-count.ts';
import { useRoom } from '../../platform/use-room.ts';
import { errorText } from '../../ui/error-text.ts';
import { Empty, QueryState } from '../../ui/page-states.tsx';
import { ChatPanel } from './chat-panel.tsx';
import { EndedSummary } from './ended-summary.tsx';
import { FloatingReactions } from './floating-reactions.tsx';
import { ReactionBar } from './reaction-bar.tsx';
import { RoomHeader } from './room-header.tsx';
import { SessionProductList } from './session-product-list.tsx';
import { ShowcasedProduct } from './showcased-product.tsx';
import { StreamArea } from './stream-area.tsx';
import { TrendingProducts } from './trending-products.tsx';
import './live-room.css';

const sessionIdSchema = z.uuid();

function LiveRoom({ session }: { session: SessionDetailView }) {
  // In the room from the first render: events, the viewer count and the commands all need it.
  const room = useRoom(session.id);
  const viewers = useViewerCount(room);
  const inRoom = room.joined !== null;
  const ended = session.status === 'ended';

  useEffect(() => {
    const before = document.title;
    document.title = `${session.title} · Showfloor`;
    return () => {
      document.title = before;
    };
  }, [session.title]);

  return (
    <>
      <RoomHeader session={session} viewers={viewers} />
      {room.error && !ended ? (
        <p className="banner banner-warning room-join-failed" role="status">
          Could not join the live room: {errorText(room.error)}
        </p>
      ) : null}
      <div className="live-room-layout">
        <div className="room-stream">
          <StreamArea sessionId={session.id} status={session.status} />
          <FloatingReactions />
        </div>
        <div className="room-reactions">
          {ended ? (
            <EndedSummary session={session} />
          ) : (
            <ReactionBar sessionId={session.id} status={session.status} inRoom={inRoom} />
          )}
        </div>
        <div className="room-showcase">{ended ? null : <ShowcasedProduct session={session} inRoom={inRoom} />}</div>
        <div className="room-chat">
          <ChatPanel sessionId={session.id} status={session.status} room={room} />
        </div>
        <div className="room-products">
          <SessionProductList session={session} inRoom={inRoom} />
        </div>
        <div className="room-trending">
          <TrendingProducts session={session} />
        </div>
      </div>
    </>
  );
}

/** What a viewer sees of one session: the stream, its audience, reactions, chat and products, all live. */
export function Component() {
  const { sessionId = '' } = useParams();
  const valid = sessionIdSchema.safeParse(sessionId).success;
  return <main className="page live-room">{valid ? <KnownRoom sessionId={sessionId} /> : <NoSuchRoom />}</main>;
}

function KnownRoom({ sessionId }: { sessionId: string }) {
  const session = useLiveSession(sessionId);
  return <QueryState query={session}>{(loaded) => <LiveRoom session={loaded} />}</QueryState>;
}

function NoSuchRoom() {
  return <Empty>There is no session at this address.</Empty>;
}
