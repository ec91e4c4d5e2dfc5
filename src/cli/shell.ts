// The one command shell every lxp command runs through (the idea of Terraform's command views:
// one result, rendered as text for people or as one JSON document for machines). A command body
// gets a Shell — output that knows --json/--quiet/--verbose, the experience folder, the
// connection, one confirm — and returns a CommandResult; anything it throws is mapped to an exit
// code and a stable error code by describeError() (src/sync/errors.ts). All I/O goes through
// CommandIO, so every command runs in-process in tests.
import { findExperienceFolder, redactSecrets } from '../config/index.js';
import type { RequestEvent } from '../api/client.js';
import { connect, connectRemote, type Connection, type ConnectOptions } from '../sync/connection.js';
import { describeError } from '../sync/describe-error.js';
import { EXIT, LxpError, STOP_SIGNALS, stoppedBy, type ErrorCode, type StopSignal } from '../sync/errors.js';
import type { CommandIO } from './io.js';
import { LineReader, readAll } from './prompt.js';
import { createStyle, useColor, type Style } from './output/style.js';

/**
 * Ctrl-C at a question (a [y/N] confirmation, a password): the command stops as Ctrl-C stops any
 * command — exit 130, outcome "interrupted" — while a typed "no" stays a refusal (exit 2). Every
 * question is asked before its command writes anything.
 */
class InterruptedAtQuestion extends LxpError {
  override name = 'InterruptedAtQuestion';
  constructor() {
    super('interrupted', atQuestion('SIGINT'));
  }

  override outcome(): string {
    return 'interrupted';
  }
}

/** What a stop at a question says, whether it came as the byte readline reads (raw mode) or as a signal. */
function atQuestion(signal: StopSignal): string {
  return `${stoppedBy(signal)} at the question: nothing was changed`;
}

export type { CommandIO, Writer } from './io.js';

/** Output flags of every command that talks to an application. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export interface TargetFlags extends OutputFlags {
  /** The experience folder; default: the nearest folder with lxp.config.json at or above cwd. */
  dir?: string;
  target?: string;
  yes?: boolean;
}

/** What a command body returns: the shell prints it (text or the JSON envelope) and returns the exit code. */
export interface CommandResult {
  /** One word for what happened (done, in-sync, created, listed, …); failures: the error's outcome. */
  outcome: string;
  /** Default 0. */
  exitCode?: number;
  /** A failure that is a result rather than a thrown error (e.g. deploy refused for conflicts); the body prints what people need to read about it. */
  error?: { code: ErrorCode; message: string };
  /** The command's own fields of the JSON envelope, after the common ones. */
  data?: Record<string, unknown>;
  /** Lines for stdout in text mode (not with --quiet). */
  text?: string[];
  /** Lines for stdout in text mode, also with --quiet: what the command was asked for (versions' table). */
  output?: string[];
}

/** The fields every --json envelope starts with. */
export interface Envelope {
  command: string;
  /** The target's name; null when the command never resolved one (init, server, a failure before connecting). */
  target: string | null;
  /** The experience folder used (absolute); null when none was looked for or found. */
  folder: string | null;
  outcome: string;
  exitCode: number;
  error?: { code: ErrorCode; message: string; [detail: string]: unknown };
  [field: string]: unknown;
}

/** After a stop's answers came in, how long the command may take to wind down before the process ends anyway. */
const STOP_GRACE_MS = 1500;

/** What a command says when a stop signal ends it: the message, the envelope's own fields, and (for a command of steps) what was and was not done. */
export interface Interruption {
  message: string;
  data?: Record<string, unknown>;
  /** Inside the envelope's `error`, as a failed release's steps are. */
  steps?: { done: string[]; notDone: string[] };
}

export class Shell {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colours for stdout and for stderr (each only on a terminal, never with --json or NO_COLOR). */
  readonly style: Style;
  readonly errStyle: Style;
  private secrets: string[] = [];
  private conn: Connection | undefined;
  private dir: string | undefined;
  private cleanups: Array<() => void | Promise<void>> = [];
  private reader: LineReader | undefined;
  /** See about(). */
  private aboutRun: Record<string, unknown> = {};
  /** See streamJson(). */
  oneLineEnvelope = false;
  /**
   * Ctrl-C or SIGTERM came while requests were in flight (see answerStopSignals): their answers
   * are awaited, nothing more is sent, the command's own output is held back, and
   * `finishStop()` ends the process once the command has settled.
   */
  private stopping: { finish: () => never } | undefined;

