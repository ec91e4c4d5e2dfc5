// Where a command's input and output go: the process's streams for the binary, strings in
// tests. Light on purpose (the binary loads it at start-up).
import type { ConnectOptions } from '../sync/connection.js';

export interface Writer {
  write(s: string): unknown;
  isTTY?: boolean;
  /** Terminal width, when a terminal. */
  columns?: number;
}

export interface CommandIO {
  stdout: Writer;
  stderr: Writer;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** API client tuning (tests shorten the backoff). */
  clientOptions?: ConnectOptions['clientOptions'];
  /** Installs SIGINT/SIGTERM handlers (the real CLI); in-process tests leave them out. */
  handleSignals?: boolean;
  /** Resolves when a long-running command (watch, dev, preview, server) should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<void>;
}

/** The process's own streams, environment and directory. */
export function processIO(): CommandIO {
  quietWhenReaderCloses(process.stdout, () => {
    stdoutClosed = true;
    for (const fn of [...onStdoutClosed]) fn();
  });
  quietWhenReaderCloses(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), handleSignals: true };
}

/** Set once the reader of the process's stdout went away (`lxp … | head -1`). */
let stdoutClosed = false;
const onStdoutClosed = new Set<() => void>();
const quieted = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that stops reading (`| head`, `| grep -m1`, `| less` then q) is not an lxp failure:
 * Node ignores SIGPIPE, so each later write to the pipe fails with EPIPE as an 'error' event,
 * which unhandled is a stack trace and exit 1. Here the failed writes are simply dropped: the
 * command finishes what it was doing (a deploy is never abandoned half-way because nobody reads
 * its lines) and exits with its own code. Any other stream error is still thrown.
 */
function quietWhenReaderCloses(stream: NodeJS.WriteStream, closed?: () => void): void {
  if (quieted.has(stream)) return;
  quieted.add(stream);
  let told = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    if (told) return;
    told = true;
    closed?.();
  });
}


/** What stopped a long-running command: a signal, or 'stop' (io.stopSignal, the reader of stdout gone). */
export type StopBy = 'SIGINT' | 'SIGTERM' | 'stop';

/**
 * Resolves `stopped` on io.stopSignal, or (the real CLI) on the first SIGINT/SIGTERM; a second
 * signal calls onForce with that signal (which saves what it can and exits).
 */
export function stopSignal(io: CommandIO, onForce: (signal: 'SIGINT' | 'SIGTERM') => void): { stopped: Promise<void>; dispose(): void; readonly by: StopBy | undefined } {
  let by: StopBy | undefined;
  if (io.stopSignal) {
    void io.stopSignal.then(() => (by ??= 'stop'));
    return { stopped: io.stopSignal, dispose() {}, get by() { return by; } };
  }
  let count = 0;
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => (resolve = r)).then(() => void (by ??= 'stop'));
  // Nobody reads the output any more (`lxp watch --json | head -3`): stop as on a first Ctrl-C.
  const readerGone = () => resolve();
  if (io.stdout === process.stdout) {
    if (stdoutClosed) resolve();
    else onStdoutClosed.add(readerGone);
  }
  const handler = (signal: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      by = signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
      resolve();
    }
    else onForce(signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    get by() {
      return by;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      onStdoutClosed.delete(readerGone);
    },
  };
}
