import type { RealtimeConfig } from '@showfloor/config';
import type { Clock, Logger } from '@showfloor/server-kit';
import { createRealtime, type Realtime } from './app.ts';

export interface RunningRealtime {
  url: string;
  realtime: Realtime;
  close(): Promise<void>;
}

export async function startRealtimeServer(options: {
  config: RealtimeConfig;
  logger: Logger;
  clock?: Clock;
}): Promise<RunningRealtime> {
  const realtime = await createRealtime(options);
  const url = await realtime.app.listen({ host: options.config.HOST, port: options.config.PORT });
  await realtime.start();
  return { url, realtime, close: () => realtime.close() };
}