  constructor(
    readonly command: string,
    readonly flags: TargetFlags,
    readonly io: CommandIO,
  ) {
    this.json = !!flags.json;
    this.quiet = !!flags.quiet && !this.json;
    this.verbose = !!flags.verbose;
    this.style = createStyle(!this.json && useColor(!!io.stdout.isTTY, io.env));
    this.errStyle = createStyle(!this.json && useColor(!!io.stderr.isTTY, io.env));
  }

  /** Text with every secret of the connection (the token) replaced by ***. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** One more value never to print (a password typed or piped in): belt and braces, it is never meant to reach output. */
  addSecret(secret: string): void {
    if (secret) this.secrets = [...this.secrets, secret];
  }

  /** A line for people on stdout (nothing with --json or --quiet, nor once stopping). */
  print(line: string): void {
    if (!this.json && !this.quiet && !this.stopping) this.io.stdout.write(`${this.redact(line)}\n`);
  }

  /** A line about what is going on, on stderr (nothing with --json or --quiet, nor once stopping). */
  note(line: string): void {
    if (!this.json && !this.quiet && !this.stopping) this.io.stderr.write(`${this.redact(line)}\n`);
  }

  /** Ctrl-C came and the command is winding down (its requests in flight answering): say nothing more of its own. */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** The command body has settled after a stop (see answerStopSignals): report and exit. */
  finishStop(): void {
    this.stopping?.finish();
  }

  /** A line on stderr with --verbose only (also with --json: stdout stays the document). */
  detail(line: string): void {
    if (this.verbose) this.io.stderr.write(`${this.errStyle.dim(this.redact(line))}\n`);
  }

  /** A problem on stderr, also with --quiet (not with --json: the envelope says it; nor once stopping). */
  problem(line: string): void {
    if (!this.json && !this.stopping) this.io.stderr.write(`${this.redact(line)}\n`);
  }

