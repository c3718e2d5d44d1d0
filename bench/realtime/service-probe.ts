// Preloaded into the realtime process by the benchmark (`node --import tsx --import
// ./bench/realtime/service-probe.ts apps/realtime/src/main.ts`): reports how late the
// service's event loop runs, its heap (after a full collection when node runs with --expose-gc),
// and takes CPU profiles of a chosen span, over the IPC channel the benchmark opened. It reads
// timers, the heap and the profiler only; the service's code and configuration are untouched.
// Without an IPC channel it does nothing.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type ServiceProbeCommands, serveCommands } from './bench-protocol.ts';

if (process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let profiler: Session | undefined;
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
    async heap() {
      const gc = (globalThis as { gc?: () => void }).gc;
      // Twice: the first pass can leave garbage that only finalizers released.
      if (gc) for (let pass = 0; pass < 2; pass++) gc();
      const usage = process.memoryUsage();
      return { collected: gc !== undefined, heapUsedBytes: usage.heapUsed, rssBytes: usage.rss };
    },
    async 'start-cpu-profile'() {
      if (profiler) throw new Error('a CPU profile is already being taken');
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      return { started: true as const };
    },
    async 'stop-cpu-profile'({ path }) {
      if (!profiler) throw new Error('no CPU profile is being taken');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = undefined;
      await writeFile(path, JSON.stringify(profile));
      return { path };
    },
  });
}
