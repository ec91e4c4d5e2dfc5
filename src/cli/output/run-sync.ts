// The shell shared by `lxp status`, `lxp diff`, `lxp deploy` and `lxp pull`: check the flags,
// read the folder (refusing an invalid one before any request), connect to the target, run the
// sync pipeline, and render its report as text, progress lines or one JSON document. Returns
// the exit code instead of exiting, so tests drive the commands in-process.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig, redactSecrets } from '../../config/index.js';
import { loadProjectCached } from '../../project/parse-cache-file.js';
import type { Plan } from '../../sync/plan.js';
import { compare, deploy, pull, type SyncCommand, type SyncReport } from '../../sync/run.js';
import { StateError, type StateStore } from '../../sync/state.js';
import { EXIT } from '../../sync/errors.js';
import { connect, type Connection, type ConnectOptions } from '../../sync/connection.js';
import { reportToJson } from './json.js';
import { createProgress, type Writer } from './progress.js';
import { createStyle, useColor } from './style.js';
import { issueLines, planLines, resultSummary, shownChanges, statusLines } from './text.js';

export interface SyncFlags {
  dir?: string;
  target?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  dryRun?: boolean;
  force?: boolean;
  prune?: boolean;
  concurrency?: string | number;
  exitCode?: boolean;
  yes?: boolean;
}

export interface CliIO {
  stdout: Writer & { isTTY?: boolean };
  stderr: Writer & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Client tuning (tests shorten the backoff). */
  clientOptions?: ConnectOptions['clientOptions'];
  /** Installs signal handlers (the real CLI); tests leave them out. */
  handleSignals?: boolean;
}

function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), handleSignals: true };
}

class FlagError extends Error {}

/** Changes a plan lists before "… and N more" (a 5000-view first deploy need not print 5000 lines twice). */
const PLAN_LIST_LIMIT = 100;

function parseConcurrency(v: string | number | undefined): number {
  if (v === undefined) return 8;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new FlagError(`--concurrency must be an integer from 1 to 64 (got ${JSON.stringify(v)})`);
  return n;
}