  /**
   * Answers Ctrl-C and SIGTERM until the command ends, for a command that can say how far it got:
   * `save` first (a sync state), then `interrupted()` with what `describe` says, then the exit
   * with the signal's code (130 / 143). Nothing when the process's signals are not the shell's.
   *
   * With writes in flight, the first signal does not exit at once: nothing more is sent
   * (ExperienceClient.stopSending), the answers of the writes sent are awaited — so a write that
   * lands is recorded like any other instead of left for the next run to guess at — and the
   * command, whose remaining requests now fail at once without being sent, runs to its end with
   * its output held back; then the report and the exit. `drained` tells `describe` whether every
   * write sent had its answer. A second signal, or a command still busy a while after the
   * answers came, ends it at once as before.
   */
  answerStopSignals(describe: (signal: StopSignal, stop: { drained: boolean }) => Interruption, save?: () => void): void {
    if (!this.io.handleSignals) return;
    const end = (signal: StopSignal): never => {
      try {
        save?.();
      } finally {
        const { message, data, steps } = describe(signal, { drained: (this.conn?.client.sending ?? 0) === 0 });
        this.interrupted(message, data, STOP_SIGNALS[signal], steps);
        process.exit(STOP_SIGNALS[signal]);
      }
    };
    const onStop = (signal: StopSignal) => {
      const client = this.conn?.client;
      if (this.stopping || !client || client.sending === 0) return end(signal);
      this.stopping = { finish: () => end(signal) };
      const n = client.sending;
      this.io.stderr.write(`\nlxp: stopping: waiting for the answer${n === 1 ? '' : 's'} to the ${n === 1 ? 'write' : `${n} writes`} in flight, sending nothing more (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again stops at once)\n`);
      // The command ends soon after the answers (what it has not sent fails at once); if it does not, stop anyway.
      // (Not unref'd: an idle event loop must not end the process before the report.)
      void client.stopSending().then(() => setTimeout(() => end(signal), STOP_GRACE_MS));
    };
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      process.on(signal, onStop);
      this.onClose(() => void process.removeListener(signal, onStop));
    }
  }

  /**
   * Ctrl-C stopped the command half-way (the caller exits 130 right after): the message on
   * stderr, or with --json the one envelope on stdout, so a pipeline reading it still gets a
   * document. Synchronous: process.exit follows at once (stdout/stderr to a file or a pipe are
   * written synchronously on POSIX).
   */
  interrupted(message: string, data: Record<string, unknown> = {}, exitCode: number = EXIT.INTERRUPTED, steps?: Interruption['steps']): void {
    if (!this.json) {
      this.io.stderr.write(`\n${this.redact(`lxp: ${message}`)}\n`);
      return;
    }
    // The steps done and not done go inside `error`, as every failure's do (docs/commands.md, the envelope).
    const envelope: Envelope = { ...this.base(), outcome: 'interrupted', exitCode, error: { code: 'interrupted', message, ...(steps ?? {}) }, ...data };
    this.io.stdout.write(`${this.redact(JSON.stringify(envelope, null, this.oneLineEnvelope ? undefined : 2))}\n`);
  }

  /** One JSON object on one line of stdout (the events of watch and dev). */
  jsonLine(value: object): void {
    this.io.stdout.write(`${this.redact(JSON.stringify(value))}\n`);
  }

  /**
   * Fields the --json envelope of a failure or refusal carries, as the command's result does on
   * success (release's `version` and `dryRun`); the error's or result's own data wins.
   */
  about(fields: Record<string, unknown>): void {
    this.aboutRun = { ...this.aboutRun, ...fields };
  }

  /** See about(). */
  aboutFields(): Record<string, unknown> {
    return this.aboutRun;
  }

  /** The experience folder (found once; see src/config/folder.ts), reported with --verbose and in the envelope. */
  folder(): string {
    if (this.dir === undefined) {
      this.dir = findExperienceFolder({ cwd: this.io.cwd, dir: this.flags.dir });
      this.detail(`Folder: ${this.dir}`);
    }
    return this.dir;
  }

  /**
   * A folder the command found its own way (lxp import: the folder it writes, which may not
   * exist yet; lxp server: the experience it answers for): reported like folder()'s.
   */
  useFolder(dir: string): void {
    this.dir = dir;
    this.detail(`Folder: ${dir}`);
  }

  /** The connection to the target (one per command; closed by the shell). */
  async connect(extra: Partial<ConnectOptions> = {}): Promise<Connection> {
    if (this.conn) return this.conn;
    return this.own(await connect(this.connectOptions((say) => say(), extra)));
  }

  /**
   * What connect() and connectAhead() pass: this command's target, env and client options, its
   * notes and --verbose request lines, each said through `when` (at once, or held back).
   */
  private connectOptions(when: (say: () => void) => void, extra: Partial<ConnectOptions>): ConnectOptions {
    const onRequest = this.verbose ? this.requestDetail() : this.silentWait();
    return {
      // A folder given (lxp import: one that may not exist yet) is used as it is.
      dir: extra.dir ?? this.folder(),
      target: this.flags.target,
      env: this.io.env,
      say: (line) => when(() => this.note(this.errStyle.dim(line))),
      onRequest: onRequest && ((e) => when(() => onRequest(e))),
      clientOptions: this.io.clientOptions,
      ...extra,
    };
  }

  /** The connection becomes the command's: closed by the shell, its secrets redacted from output. */
  private own(conn: Connection): Connection {
    this.conn = conn;
    this.secrets = [...conn.secrets, ...this.secrets];
    return conn;
  }

  /**
   * The connection to a remote target made ahead of its use, so that a read can be sent while the
   * command still reads the folder. Until adopt() it is not the command's connection: nothing is
   * said about it (the target line, --verbose's request lines and the waiting note are held
   * back) and the --json envelope names no target; abandon() drops it and what it held, saying
   * nothing. undefined for the local target (connecting starts its server and may write
   * .lxp/local.json) and when the target cannot be resolved: connect() later says why.
   */
  connectAhead(extra: Partial<ConnectOptions> = {}): { conn: Connection; adopt: () => Connection; abandon: () => void } | undefined {
    if (this.conn) return undefined;
    let held: Array<() => void> | undefined = [];
    const later = (say: () => void) => (held ? held.push(say) : say());
    let conn: Connection | undefined;
    try {
      conn = connectRemote(this.connectOptions(later, extra));
    } catch {
      return undefined;
    }
    if (!conn) return undefined;
    const ahead = conn;
    return {
      conn: ahead,
      adopt: () => {
        this.own(ahead);
        for (const say of held ?? []) say();
        held = undefined;
        return ahead;
      },
      abandon: () => {
        held = [];
      },
    };
  }

  /** --verbose: one line per request. */
  private requestDetail(): (e: RequestEvent) => void {
    return (e) => this.detail(`  ${e.method} ${e.path} → ${e.status ?? e.error ?? '?'} ${e.ms}ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''} [limit ${e.limit}]`);
  }

  /**
   * Without --verbose, one line the first time a request gets no answer at all (a hung proxy, an
   * API that accepts connections and never replies): lxp retries for minutes, and silence would
   * leave a CI log with nothing to go on.
   */
  private silentWait(): ((e: RequestEvent) => void) | undefined {
    let told = false;
    return (e) => {
      if (told || e.status !== undefined || !e.error) return;
      told = true;
      this.note(this.errStyle.yellow(`waiting for the API: ${e.method} ${e.path} got ${e.error}; retrying it (--verbose shows each request)`));
    };
  }

  /** Runs on close, after the command (last registered first). */
  onClose(fn: () => void | Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** True when a person can be asked (stdin and stderr are terminals). */
  canAsk(): boolean {
    return !!this.io.stdin.isTTY && !!this.io.stderr.isTTY;
  }

  /**
   * Refuses at once (exit 2) when the answer would be needed and nobody can give it: no --yes and
   * no terminal. Call before the work that leads to the question, so a CI job fails fast.
   */
  requireConfirmable(refusal: string): void {
    if (!this.flags.yes && !this.canAsk()) throw new LxpError('not-confirmed', refusal);
  }

  /**
   * The one confirm: shows what would happen (`show`, on stderr, unless `shown` says the normal
   * output already did), then asks `question` [y/N]. --yes answers yes; no terminal is
   * `refusal` (exit 2); any answer but yes cancels (exit 2, nothing changed).
   */
  async confirm(question: string, opts: { refusal: string; show?: string[]; shown?: boolean }): Promise<void> {
    if (this.flags.yes) return;
    this.requireConfirmable(opts.refusal);
    if (opts.show && !opts.shown) for (const l of opts.show) this.io.stderr.write(`${this.redact(l)}\n`);
    const answer = (await this.ask(`${question} [y/N] `)) ?? '';
    if (!/^y(es)?$/i.test(answer.trim())) throw new LxpError('not-confirmed', `${this.command} cancelled: nothing was changed`);
  }

  /**
   * Show the plan, then ask: when `ask` (and no --yes), runs `run(true)` — a dry run that makes
   * every check the real run makes — shows `describe(preview)`, asks, and only then runs
   * `run(false)`. Without `ask`, just `run(false)`.
   */
  async confirmed<R>(run: (dryRun: boolean) => Promise<R>, opts: { ask: boolean; question: string; refusal: string; describe: (preview: R) => string }): Promise<R> {
    if (!opts.ask || this.flags.yes) return run(false);
    this.requireConfirmable(opts.refusal);
    const preview = await run(true);
    await this.confirm(opts.question, { refusal: opts.refusal, show: opts.describe(preview).split('\n') });
    return run(false);
  }

  /**
   * Asks on the terminal (stderr) and reads one line from stdin; `hidden` for passwords: nothing
   * typed is echoed. null when stdin ended or Ctrl-C was pressed. Callers check canAsk() first.
   */
  async ask(question: string, opts: { hidden?: boolean } = {}): Promise<string | null> {
    this.reader ??= new LineReader(this.io.stdin, this.io.stderr);
    const stopHere = this.stopAtQuestion();
    let answer: string | null;
    try {
      answer = await this.reader.ask(question, opts);
    } finally {
      stopHere();
    }
    // Ctrl-C at the question stops the command as Ctrl-C does anywhere (130), not as a "no" (2).
    if (answer === null && this.reader.interrupted) throw new InterruptedAtQuestion();
    return answer;
  }

  /**
   * A stop that arrives as a signal while a question waits (sent with kill, or from a terminal not
   * in raw mode) is a stop at the question too: nothing was changed, whatever the command's own
   * answer to a stop half-way would say ("Run the command again to finish" invites a re-run of
   * what was just declined; review 11, R12). Heard before every other listener, and the process
   * ends in it, so theirs never run. Returns the undo.
   */
  private stopAtQuestion(): () => void {
    if (!this.io.handleSignals) return () => {};
    const onStop = (sig: NodeJS.Signals) => {
      const signal = sig as StopSignal;
      this.reader?.close(); // the terminal leaves raw mode
      this.interrupted(atQuestion(signal), {}, STOP_SIGNALS[signal]);
      process.exit(STOP_SIGNALS[signal]);
    };
    const signals = Object.keys(STOP_SIGNALS) as StopSignal[];
    for (const signal of signals) process.prependListener(signal, onStop);
    return () => {
      for (const signal of signals) process.removeListener(signal, onStop);
    };
  }

  /** Everything piped to stdin (e.g. --password-stdin). */
  readInput(): Promise<string> {
    return readAll(this.io.stdin);
  }

  /** watch and dev: --json is a stream of one-line objects, so the envelope is one line too. */
  streamJson(): void {
    this.oneLineEnvelope = true;
  }

  /** The common fields of the envelope. */
  base(): Pick<Envelope, 'command' | 'target' | 'folder'> & { applicationId?: string } {
    return {
      command: this.command,
      target: this.conn?.target.name ?? null,
      ...(this.conn ? { applicationId: this.conn.client.applicationId } : {}),
      folder: this.dir ?? null,
    };
  }

  async close(): Promise<void> {
    this.reader?.close();
    for (const fn of this.cleanups.splice(0).reverse()) await fn();
    await this.conn?.close();
  }
}

