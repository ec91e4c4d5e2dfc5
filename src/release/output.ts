// How release commands end: human text or one JSON document on stdout, and the exit code.
// With --json a failure is JSON too, so a CI step can always parse what happened.
import { describeError, LxpError } from '../sync/errors.js';

export interface OutputOptions {
  json: boolean;
  quiet?: boolean;
}

export function printResult(opts: OutputOptions, result: unknown, text: string): void {
  if (opts.json) process.stdout.write(JSON.stringify({ ok: true, ...(result as object) }, null, 2) + '\n');
  else if (!opts.quiet) process.stdout.write(text + '\n');
}

/**
 * Runs a command body. Errors keep their exit code (main prints the message); with --json the
 * error is also printed as JSON on stdout with what was and was not done.
 */
export async function runReporting(opts: OutputOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    // One mapping of errors to exit codes for every command (a refused token is exit 2).
    const d = describeError(err);
    const e = Object.assign(new LxpError(d.code, d.message, d.exitCode), { done: (err as { done?: string[] }).done, notDone: (err as { notDone?: string[] }).notDone });
    if (opts.json) writeJsonError(e);
    throw e;
  }
}

function writeJsonError(e: Error & { exitCode?: number; done?: string[]; notDone?: string[] }): void {
  const doc = {
    ok: false,
    exitCode: typeof e.exitCode === 'number' ? e.exitCode : 1,
    error: e.message,
    ...(e.done ? { done: e.done } : {}),
    ...(e.notDone ? { notDone: e.notDone } : {}),
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}