async function confirm(io: CliIO, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function runSyncCommand(command: SyncCommand, paths: string[], flags: SyncFlags, ioIn: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = { ...defaultIO(), ...ioIn };
  const style = createStyle(!flags.json && useColor(!!io.stdout.isTTY, io.env));
  const errStyle = createStyle(!flags.json && useColor(!!io.stderr.isTTY, io.env));
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const err = (line: string) => io.stderr.write(`${line}\n`);
  const quiet = !!flags.quiet && !flags.json;
  let secrets: string[] = [];
  const fail = (exitCode: number, message: string, extra: Record<string, unknown> = {}): number => {
    const safe = redactSecrets(message, secrets);
    if (flags.json) out(JSON.stringify({ command, outcome: 'error', exitCode, message: safe, ...extra }, null, 2));
    else err(`${errStyle.red('lxp:')} ${safe}`);
    return exitCode;
  };

  let conn: Connection | undefined;
  let store: StateStore | undefined;
  const onSigint = () => {
    try {
      store?.flushSync();
    } finally {
      io.stderr.write('\nlxp: interrupted; the sync state of what finished is saved. Run the command again to finish.\n');
      process.exit(130);
    }
  };
  try {
    const dir = path.resolve(io.cwd, flags.dir ?? '.');
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) return fail(EXIT.INVALID, `${flags.dir ?? '.'} is not a folder`);
    // The flag wins over the folder's lxp.config.json, which wins over the default.
    const concurrency = parseConcurrency(flags.concurrency ?? loadConfig(dir).concurrency);

    // The folder first: an invalid one is refused before any connection or request.
    const project = await loadProjectCached(dir, { paths, cwd: io.cwd });
    if (project.issues.length > 0) {
      if (flags.json) {
        out(JSON.stringify({ command, outcome: 'invalid', exitCode: EXIT.INVALID, issues: project.issues, changes: [] }, null, 2));
      } else {
        for (const l of issueLines(project.issues, errStyle)) err(l);
        err(`${project.issues.length} problem${project.issues.length === 1 ? '' : 's'} in the folder; nothing was sent.`);
      }
      return EXIT.INVALID;
    }

    conn = await connect({
      dir,
      target: flags.target,
      env: io.env,
      say: quiet ? undefined : (line) => err(errStyle.dim(line)),
      onRequest: flags.verbose
        ? (e) => err(errStyle.dim(`  ${e.method} ${e.path} → ${e.status ?? e.error ?? '?'} ${e.ms}ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`))
        : undefined,
      clientOptions: io.clientOptions,
    });
    secrets = conn.secrets;

    if (command === 'deploy' && conn.target.protected && !flags.dryRun && !flags.yes) {
      if (!io.stdin.isTTY || !io.stderr.isTTY) {
        return fail(EXIT.INVALID, `target "${conn.target.name}" is protected: pass --yes to deploy to it without a terminal`);
      }
      if (!(await confirm(io, `Deploy to protected target "${conn.target.name}"?`))) return fail(EXIT.INVALID, 'deploy cancelled');
    }

    const mode = flags.json || quiet ? 'none' : io.stdout.isTTY ? 'tty' : 'lines';
    const progress = createProgress({ mode, stdout: io.stdout, stderr: io.stderr, style });
    const onPlan = (plan: Plan) => {
      if (mode === 'none' || command === 'status' || command === 'diff') return;
      for (const l of planLines(plan, style, flags.verbose ? undefined : PLAN_LIST_LIMIT)) out(l);
      if (!flags.dryRun && plan.conflicts === 0) progress.start(shownChanges(plan).filter((c) => c.action !== 'skip').length);
    };
    if (io.handleSignals) process.once('SIGINT', onSigint);

    const opts = {
      dir,
      client: conn.client,
      target: conn.target.name,
      paths,
      cwd: io.cwd,
      force: flags.force,
      prune: flags.prune,
      dryRun: flags.dryRun,
      concurrency,
      project,
      onState: (s: StateStore) => {
        store = s;
      },
      events: { onPlan, onStart: progress.onStart, onResult: progress.onResult },
    };
    let report: SyncReport;
    try {
      report =
        command === 'deploy' ? await deploy(opts) : command === 'pull' ? await pull(opts) : await compare({ ...opts, command });
    } finally {
      progress.stop();
    }
    let exitCode = report.exitCode;
    const differs = report.plan?.changes.some((c) => c.kind !== 'in-sync') ?? false;
    if ((command === 'status' || command === 'diff') && flags.exitCode && differs) exitCode = EXIT.FAILED;

    if (flags.json) {
      out(JSON.stringify({ ...reportToJson(report, { withDiffs: command === 'diff', requests: conn.client.stats }), exitCode }, null, 2));
      return exitCode;
    }
    if (report.outcome === 'invalid') {
      // Found only once develop was listed (e.g. paths that name no view); nothing was written.
      for (const l of issueLines(report.issues, errStyle)) err(l);
      err(`${errStyle.red('lxp:')} ${report.message}`);
    } else if (command === 'status' && report.plan) {
      if (!quiet) for (const l of statusLines(report.plan, style)) out(l);
    } else if (command === 'diff' && report.plan) {
      if (!quiet) {
        const { diffText } = await import('./diff.js'); // jsdiff: only `lxp diff` needs it
        const text = diffText(report.plan, style);
        if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        else out('No differences.');
      }
    } else if (report.outcome === 'conflicts') {
      for (const r of report.results) err(`${errStyle.red('conflict')} ${r.viewType} ${JSON.stringify(r.name)} (${r.file}): ${r.error}`);
      err(redactSecrets(report.message ?? 'conflicts', secrets));
    } else if (report.outcome === 'refused') {
      err(`${errStyle.red('lxp:')} ${report.message}`);
    } else if (report.outcome === 'dry-run') {
      if (!quiet) out(style.dim('Dry run: nothing was sent or written.'));
    } else {
      const failed = report.results.filter((r) => r.status === 'failed' || (r.status === 'skipped' && r.action !== 'skip'));
      if (quiet) {
        for (const r of failed) err(redactSecrets(`${r.action} ${r.viewType} ${JSON.stringify(r.name)} failed: ${r.error}`, secrets));
      } else {
        if (mode === 'tty') for (const r of failed) err(redactSecrets(`failed ${r.action} ${r.viewType} ${JSON.stringify(r.name)}: ${r.error}`, secrets));
        out(resultSummary(report, style));
      }
    }
    return exitCode;
  } catch (e) {
    const error = e as Error & { exitCode?: number; status?: number };
    if (error instanceof FlagError) return fail(EXIT.INVALID, error.message);
    if (error.status === 401 || error.status === 403) {
      // A refused token is a configuration problem, not a failed change: say where tokens come from.
      return fail(EXIT.INVALID, `${error.message} — the API refused the token: check LOSANT_API_TOKEN or the credentials file (see README, Targets and credentials)`);
    }
    const code = typeof error.exitCode === 'number' ? error.exitCode : error instanceof StateError ? EXIT.INVALID : EXIT.FAILED;
    return fail(code, error.message ?? String(e));
  } finally {
    if (io.handleSignals) process.removeListener('SIGINT', onSigint);
    await conn?.close();
  }
}
