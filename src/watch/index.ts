// `lxp watch` as a library: follow an experience folder and keep develop in step with it.
//
//   const w = startWatch({ dir: 'site', onEvent: (e) => console.log(e) });
//   await w.ready;   // start-up sync done (or queued for retry), file events followed
//   …               // edit files
//   await w.idle();  // every change pushed (or reported as a conflict / invalid)
//   await w.close(); // in-flight pushes finish, state saved (if anything changed)
//
// Pieces: ./files.ts (chokidar) → ./scheduler.ts (coalescing, ordering, retries) → ./push.ts
// (plan + apply with the sync engine's rules, one state store for the session).
import path from 'node:path';
import type { ExperienceClient } from '../api/types.js';
import { connect, type ConnectOptions, type Connection } from '../sync/connection.js';
import { StateStore } from '../sync/state.js';
import { prefetchWriteAtomic } from '../project/write-atomic.js';
import type { WatchEvent, WatchEventHandler } from './events.js';
import { watchFolder, type FolderWatch } from './files.js';
import { createPusher, isSynced, WatchFatalError, type Pusher } from './push.js';
import { ALL, Scheduler, type Batch, type BatchOutcome } from './scheduler.js';

export type { WatchEvent, WatchEventHandler } from './events.js';
export { Scheduler, retryDelay, type Batch, type BatchOutcome, type FileEvent, type RetryInfo } from './scheduler.js';
export { formatWatchEvent } from './format.js';
export { WatchFatalError } from './push.js';

export const DEFAULT_DEBOUNCE_MS = 50;

export interface WatchOptions {
  /** The experience folder. */
  dir: string;
  /** Target name (--target). With `client`, the name the sync state is kept under (default "local"). */
  target?: string;
  /** Push with this client instead of connecting to the target (the caller closes it). */
  client?: ExperienceClient;
  onEvent?: WatchEventHandler;
  /** Quiet time that ends a burst of file events (ms). Default 50. */
  debounceMs?: number;
  /** Longest a change waits for the folder to go quiet (ms). Default 1 s. */
  maxWaitMs?: number;
  /** Backoff between retries of failed pushes (ms). Default 500 doubling to 15 000. */
  retry?: { baseMs?: number; maxMs?: number };
  /** Requests in flight at once within one batch. Default 8. */
  concurrency?: number;
  /**
   * See FolderWatchOptions.writeFinishMs. Default 0 (off): the settle check (`settleMs`) already
   * keeps a half-written file from being pushed, and chokidar's size polling only added its wait
   * (~25–35 ms) before the debounce's to every save.
   */
  writeFinishMs?: number;
  /**
   * A file modified less than this long before a push read it is not pushed from that read (it
   * may be half-written); it goes back to wait for the next quiet time. Default 50; at least
   * writeFinishMs + 25 when that wait is on. 0 turns the check off (tests).
   */
  settleMs?: number;
  usePolling?: boolean;
  /** For connect() when no client is given. */
  env?: NodeJS.ProcessEnv;
  say?: (line: string) => void;
  onRequest?: ConnectOptions['onRequest'];
  /**
   * Client tuning when connecting. Default: 2 quick retries per request — watch retries
   * failed pushes that a retry can pass itself, for as long as it takes, so a request need not wait long before handing back.
   */
  clientOptions?: ConnectOptions['clientOptions'];
}

export interface Watcher {
  /** Resolves when the start-up sync has run and file events are followed; rejects if watching cannot start. */
  ready: Promise<void>;
  /** Resolves when nothing is pending or in flight. */
  idle(): Promise<void>;
  /** Finishes what is in flight, saves the state, stops watching (and the embedded server, if started here). */
  close(): Promise<void>;
  /** The client pushes go through (its `stats` count requests). Set once ready. */
  readonly client: ExperienceClient | undefined;
  /** Files whose changes wait to be pushed (and '*' for a whole-folder sync). */
  pending(): string[];
  /** pending(), and the files of the pushes in flight (whose answers may not land): for an exit at once. */
  unfinished(): string[];
  /**
   * The start-up sync ran to its end: its whole-folder push finished with nothing of it waiting
   * for a retry (false while the API has not answered it, or once a stop cut it short).
   */
  readonly startupSynced: boolean;
  /** The connection, when startWatch connected by itself (to share with a preview). */
  readonly connection: Connection | undefined;
  /** For a second Ctrl-C: writes the sync state now, synchronously. */
  saveStateSync(): void;
  /**
   * Resolves (never rejects) if watching stopped by itself because retrying cannot help (the API
   * refused the token): the error, after close() has run. Pending forever otherwise.
   */
  readonly fatal: Promise<WatchFatalError>;
}

