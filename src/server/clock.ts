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

/** Stamps after this one (year 10000) print with a sign and six year digits: left to Date. */
const ISO_FAST_END = 253402300800000;
let isoMinute = NaN;
let isoMinutePrefix = '';

/**
 * `new Date(ms).toISOString()`, which costs ~4 µs a call here; a write formats one or two. The
 * clock's stamps come in order, so the "YYYY-MM-DDTHH:MM:" of the last minute is kept and only
 * seconds and milliseconds are formatted (same text: test/server/pure.test.ts).
 */
export function iso(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= ISO_FAST_END) return new Date(ms).toISOString();
  const minute = Math.floor(ms / 60000);
  if (minute !== isoMinute) {
    isoMinutePrefix = new Date(minute * 60000).toISOString().slice(0, 17);
    isoMinute = minute;
  }
  const rest = ms - minute * 60000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${isoMinutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 100 ? (millis < 10 ? '00' : '0') : ''}${millis}Z`;
}
