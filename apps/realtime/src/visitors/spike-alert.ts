/**
 * When visitors in the last minute cross the threshold: one alert per crossing. It re-arms only
 * once the figure falls below `rearmRatio` of the threshold, so traffic hovering around it does
 * not alert on every event.
 */
export class SpikeAlert {
  private armed = true;

  constructor(
    private readonly threshold: number,
    private readonly rearmRatio = 0.8,
  ) {}

  /** True when this reading is a new crossing. */
  check(visitorsLastMinute: number): boolean {
    if (this.armed && visitorsLastMinute > this.threshold) {
      this.armed = false;
      return true;
    }
    if (!this.armed && visitorsLastMinute < this.threshold * this.rearmRatio) this.armed = true;
    return false;
  }
}