const WATCH_CLIENT_OPTIONS: NonNullable<ConnectOptions['clientOptions']> = { retries: 2, backoff: { baseMs: 100, maxMs: 1000 } };

export function startWatch(opts: WatchOptions): Watcher {
  const dir = path.resolve(opts.dir);
  const emit = (e: WatchEvent) => {
    try {
      opts.onEvent?.(e);
    } catch {
      /* a broken listener must not stop the watcher */
    }
  };
  let conn: Connection | undefined;
  let client: ExperienceClient | undefined = opts.client;
  let store: StateStore | undefined;
  let folder: FolderWatch | undefined;
  let scheduler: Scheduler | undefined;
  let filesTimer: NodeJS.Timeout | undefined;
  const changedFiles = new Set<string>();
  const debounceMs = opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let closing: Promise<void> | undefined;
  let startupSynced = false;
  /** Batches being pushed now. */
  const inFlight = new Set<Batch>();
  let pusher: Pusher | undefined;
  let fatalError: WatchFatalError | undefined;
  let fatalDone!: (e: WatchFatalError) => void;
  const fatal = new Promise<WatchFatalError>((resolve) => (fatalDone = resolve));
  /** A batch hit something retrying cannot fix: report it once and stop (not from inside the batch: close waits for it). */
  /** What the batch that hit the fatal error was to push: still not pushed ('*' = the whole folder). */
  const unpushed = new Set<string>();
  const stopFor = (err: WatchFatalError, batch: Batch) => {
    if (batch.all) unpushed.add('*');
    for (const f of batch.files) unpushed.add(f);
    if (fatalError) return;
    fatalError = err;
    emit({ type: 'error', message: err.message });
    setImmediate(() => void close().then(() => fatalDone(err)));
  };
  const guarded = async (batch: Batch): Promise<BatchOutcome> => {
    if (fatalError) {
      stopFor(fatalError, batch);
      return {};
    }
    try {
      return await pusher!(batch);
    } catch (err) {
      if (err instanceof WatchFatalError) {
        stopFor(err, batch);
        return {};
      }
      throw err;
    }
  };

  /** Tells listeners (a preview) which files changed, once per burst, ahead of the push. */
  const noteFile = (file: string) => {
    changedFiles.add(file);
    if (filesTimer) clearTimeout(filesTimer);
    filesTimer = setTimeout(() => {
      filesTimer = undefined;
      const files = [...changedFiles].sort();
      changedFiles.clear();
      emit({ type: 'files', files });
    }, debounceMs);
  };

  const ready = (async () => {
    if (!client) {
      conn = await connect({
        dir,
        target: opts.target,
        env: opts.env,
        say: opts.say,
        onRequest: opts.onRequest,
        clientOptions: opts.clientOptions ?? WATCH_CLIENT_OPTIONS,
      });
      client = conn.client;
    }
    const targetName = conn?.target.name ?? opts.target ?? 'local';
    store = await StateStore.open(dir, targetName, client.applicationId);
    // The state's folds (a journal grown past the file) write with write-file-atomic: loaded now,
    // while the session starts, not in the middle of a push (project/write-atomic.ts).
    prefetchWriteAtomic();
    // A file written this recently when read may be half-written. The debounce already waits for
    // debounceMs of quiet after the last event, so with the default 50/50 a save is read once,
    // right after the debounce; only a writer still at work (or pausing mid-write) is handed back.
    const writeFinishMs = opts.writeFinishMs ?? 0;
    const settleMs = opts.settleMs ?? Math.max(50, writeFinishMs > 0 ? writeFinishMs + 25 : 0);
    pusher = createPusher({ dir, client, target: targetName, store, emit, concurrency: opts.concurrency, env: opts.env, settleMs });
    const push = guarded;
    let firstSyncDone!: () => void;
    const firstSync = new Promise<void>((resolve) => (firstSyncDone = resolve));
    /** Ends the start-up sync once a whole-folder push leaves nothing for a retry (a throw is retried whole). */
    const settleStartup = (outcome: BatchOutcome): BatchOutcome => {
      if (!outcome.retryAll && !fatalError) startupSynced = true;
      return outcome;
    };
    const tracked = async (batch: Batch): Promise<BatchOutcome> => {
      inFlight.add(batch);
      try {
        return batch.all ? settleStartup(await push(batch)) : await push(batch);
      } finally {
        inFlight.delete(batch);
      }
    };
    const sched = new Scheduler({
      debounceMs,
      maxWaitMs: opts.maxWaitMs,
      retry: opts.retry,
      run: (batch) => (batch.all ? tracked(batch).finally(firstSyncDone) : tracked(batch)),
      onRetry: (info) => emit({ type: 'retry', ...info }),
    });
    scheduler = sched;
    // Watch first, then compare: an edit made during the start-up sync is not missed.
    folder = await watchFolder({
      dir,
      writeFinishMs,
      usePolling: opts.usePolling,
      onFile: (file, event) => {
        noteFile(file);
        // A plain edit of a synced file touches only its own view; anything else may pair with other files.
        sched.touch(file, event, { exclusive: event !== 'change' || !isSynced(store!, file) });
      },
      onOtherFile: (file) => noteFile(file),
      onResync: () => sched.touchAll(),
      onError: (err) => emit({ type: 'error', message: `watcher: ${err.message}` }),
    });
    await folder.ready;
    sched.touchAll();
    await firstSync;
    if (fatalError) throw fatalError;
    emit({ type: 'ready', dir });
  })();
  // close() may run before ready settles; an unobserved failure must not crash the process.
  ready.catch(() => undefined);

  async function close(): Promise<void> {
    closing ??= (async () => {
      await ready.catch(() => undefined);
      if (filesTimer) clearTimeout(filesTimer);
      await folder?.close();
      const left = (await scheduler?.close()) ?? [];
      // A whole-folder sync left pending (stopped, or waiting for a retry) that got as far as its
      // plan: what it did not push is known file by file — "the whole folder (not compared with
      // develop)" would not be true, and says less.
      const wholeLeft = left.includes(ALL) ? pusher?.wholeSyncLeft() : undefined;
      if (wholeLeft) left.splice(left.indexOf(ALL), 1, ...wholeLeft.filter((f) => !left.includes(f)));
      // "Everything pushed" must be true even if the watcher missed a change (a platform's events
      // lost, a file written while its new folder was being read): a file whose bytes no push read
      // is named as pending. One read of the folder, at close only — saves never wait for it.
      if (!fatalError && !left.includes(ALL)) {
        try {
          left.push(...((await pusher?.unread()) ?? []));
        } catch (err) {
          emit({ type: 'error', message: `could not check the folder for unpushed changes: ${(err as Error).message}` });
        }
      }
      let stateSaved = false;
      try {
        // The session's batches are in the journal: watch stops with one whole state.json.
        await store?.compact();
        stateSaved = store?.wroteAny ?? false;
      } catch (err) {
        emit({ type: 'error', message: (err as Error).message });
      }
      await conn?.close();
      const pending = [...new Set([...unpushed, ...left])].sort();
      emit({ type: 'closed', pending, notPushed: pusher?.notPushed() ?? [], stateSaved, ...(fatalError ? { error: fatalError.message } : {}) });
    })();
    return closing;
  }

  return {
    ready,
    idle: async () => {
      await ready;
      await scheduler!.idle();
    },
    close,
    get client() {
      return client;
    },
    get connection() {
      return conn;
    },
    pending: () => scheduler?.pendingFiles() ?? [],
    unfinished: () => [...new Set([...(scheduler?.pendingFiles() ?? []), ...[...inFlight].flatMap((b) => [...(b.all ? [ALL] : []), ...b.files])])].sort(),
    get startupSynced() {
      return startupSynced;
    },
    saveStateSync: () => store?.flushSync(),
    fatal,
  };
}

