import { createRealtime, type Realtime, type RealtimeDeps } from './app.ts';

export interface RunningRealtime {
  url: string;
  realtime: Realtime;
  close(): Promise<void>;
}

export async function startRealtimeServer(
  options: Pick<RealtimeDeps, 'config' | 'logger' | 'clock' | 'onVisitorEventsAccepted' | 'trackDashboardAction'>,
): Promise<RunningRealtime> {
  const realtime = await createRealtime(options);
  const url = await realtime.app.listen({ host: options.config.HOST, port: options.config.PORT });
  await realtime.start();
  return { url, realtime, close: () => realtime.close() };
}
