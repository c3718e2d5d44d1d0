// Preloaded into the realtime process by the benchmark (`node --import tsx --import
// ./bench/realtime/service-probe.ts apps/realtime/src/main.ts`): reports how late the
// service's event loop runs, over the IPC channel the benchmark opened. It reads timers only; the
// service's code and configuration are untouched. Without an IPC channel it does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type ServiceProbeCommands, serveCommands } from './bench-protocol.ts';

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  serveCommands<ServiceProbeCommands>({
    async 'event-loop-delay'({ reset }) {
      const summary = {
        samples: delay.count,
        p50Ms: delay.percentile(50) / 1e6,
        p99Ms: delay.percentile(99) / 1e6,
        maxMs: delay.max / 1e6,
      };
      if (reset) delay.reset();
      return summary;
    },
  });
}
