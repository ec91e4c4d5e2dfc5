// A strictly increasing millisecond clock. lxp detects conflicts by comparing a view's
// lastUpdated, so two writes in the same millisecond must still get different, increasing
// stamps; when the wall clock stalls (or steps back) the clock runs one millisecond ahead.

export class MonotonicClock {
  private last: number;

  /** `floor`: the highest stamp already handed out (read from the database at start-up). */
  constructor(floor = 0) {
    this.last = floor;
  }

  next(): number {
    const now = Date.now();
    this.last = now > this.last ? now : this.last + 1;
    return this.last;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
