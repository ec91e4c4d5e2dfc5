// The heart of `lxp watch`, without files or network: file events in, batches of files to push
// out. It decides WHEN to push and WHAT goes together; the pusher (./push.ts) decides how.
//
// - Coalescing: a burst of events (one file saved 100 times, or 30 files touched by a `git
//   checkout`) becomes one batch once the folder has been quiet for `debounceMs`; a burst that
//   never pauses is still cut every `maxWaitMs`, so a busy folder keeps syncing.
// - Ordering: a file is in at most one batch in flight. An event for a file being pushed waits,
//   and the file is pushed again after that push ends — the pusher reads the file when it
//   runs, so the newest content goes next and nothing older can follow it.
// - Concurrency: batches of plain edits to different files run side by side. Batches that may
//   pair files with each other (adds and deletes: a rename is a delete + an add; whole-folder
//   syncs) run alone, so two batches never write the same view at once.
// - Failures: a failed batch (or the files the pusher hands back) is pending again after an
//   exponential backoff, for as long as it takes: nothing is dropped. Files the pusher parks (the
//   API refused their change as sent: the same request would be refused again) are not retried
//   after a backoff; they wait for the next file event — theirs, or any other file's, which may be
//   what they lack — and are then pushed with it.
//
// Time comes from `now()` and the global timers, so tests drive it with fake timers.

export type FileEvent = 'add' | 'change' | 'unlink';

export interface Batch {
  /** A whole-folder sync (start-up, .lxpignore changed, a folder removed). */
  all: boolean;
  /** Files (relative to the experience folder, forward slashes) to push; the pusher reads them now. */
  files: string[];
  /** Runs with nothing else in flight. */
  exclusive: boolean;
  /** When each file (and '*' for `all`) was first touched since it was last pushed (now() ms). */
  since: Map<string, number>;
  /** 0 for a first try, then how many times these changes failed before. */
  attempt: number;
  /** Files of `files` that were parked (BatchOutcome.park) and go again with another file's save, unsaved themselves. */
  rejoined: string[];
  /**
   * Adds files the batch's push found it must plan too (a held layout delete, a bad file another
   * file fixed) to this batch, under the same rule as its own: the files returned are in flight
   * with it — retried with it, waited for by a later event of theirs. A file in flight in another
   * batch, or waiting for its own, is not joined: that batch plans it.
   */
  join(files: string[]): string[];
}

export interface BatchOutcome {
  /** Files to push again after a backoff (their push failed). */
  retry?: string[];
  /** Run the whole-folder sync again after a backoff. */
  retryAll?: boolean;
  /** Why (shown with the retry). */
  error?: string;
  /**
   * Files whose change the API refused as sent: not retried after a backoff, but pushed again
   * with the next file event (of any file) or whole-folder sync. Not pending meanwhile.
   */
  park?: string[];
  /**
   * Files read while still being written: not a failure — they go back to pending as if saved
   * again just now (no backoff, no attempt counted, no retry event), so the push that follows
   * reads them once they are still.
   */
  settling?: string[];
  /**
   * Files whose change the API refused because develop changed after the push read it (a view a
   * teammate deleted, a name one took): planned again at once, as if saved again just now (no
   * backoff, no attempt counted, no retry event) — that plan reads develop again and sees why.
   */
  replan?: string[];
}

export interface RetryInfo {
  files: string[];
  all: boolean;
  delayMs: number;
  attempt: number;
  error?: string;
}

export interface SchedulerOptions {
  /** Quiet time (ms) that ends a burst. */
  debounceMs: number;
  /** Longest a change waits for the folder to be quiet (ms). Default 20 × debounceMs, at least 1 s. */
  maxWaitMs?: number;
  /** Backoff of retries: first ceiling and largest ceiling (ms). */
  retry?: { baseMs?: number; maxMs?: number };
  run(batch: Batch): Promise<BatchOutcome>;
  /** A batch failed (threw or handed files back) and will be tried again after delayMs. */
  onRetry?(info: RetryInfo): void;
  now?: () => number;
  random?: () => number;
}

interface Pending {
  exclusive: boolean;
  firstTouch: number;
  lastTouch: number;
  /** Not before this time (a retry's backoff). */
  notBefore: number;
  /** Failures so far. */
  attempts: number;
  /** Parked, and pending again because another file was saved (not saved itself since). */
  rejoined?: boolean;
}

