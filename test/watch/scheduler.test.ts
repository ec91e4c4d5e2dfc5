// The watch scheduler with fake events and a fake clock: coalescing, ordering, exclusivity,
// retries. The "pushes" are recorded promises the test resolves by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryDelay, Scheduler, type Batch, type BatchOutcome } from '../../src/watch/scheduler.js';

interface Run {
  batch: Batch;
  finish(outcome?: BatchOutcome): void;
  fail(err: Error): void;
}

function harness(opts: { debounceMs?: number; maxWaitMs?: number } = {}) {
  const runs: Run[] = [];
  const retries: { files: string[]; all: boolean; delayMs: number }[] = [];
  const s = new Scheduler({
    debounceMs: opts.debounceMs ?? 50,
    maxWaitMs: opts.maxWaitMs,
    retry: { baseMs: 100, maxMs: 1000 },
    random: () => 0.5,
    run: (batch) =>
      new Promise<BatchOutcome>((resolve, reject) => {
        runs.push({ batch, finish: (o = {}) => resolve(o), fail: reject });
      }),
    onRetry: (r) => retries.push(r),
  });
  const open = () => runs.filter((r) => !(r as Run & { done?: boolean }).done);
  return { s, runs, retries, open };
}

/** Lets resolved promises run their continuations. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalescing', () => {
  it('turns a burst of saves to one file into one batch after the quiet time', async () => {
    const { s, runs } = harness({ maxWaitMs: 5000 });
    for (let i = 0; i < 100; i++) {
      s.touch('pages/home.hbs', 'change');
      vi.advanceTimersByTime(10);
    }
    expect(runs).toHaveLength(0);
    vi.advanceTimersByTime(39); // 49 ms since the last save
    expect(runs).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(runs).toHaveLength(1);
    expect(runs[0].batch.files).toEqual(['pages/home.hbs']);
    expect(runs[0].batch.exclusive).toBe(false);
  });

  it('puts changes to several files in one batch (debounce across files)', () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(30);
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(30);
    s.touch('components/c.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    expect(runs[0].batch.files).toEqual(['components/c.hbs', 'pages/a.hbs', 'pages/b.hbs']);
  });

  it('cuts a burst that never pauses after maxWait', () => {
    const { s, runs } = harness({ maxWaitMs: 500 });
    for (let t = 0; t < 520; t += 20) {
      s.touch('pages/a.hbs', 'change');
      vi.advanceTimersByTime(20);
    }
    expect(runs).toHaveLength(1);
  });

  it('makes a batch with an add or a delete exclusive (a rename pairs a delete and an add)', () => {
    const { s, runs } = harness();
    s.touch('pages/old.hbs', 'unlink');
    s.touch('pages/new.hbs', 'add');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    expect(runs[0].batch).toMatchObject({ files: ['pages/new.hbs', 'pages/old.hbs'], exclusive: true, all: false });
  });
});

describe('ordering', () => {
  it('never has one file in two flights; the file goes again once its push ends', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    s.touch('pages/a.hbs', 'change');
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(500);
    expect(runs).toHaveLength(1); // still in flight: waits
    runs[0].finish();
    await settle();
    expect(runs).toHaveLength(2);
    expect(runs[1].batch.files).toEqual(['pages/a.hbs']);
  });

  it('runs edits of different files concurrently', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs.map((r) => r.batch.files)).toEqual([['pages/a.hbs'], ['pages/b.hbs']]);
  });

  it('holds an exclusive batch until the flights end, and starts nothing beside it', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    s.touch('pages/new.hbs', 'add');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    runs[0].finish();
    await settle();
    expect(runs).toHaveLength(2);
    expect(runs[1].batch.exclusive).toBe(true);
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(100);
    expect(runs).toHaveLength(2); // waits for the exclusive batch
    runs[1].finish();
    await settle();
    expect(runs).toHaveLength(3);
    expect(runs[2].batch.files).toEqual(['pages/b.hbs']);
  });

  it('runs a whole-folder sync alone', async () => {
    const { s, runs } = harness();
    s.touchAll();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    expect(runs[0].batch).toMatchObject({ all: true, exclusive: true, files: ['pages/a.hbs'] });
  });
});

describe('retries and idle', () => {
  it('retries what failed after a backoff, growing, until it succeeds; nothing is dropped', async () => {
    const { s, runs, retries } = harness();
    let idle = false;
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    void s.idle().then(() => (idle = true));
    runs[0].fail(new Error('ECONNREFUSED'));
    await settle();
    expect(retries).toEqual([{ files: ['pages/a.hbs'], all: false, delayMs: retryDelay(1, { baseMs: 100, maxMs: 1000 }, () => 0.5), attempt: 1, error: 'ECONNREFUSED' }]);
    expect(s.pendingFiles()).toEqual(['pages/a.hbs']);
    vi.advanceTimersByTime(retries[0].delayMs - 1);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs).toHaveLength(2);
    expect(runs[1].batch.attempt).toBe(1);
    runs[1].finish({ retry: ['pages/a.hbs'], error: '503' });
    await settle();
    expect(retries[1].delayMs).toBeGreaterThan(retries[0].delayMs);
    vi.advanceTimersByTime(retries[1].delayMs);
    expect(runs).toHaveLength(3);
    expect(idle).toBe(false);
    runs[2].finish();
    await settle();
    expect(idle).toBe(true);
    expect(s.size).toBe(0);
  });

  it('keeps a change made during a failing push and sends it with the retry', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    s.touch('pages/b.hbs', 'add');
    runs[0].finish({ retry: ['pages/a.hbs'] });
    await settle();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      for (const r of runs.slice(1)) r.finish();
      await settle();
    }
    const files = runs.slice(1).flatMap((r) => r.batch.files);
    expect(files.sort()).toEqual(['pages/a.hbs', 'pages/b.hbs']);
  });

  it('retries a failed whole-folder sync as a whole-folder sync', async () => {
    const { s, runs, retries } = harness();
    s.touchAll();
    vi.advanceTimersByTime(50);
    runs[0].finish({ retryAll: true });
    await settle();
    expect(retries[0].all).toBe(true);
    vi.advanceTimersByTime(retries[0].delayMs);
    expect(runs[1].batch.all).toBe(true);
  });

  it('close() waits for what is in flight, starts nothing more, and reports what was left', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    s.touch('pages/b.hbs', 'change');
    let closed: string[] | undefined;
    void s.close().then((left) => (closed = left));
    await settle();
    expect(closed).toBeUndefined();
    runs[0].finish();
    await settle();
    await settle();
    expect(closed).toEqual(['pages/b.hbs']);
    vi.advanceTimersByTime(1000);
    expect(runs).toHaveLength(1);
  });
});

describe.each(['settling', 'replan'] as const)('files handed back as %s (read mid-write; refused because develop changed meanwhile)', (field) => {
  it('by a batch that ends while close() waits for it: left pending (not pushed), not dropped', async () => {
    const { s, runs } = harness();
    s.touch('pages/a.hbs', 'change');
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(50);
    let closed: string[] | undefined;
    void s.close().then((left) => (closed = left));
    runs[0].finish({ [field]: ['pages/a.hbs'] });
    await settle();
    await settle();
    expect(closed).toEqual(['pages/a.hbs']);
    expect(runs).toHaveLength(1);
  });

  it('go back to pending as a fresh save: pushed again after the quiet time, no backoff, no retry event', async () => {
    const { s, runs, retries } = harness();
    s.touch('pages/a.hbs', 'change');
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(1);
    runs[0].finish({ [field]: ['pages/a.hbs'] });
    await settle();
    expect(retries).toEqual([]);
    expect(s.pendingFiles()).toEqual(['pages/a.hbs']);
    vi.advanceTimersByTime(49);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(runs).toHaveLength(2);
    expect(runs[1].batch.files).toEqual(['pages/a.hbs']);
    expect(runs[1].batch.attempt).toBe(0);
    runs[1].finish();
    await settle();
    expect(s.size).toBe(0);
  });
});

describe('files the API refused as sent (parked)', () => {
  it('are not retried after a backoff; they go again with the next save of any file, marked as rejoined, and as any save when saved', async () => {
    const { s, runs, retries } = harness();
    s.touch('pages/big.hbs', 'add');
    vi.advanceTimersByTime(50);
    runs[0].finish({ park: ['pages/big.hbs'] });
    await settle();
    expect(retries).toEqual([]);
    expect(s.size).toBe(0);
    await s.idle();
    vi.advanceTimersByTime(60_000);
    expect(runs).toHaveLength(1);

    s.touch('pages/home.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs).toHaveLength(2);
    expect(runs[1].batch).toMatchObject({ files: ['pages/big.hbs', 'pages/home.hbs'], rejoined: ['pages/big.hbs'], exclusive: true, attempt: 0 });
    runs[1].finish({ park: ['pages/big.hbs'] });
    await settle();

    s.touch('pages/big.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs[2].batch).toMatchObject({ files: ['pages/big.hbs'], rejoined: [] });
    runs[2].finish();
    await settle();
    expect(s.size).toBe(0);
  });
});

describe('files a push joins to its batch (a held delete, a bad file another file fixed)', () => {
  it('are in flight with it: never joined by a second batch, a save of theirs waits, a failure retries them', async () => {
    const { s, runs, retries } = harness();
    s.touch('pages/a.hbs', 'change');
    vi.advanceTimersByTime(50);
    s.touch('pages/b.hbs', 'change');
    vi.advanceTimersByTime(50);
    expect(runs.map((r) => r.batch.files)).toEqual([['pages/a.hbs'], ['pages/b.hbs']]);
    expect(runs[0].batch.join(['layouts/main.hbs', 'pages/a.hbs'])).toEqual(['layouts/main.hbs', 'pages/a.hbs']);
    // In flight with the first batch: the second cannot plan it too.
    expect(runs[1].batch.join(['layouts/main.hbs'])).toEqual([]);
    expect(s.size).toBe(3);
    // A save of it waits for that flight, then goes as any save.
    s.touch('layouts/main.hbs', 'add');
    vi.advanceTimersByTime(500);
    expect(runs).toHaveLength(2);
    // Waiting for its own batch: not joined either (that batch plans it).
    expect(runs[1].batch.join(['layouts/main.hbs'])).toEqual([]);
    runs[1].finish();
    runs[0].finish({ retry: ['layouts/main.hbs', 'pages/a.hbs'], error: 'socket hang up' });
    await settle();
    expect(retries.map((r) => r.files)).toEqual([['layouts/main.hbs', 'pages/a.hbs']]);
    vi.advanceTimersByTime(1000);
    expect(runs[2].batch).toMatchObject({ files: ['layouts/main.hbs', 'pages/a.hbs'], exclusive: true, attempt: 1 });
    // A push that has returned joins nothing (its files are out of flight).
    expect(runs[0].batch.join(['pages/c.hbs'])).toEqual([]);
    runs[2].finish();
    await settle();
    expect(s.size).toBe(0);
  });
});

describe('retryDelay', () => {
  it('doubles up to the ceiling and is never zero', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(retryDelay(1, o, () => 0)).toBe(50);
    expect(retryDelay(2, o, () => 0)).toBe(100);
    expect(retryDelay(3, o, () => 1)).toBe(400);
    expect(retryDelay(10, o, () => 1)).toBe(1000);
  });
});
