import cluster from 'node:cluster';
import { closeGracefully } from './graceful-shutdown.ts';
import { createLogger, type Logger } from './logger.ts';
import { processCountVariable, processIndexVariable, startProcessCluster } from './process-cluster.ts';
import { clusterWorkerPeers, type PeerEnvelope, type ProcessPeers, singleProcess } from './process-peers.ts';

export interface ServiceEntry<Config extends { LOG_LEVEL: string }> {
  name: string;
  /** Parses the environment; a thrown error whose message names the bad variables stops start-up. */
  loadConfig(): Config;
  /** How many processes serve (default 1). Above 1 this process becomes their primary (node:cluster). */
  processes?(config: Config): number;
  start(config: Config, logger: Logger, peers: ProcessPeers): Promise<{ close(): Promise<void> }>;
}

/**
 * A service's process entry: parse config (exit 1 with the message when it is bad), start, then
 * close once when stopped (see closeGracefully) — letting the service drain and flush — and exit.
 * With several processes the primary forks and watches the workers (startProcessCluster) and each
 * worker starts the service; a stop reaches the workers through the primary.
 */
export async function runService<Config extends { LOG_LEVEL: string }>(entry: ServiceEntry<Config>): Promise<void> {
  let config: Config;
  try {
    config = entry.loadConfig();
  } catch (error) {
    process.stderr.write(`showfloor ${entry.name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const size = entry.processes?.(config) ?? 1;
  if (size > 1 && cluster.isPrimary) {
    const logger = createLogger({ name: entry.name, level: config.LOG_LEVEL }).child({ process: 'primary' });
    const workers = await startProcessCluster({ size, logger });
    closeGracefully({ name: entry.name, logger }, () => workers.close());
    return;
  }
  if (cluster.isWorker) {
    const index = Number(process.env[processIndexVariable]);
    const logger = createLogger({ name: entry.name, level: config.LOG_LEVEL }).child({ process: index });
    const peers = clusterWorkerPeers({ index, size: Number(process.env[processCountVariable]), logger });
    const running = await entry.start(config, logger, peers);
    // A Ctrl-C reaches the whole process group: the primary passes it on as SIGTERM, once.
    const handle = closeGracefully({ name: entry.name, logger, terminalSignalsFromPrimary: true }, () =>
      running.close(),
    );
    // The primary is gone (killed outright): nobody will stop this worker, so it stops itself.
    process.once('disconnect', () => handle.close());
    process.send?.({ showfloorPeer: 'ready' } satisfies PeerEnvelope);
    return;
  }
  const logger = createLogger({ name: entry.name, level: config.LOG_LEVEL });
  const running = await entry.start(config, logger, singleProcess);
  closeGracefully({ name: entry.name, logger }, () => running.close());
}