/**
 * Runs one command: the body's result (or error) becomes text or the JSON envelope, and the
 * exit code is returned (never process.exit), so tests drive every command in-process.
 */
export async function runCommand(command: string, flags: TargetFlags, io: CommandIO, body: (sh: Shell) => Promise<CommandResult>): Promise<number> {
  const sh = new Shell(command, flags, io);
  let envelope: Envelope;
  try {
    const r = await body(sh);
    sh.finishStop();
    envelope = { ...sh.base(), outcome: r.outcome, exitCode: r.exitCode ?? EXIT.OK, ...(r.error ? { error: r.error } : {}), ...(r.error ? sh.aboutFields() : {}), ...r.data };
    if (!sh.json) {
      // What was asked for (a table), then the lines about it (a summary).
      for (const line of r.output ?? []) sh.io.stdout.write(`${sh.redact(line)}\n`);
      for (const line of r.text ?? []) sh.print(line);
    }
  } catch (err) {
    sh.finishStop();
    const d = describeError(err);
    envelope = { ...sh.base(), outcome: d.outcome, exitCode: d.exitCode, error: { code: d.code, message: d.message, ...d.details }, ...sh.aboutFields(), ...d.data };
    if (!sh.json) sh.problem(`${sh.errStyle.red('lxp:')} ${d.message}`);
  } finally {
    await sh.close().catch((err: unknown) => sh.problem(`lxp: ${(err as Error).message}`));
  }
  if (sh.json) sh.io.stdout.write(`${sh.redact(JSON.stringify(envelope, null, sh.oneLineEnvelope ? undefined : 2))}\n`);
  return envelope.exitCode;
}

/** The envelope of a usage error found while parsing the command line (unknown flag, missing argument). */
export function usageEnvelope(command: string, message: string): Envelope {
  return { command, target: null, folder: null, outcome: 'error', exitCode: EXIT.INVALID, error: { code: 'usage', message } };
}
