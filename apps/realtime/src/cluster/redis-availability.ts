import type { Logger } from '@showfloor/server-kit';

export type RedisState = 'up' | 'down';

/**
 * Whether a part of this node takes Redis for answering: once a call fails it is `down` (logged
 * once, at error) and calls are not even tried until the part has caught Redis up and says so
 * (`markUp`, logged once) — so an outage costs no waiting, and what the part missed is put right
 * by the part itself (a write-back, a replay) before it shares again.
 */
export class RedisAvailability {
  private current: RedisState = 'up';

  constructor(
    private readonly logger: Logger,
    private readonly messages: { down: string; up: string },
    /** Told of every failure (a part may need to know Redis missed something even while already down). */
    private readonly onFailure: () => void = () => {},
  ) {}

  get state(): RedisState {
    return this.current;
  }

  /** Runs `operation` while Redis is up; undefined when it is down or the operation failed. */
  async attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    if (this.current === 'down') return undefined;
    try {
      return await operation();
    } catch (error) {
      this.markDown(error);
      return undefined;
    }
  }

  markDown(error: unknown): void {
    this.onFailure();
    if (this.current === 'down') return;
    this.current = 'down';
    this.logger.error({ err: error }, this.messages.down);
  }

  markUp(): void {
    if (this.current === 'up') return;
    this.current = 'up';
    this.logger.info(this.messages.up);
  }
}
