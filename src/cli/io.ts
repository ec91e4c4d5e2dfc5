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
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), handleSignals: true };
}


/**
 * Resolves `stopped` on io.stopSignal, or (the real CLI) on the first SIGINT/SIGTERM; a second
 * signal calls onForce (which saves what it can and exits).
 */
export function stopSignal(io: CommandIO, onForce: () => void): { stopped: Promise<void>; dispose(): void } {
  if (io.stopSignal) return { stopped: io.stopSignal, dispose() {} };
  let count = 0;
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => (resolve = r));
  const handler = () => {
    count++;
    if (count === 1) resolve();
    else onForce();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
