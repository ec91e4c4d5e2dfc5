// Running lxp in-process, exactly as the binary does (runCli: the same argument parsing, the same
// command shell), with captured output. `spawnLxp` runs the built binary as a child, for the
// tests that kill it or need a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/io.js';
import { BIN } from './server.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, in the order written. */
  output: string;
  /** stdout parsed when it is one JSON document (--json), else undefined. */
  json: any;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Pretend stdin and stderr are a terminal and type these answers (one per question). */
  answers?: string[];
  /** Pipe this text to stdin (not a terminal), then end it: e.g. for --password-stdin. */
  input?: string;
  /** Pretend stdout is a terminal this wide. */
  columns?: number;
  /** Resolves when a long-running command (watch, dev, preview, server) should stop. */
  stopSignal?: Promise<void>;
  /** Retries per API request (default: the client's). */
  retries?: number;
  /** Per-attempt timeout of API requests (default: the client's, 30 s). */
  timeoutMs?: number;
  /** Called with everything written so far (stdout and stderr interleaved) after each write, to wait for a line while the command runs. */
  onOutput?: (output: string) => void;
}

/** `lxp <args…>` in this process. Requests retry quickly (tests do not wait seconds for backoff). */
export async function runLxp(args: string[], opts: RunOptions): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let output = '';
  const tty = opts.answers !== undefined;
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) {
    stdin.isTTY = true;
    // One answer per question: readline reads a line when it asks.
    stdin.write(opts.answers!.map((a) => `${a}\n`).join(''));
  } else if (opts.input !== undefined) {
    stdin.end(opts.input);
  }
  const io: CommandIO = {
    stdout: {
      write: (s: string) => {
        stdout += s;
        output += s;
        opts.onOutput?.(output);
        return true;
      },
      isTTY: opts.columns !== undefined,
      columns: opts.columns,
    },
    stderr: {
      write: (s: string) => {
        stderr += s;
        output += s;
        opts.onOutput?.(output);
        return true;
      },
      isTTY: tty,
    },
    stdin,
    env: opts.env,
    cwd: opts.cwd,
    clientOptions: { retries: opts.retries, backoff: { baseMs: 5, maxMs: 20 }, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) },
    stopSignal: opts.stopSignal,
  };
  const code = await runCli(args, io);
  if (!stdin.writableEnded) stdin.end();
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, output, json };
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The built binary as a child process (npm test builds dist/; ensureBuilt() for a file run alone). */
export function spawnLxp(args: string[], env: NodeJS.ProcessEnv, cwd: string, extra: { uid?: number; gid?: number } = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...extra });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