/** The key under which the whole-folder sync waits. Never a file name (files end in .hbs). */
export const ALL = '*';

export const DEFAULT_RETRY = { baseMs: 500, maxMs: 15_000 };

/** "Equal jitter" backoff: half the ceiling for sure, the other half at random (never 0, never in step). */
export function retryDelay(attempt: number, opts: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class Scheduler {
  private readonly pending = new Map<string, Pending>();
  /** Parked files (see BatchOutcome.park) → whether their batch was exclusive. */
  private readonly parked = new Map<string, boolean>();
  private readonly inFlight = new Set<string>();
  private readonly flights = new Set<Promise<void>>();
  private exclusiveRunning = false;
  private lastActivity = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly retry: { baseMs: number; maxMs: number };
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.debounceMs = Math.max(0, opts.debounceMs);
    this.maxWaitMs = opts.maxWaitMs ?? Math.max(1000, 20 * this.debounceMs);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** A file event. Adds and deletes make the next batch exclusive (they may pair up as a rename). */
  touch(file: string, event: FileEvent, opts: { exclusive?: boolean } = {}): void {
    this.parked.delete(file);
    this.add(file, opts.exclusive ?? event !== 'change');
    this.unpark();
  }

  /** Asks for a whole-folder sync (exclusive): it covers the parked files too. */
  touchAll(): void {
    this.parked.clear();
    this.add(ALL, true);
  }

  /** A save: the parked files go with it (what they lacked may be what was saved). */
  private unpark(): void {
    if (this.closed) return;
    for (const [file, exclusive] of this.parked) {
      if (this.pending.has(file)) continue;
      this.add(file, exclusive);
      this.pending.get(file)!.rejoined = true;
    }
    this.parked.clear();
  }

  /** Changes waiting or in flight. */
  get size(): number {
    return this.pending.size + this.inFlight.size;
  }

  /** What is waiting (not in flight): files, and '*' for a whole-folder sync. */
  pendingFiles(): string[] {
    return [...this.pending.keys()];
  }

  /** Resolves once nothing is pending or in flight (immediately when that is already so). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops starting batches and waits for those in flight. Returns what was left pending. */
  async close(): Promise<string[]> {
    this.closed = true;
    this.clearTimer();
    while (this.flights.size > 0) await Promise.all([...this.flights]);
    const left = this.pendingFiles();
    this.pending.clear();
    this.settleIdle();
    return left;
  }

  private add(key: string, exclusive: boolean): void {
    if (this.closed) return;
    const now = this.now();
    this.lastActivity = now;
    const p = this.pending.get(key);
    if (p) {
      p.lastTouch = now;
      p.exclusive ||= exclusive;
      p.rejoined = false;
    } else {
      this.pending.set(key, { exclusive, firstTouch: now, lastTouch: now, notBefore: -Infinity, attempts: 0 });
    }
    this.wake();
  }

  private isIdle(): boolean {
    return this.pending.size === 0 && this.inFlight.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** When a pending change may go: after the folder is quiet (or it waited maxWait), and after its backoff. */
  private readyAt(p: Pending): number {
    const quiet = Math.min(this.lastActivity + this.debounceMs, p.firstTouch + this.maxWaitMs);
    return Math.max(quiet, p.notBefore);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Dispatches what is ready, and sets the timer for the next thing that will be. */
  private wake(): void {
    if (this.closed) return;
    const now = this.now();
    this.dispatch(now);
    let next = Infinity;
    for (const [key, p] of this.pending) if (!this.inFlight.has(key)) next = Math.min(next, this.readyAt(p));
    if (next === Infinity) {
      this.clearTimer();
      return;
    }
    // Something ready but held back (a file in flight, an exclusive batch waiting for others):
    // the end of a flight wakes us, no timer needed.
    if (next <= now) return;
    if (this.timer && this.timerAt === next) return;
    this.clearTimer();
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.wake();
    }, next - now);
  }

  private dispatch(now: number): void {
    if (this.exclusiveRunning) return;
    const ready = [...this.pending].filter(([key, p]) => !this.inFlight.has(key) && this.readyAt(p) <= now);
    if (ready.length === 0) return;
    const exclusive = ready.some(([key, p]) => p.exclusive || key === ALL);
    // An exclusive batch waits for the others to finish; meanwhile nothing new starts, so it
    // cannot be starved by a stream of edits.
    if (exclusive && this.flights.size > 0) return;
    for (const [key] of ready) this.pending.delete(key);
    const entries = new Map(ready);
    /** Set when the push has returned: a join after that would leave its files in flight for ever. */
    let ended = false;
    const batch: Batch = {
      all: ready.some(([key]) => key === ALL),
      files: ready.map(([key]) => key).filter((k) => k !== ALL).sort(),
      exclusive,
      since: new Map(ready.map(([key, p]) => [key, p.firstTouch])),
      attempt: Math.max(...ready.map(([, p]) => p.attempts)),
      rejoined: ready.filter(([, p]) => p.rejoined).map(([key]) => key).sort(),
      join: (files) => (ended ? [] : this.join(entries, files)),
    };
    for (const key of entries.keys()) this.inFlight.add(key);
    if (exclusive) this.exclusiveRunning = true;

    const flight = (async () => {
      let outcome: BatchOutcome;
      try {
        outcome = await this.opts.run(batch);
      } catch (err) {
        outcome = { retry: [...entries.keys()].filter((k) => k !== ALL), retryAll: batch.all, error: (err as Error)?.message ?? String(err) };
      }
      ended = true;
      for (const key of entries.keys()) this.inFlight.delete(key);
      if (exclusive) this.exclusiveRunning = false;
      this.requeue(entries, outcome);
    })();
    this.flights.add(flight);
    void flight.finally(() => {
      this.flights.delete(flight);
      this.wake();
      this.settleIdle();
    });
  }

  /** See Batch.join: `entries` are the batch's own (its flight ends by taking them out of inFlight). */
  private join(entries: Map<string, Pending>, files: string[]): string[] {
    const joined: string[] = [];
    for (const file of files) {
      if (!entries.has(file)) {
        if (file === ALL || this.inFlight.has(file) || this.pending.has(file)) continue;
        const now = this.now();
        // Not parked any more: this push plans it (and parks it again if it is refused again).
        this.parked.delete(file);
        entries.set(file, { exclusive: false, firstTouch: now, lastTouch: now, notBefore: -Infinity, attempts: 0 });
        this.inFlight.add(file);
      }
      joined.push(file);
    }
    return joined;
  }

  /** Puts failed changes back, after a backoff; merges with events that arrived meanwhile. */
  private requeue(entries: Map<string, Pending>, outcome: BatchOutcome): void {
    for (const file of [...(outcome.settling ?? []), ...(outcome.replan ?? [])]) {
      const was = entries.get(file);
      // Closing (a stop): add() takes no new save, but this change was not pushed — close() must
      // name it as pending, not report everything pushed.
      if (this.closed && was && !this.pending.has(file)) this.pending.set(file, was);
      this.add(file, was?.exclusive ?? false);
      // The wait is measured from the first save, as for any change.
      const p = this.pending.get(file);
      if (p) p.firstTouch = Math.min(p.firstTouch, was?.firstTouch ?? p.firstTouch);
    }
    // Parked: a file saved again meanwhile is pending already, and goes as any save.
    for (const file of outcome.park ?? []) if (!this.pending.has(file)) this.parked.set(file, entries.get(file)?.exclusive ?? false);
    const keys = [...(outcome.retry ?? []), ...(outcome.retryAll ? [ALL] : [])];
    if (keys.length === 0) return;
    const attempts = Math.max(0, ...keys.map((k) => entries.get(k)?.attempts ?? 0)) + 1;
    const delayMs = retryDelay(attempts, this.retry, this.random);
    const now = this.now();
    for (const key of keys) {
      const was = entries.get(key);
      const p = this.pending.get(key);
      if (p) {
        p.notBefore = Math.max(p.notBefore, now + delayMs);
        p.attempts = Math.max(p.attempts, attempts);
        p.exclusive ||= was?.exclusive ?? false;
        p.firstTouch = Math.min(p.firstTouch, was?.firstTouch ?? p.firstTouch);
      } else {
        this.pending.set(key, {
          exclusive: was?.exclusive ?? key === ALL,
          firstTouch: was?.firstTouch ?? now,
          lastTouch: was?.lastTouch ?? now,
          notBefore: now + delayMs,
          attempts,
        });
      }
    }
    if (!this.closed) {
      this.opts.onRetry?.({ files: keys.filter((k) => k !== ALL).sort(), all: keys.includes(ALL), delayMs, attempt: attempts, error: outcome.error });
    }
  }
}
