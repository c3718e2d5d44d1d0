import { ApiError } from '@showfloor/client';
import { useQuery } from '@tanstack/react-query';
import AgoraRTC, { type IAgoraRTCClient, type IAgoraRTCRemoteUser } from 'agora-rtc-sdk-ng';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../platform/web-client-context.tsx';
import { errorText } from '../../ui/error-text.ts';

/*
 * The only module that imports agora-rtc-sdk-ng. The stream area loads it with React.lazy and only
 * when the server has an Agora app id, so pages without video never download the SDK.
 */

/** Longer than a healthy join takes anywhere; past it the viewer is told instead of waiting forever. */
const joinTimeoutMs = 15_000;

type PlayerState =
  | { kind: 'connecting' }
  | { kind: 'waiting' }
  | { kind: 'playing' }
  | { kind: 'failed'; message: string };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Watches the session's Agora channel as an audience member: a subscriber token, a join, the creator's video. */
export default function AgoraPlayer({ sessionId }: { sessionId: string }) {
  const api = useApi();
  const videoRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<PlayerState>({ kind: 'connecting' });
  const [needsTap, setNeedsTap] = useState(false);
  const token = useQuery({
    queryKey: ['session', sessionId, 'stream-token'],
    queryFn: async () => (await api.sessions.streamToken({ params: { sessionId } })).data,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

  useEffect(() => {
    const grant = token.data;
    if (!grant) return;
    let active = true;
    // Errors only in the console, and nothing of the viewer's sent to Agora's log servers.
    AgoraRTC.setLogLevel(3);
    AgoraRTC.disableLogUpload();
    const client: IAgoraRTCClient = AgoraRTC.createClient({ mode: 'live', codec: 'vp8' });
    const update = (next: PlayerState) => active && setState(next);
    // Browsers refuse sound before the viewer has touched the page: offer a button, once.
    AgoraRTC.onAutoplayFailed = () => active && setNeedsTap(true);

    client.on('user-published', async (user: IAgoraRTCRemoteUser, mediaType) => {
      try {
        await client.subscribe(user, mediaType);
        if (!active) return;
        if (mediaType === 'video' && videoRef.current) {
          user.videoTrack?.play(videoRef.current, { fit: 'contain' });
          update({ kind: 'playing' });
        }
        if (mediaType === 'audio') user.audioTrack?.play();
      } catch {
        update({ kind: 'failed', message: 'The video could not be played. Reload to try again.' });
      }
    });
    client.on('user-unpublished', (_user, mediaType) => {
      if (mediaType === 'video') update({ kind: 'waiting' });
    });
    client.on('token-privilege-will-expire', async () => {
      try {
        const { data } = await api.sessions.refreshStreamToken({ params: { sessionId } });
        await client.renewToken(data.token);
      } catch {
        // The old token still works until it expires; the next warning tries again.
      }
    });

    void (async () => {
      try {
        await client.setClientRole('audience');
        // uid 0 in a subscriber token admits any uid: let Agora pick one.
        await withTimeout(client.join(grant.appId, grant.channelName, grant.token, grant.uid || null), joinTimeoutMs);
        update({ kind: 'waiting' });
      } catch {
        update({
          kind: 'failed',
          message: 'Could not connect to the video service. Everything else here is still live.',
        });
      }
    })();

    return () => {
      active = false;
      AgoraRTC.onAutoplayFailed = undefined;
      client.removeAllListeners();
      for (const user of client.remoteUsers) {
        user.videoTrack?.stop();
        user.audioTrack?.stop();
      }
      void client.leave().catch(() => undefined);
    };
  }, [token.data, api, sessionId]);

  const failure =
    token.error !== null
      ? `The stream could not be opened: ${errorText(token.error)}${
          token.error instanceof ApiError && token.error.status === 503 ? ' (video is unavailable on this server)' : ''
        }`
      : state.kind === 'failed'
        ? state.message
        : null;

  return (
    <div className="stream-player" data-testid="stream-player">
      <div ref={videoRef} className="stream-video" />
      {failure ? (
        <div className="stream-overlay" role="alert">
          {failure}
        </div>
      ) : state.kind === 'connecting' ? (
        <div className="stream-overlay" role="status">
          Connecting to the stream…
        </div>
      ) : state.kind === 'waiting' ? (
        <div className="stream-overlay" role="status">
          Waiting for the creator’s video…
        </div>
      ) : null}
      {needsTap ? (
        // The click itself lifts the browser's block: the SDK resumes the sound on a user gesture.
        <button type="button" className="button button-small stream-sound" onClick={() => setNeedsTap(false)}>
          🔊 Tap for sound
        </button>
      ) : null}
    </div>
  );
}
