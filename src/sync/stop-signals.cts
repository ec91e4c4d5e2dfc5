// The stop signals lxp answers (Ctrl-C, SIGTERM), their exit codes, and the answer to one that
// comes before a command has an answer of its own. CommonJS on purpose (.cts, compiled to
// dist/sync/stop-signals.cjs), with no imports: bin/lxp.js require()s it when a stop arrives
// while the CLI is still loading — on every Node lxp runs on, without waiting for the CLI —
// and src/cli/main.ts answers with it once loaded, so both say the same thing, word for word.
// The rest of lxp imports it through ./errors.ts.

/** The stop signals lxp answers (saving what finished, saying where things stand), with their exit codes: 128 + the signal's number, as shells report it. */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** How a stop message begins: "interrupted" (Ctrl-C) or "stopped by SIGTERM". */
export function stoppedBy(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
}

/** What lxp prints for a stop that no command answers itself, and how it exits. */
export interface EarlyStopAnswer {
  exitCode: number;
  /** Where the text goes: the line to stderr, the --json envelope to stdout. */
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * The answer to a stop while lxp is starting, or during a command with no answer of its own
 * (status, release, users add…): the line, or with --json the `interrupted` envelope naming
 * `command` (docs/commands.md, exit codes).
 */
export function earlyStopAnswer(signal: StopSignal, json: boolean, command: string): EarlyStopAnswer {
  const message = `${stoppedBy(signal)} before the command finished: whatever it had already done stands (run it again, or check with \`lxp status\`)`;
  const exitCode = STOP_SIGNALS[signal];
  if (!json) return { exitCode, stream: 'stderr', text: `\nlxp: ${message}\n` };
  const envelope = { command, target: null, folder: null, outcome: 'interrupted', exitCode, error: { code: 'interrupted', message } };
  return { exitCode, stream: 'stdout', text: `${JSON.stringify(envelope, null, 2)}\n` };
}
