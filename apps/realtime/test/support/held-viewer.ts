// A viewer in a process of its own, so a test can freeze it (SIGSTOP) with its connection open:
// it joins the session, sends the reactions it was asked for, reports over IPC, then holds on.
import { io } from 'socket.io-client';

const [url, sessionId, guestId, reactions] = process.argv.slice(2);
if (!url || !sessionId || !guestId) throw new Error('usage: held-viewer.ts <url> <sessionId> <guestId> [reactions]');

const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { guestId } });
socket.on('connect', async () => {
  await socket.emitWithAck('join-session', sessionId);
  let acked = 0;
  for (let sent = 0; sent < Number(reactions ?? 0); sent++) {
    const answer = (await socket.emitWithAck('send-reaction', { sessionId, type: 'wow' })) as { ok: boolean };
    if (answer.ok) acked += 1;
  }
  process.send?.({ ready: true, acked });
});
socket.on('connect_error', (error) => {
  process.send?.({ ready: false, error: error.message });
});
