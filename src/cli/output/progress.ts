// Progress while a plan is applied. On a TTY: one live bar (cli-progress) with the count and
// the view in flight, on stderr. Piped: one plain line per change on stdout. With --json or
// --quiet: nothing (the JSON document or the exit code says it all).
import type cliProgressModule from 'cli-progress';
import { createRequire } from 'node:module';
import type { PlannedChange } from '../../sync/plan.js';
import { isWrite, subjectOf } from '../../sync/plan.js';
import type { ChangeResult } from '../../sync/results.js';
import type { Style } from './style.js';
import { resultLine } from './text.js';

export interface ProgressSink {
  start(total: number): void;
  onStart(c: PlannedChange): void;
  onResult(r: ChangeResult): void;
  stop(): void;
}

export interface Writer {
  write(s: string): unknown;
}

const QUIET: ProgressSink = { start() {}, onStart() {}, onResult() {}, stop() {} };

export function createProgress(opts: { mode: 'tty' | 'lines' | 'none'; stdout: Writer; stderr: Writer & { isTTY?: boolean }; style: Style }): ProgressSink {
  if (opts.mode === 'none') return QUIET;
  const shown = (r: ChangeResult) => r.action !== 'record' && r.action !== 'forget' && !(r.action === 'skip');
  if (opts.mode === 'lines') {
    return {
      start() {},
      onStart() {},
      onResult(r) {
        if (shown(r) || r.status === 'failed') opts.stdout.write(`${resultLine(r, opts.style)}\n`);
      },
      stop() {},
    };
  }
  // Loaded only for a live bar: piped, --json and --quiet runs never pay for it.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof cliProgressModule;
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} {view}',
      stream: opts.stderr as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const inFlight = new Set<string>();
  let started = false;
  const label = () => {
    const first = inFlight.values().next().value;
    return first ? `${first}${inFlight.size > 1 ? ` (+${inFlight.size - 1})` : ''}` : '';
  };
  return {
    start(total) {
      if (total === 0) return;
      started = true;
      bar.start(total, 0, { view: '' });
    },
    onStart(c) {
      if (!started || !isWrite(c)) return;
      inFlight.add(`${subjectOf(c)} ${c.name}`);
      bar.update({ view: label() });
    },
    onResult(r) {
      if (!started) return;
      inFlight.delete(`${subjectOf(r)} ${r.name}`);
      if (isWrite(r)) bar.increment(1, { view: label() });
      // Failures are worth a line of their own above the bar.
      if (r.status === 'failed') {
        bar.stop();
        opts.stderr.write(`${resultLine(r, opts.style)}\n`);
        bar.start(bar.getTotal(), (bar as unknown as { value: number }).value ?? 0, { view: label() });
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
