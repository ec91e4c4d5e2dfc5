// The bodies of `lxp users …` and `lxp groups list`, run by the command shell: flags in, one
// call into src/people/, the result out as text or the --json envelope's fields. Commands that
// change users ask first on a protected target (the plan of a dry run shown, then [y/N]).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as fmt from '../../people/format.js';
import { importUsers, type ImportResult, type ImportRow } from '../../people/import.js';
import { addUser, listGroups, listUsers, parseTags, removeUser, setPassword } from '../../people/users.js';
import { EXIT, inFlightWords, LxpError, stoppedBy, UsageError, type StopSignal } from '../../sync/errors.js';
import { DEFAULT_CONCURRENCY } from '../../sync/executor.js';
import { notSent } from '../../sync/results.js';
import { resolveConcurrency } from '../flag-values.js';
import { passwordSource, type PasswordFlags } from '../password.js';
import type { CommandResult, Shell, TargetFlags } from '../shell.js';

export interface ListFlags extends TargetFlags {
  group?: string;
  subgroups?: boolean;
  inherited?: boolean;
}

export interface WriteFlags extends TargetFlags, PasswordFlags {
  dryRun?: boolean;
}

export interface AddFlags extends WriteFlags {
  first?: string;
  last?: string;
  group: string[];
  tag: string[];
}

export interface ImportFlags extends TargetFlags {
  dryRun?: boolean;
  strict?: boolean;
  resetPasswords?: boolean;
  concurrency?: string;
}

/** The terminal's width for tables; undefined when piped (nothing is ever cut then). */
const widthOf = (sh: Shell) => (sh.io.stdout.isTTY ? (sh.io.stdout.columns ?? 80) : undefined);

/** On a protected target (and not a dry run): show what `work(true)` would do, ask, then `work(false)`. */
async function guarded<R>(sh: Shell, what: string, dryRun: boolean | undefined, work: (dryRun: boolean) => Promise<R>, describe: (r: R) => string[]): Promise<R> {
  const conn = await sh.connect();
  return sh.confirmed((dry) => work(dry || !!dryRun), {
    ask: conn.target.protected && !dryRun,
    question: `${what} on protected target "${conn.target.name}"?`,
    refusal: `target "${conn.target.name}" is protected: pass --yes to change its users without a terminal`,
    describe: (preview) => describe(preview).join('\n'),
  });
}

export async function runUsersList(sh: Shell, flags: ListFlags): Promise<CommandResult> {
  for (const flag of ['subgroups', 'inherited'] as const) if (flags[flag] && flags.group === undefined) throw new UsageError(`--${flag} goes with --group`);
  sh.folder();
  const conn = await sh.connect();
  const r = await listUsers({ client: conn.client, group: flags.group, subgroups: flags.subgroups, inherited: flags.inherited });
  return { outcome: 'listed', data: { ...r, count: r.users.length }, output: fmt.formatUserTable(r, { width: widthOf(sh) }), text: [fmt.formatListSummary(r)] };
}

export async function runUsersAdd(sh: Shell, email: string, flags: AddFlags): Promise<CommandResult> {
  const tags = parseTags(flags.tag); // before the password prompt: a bad flag is refused without asking for anything
  const password = await passwordSource(sh, flags, email, { optional: true, dryRun: !!flags.dryRun });
  sh.folder();
  const conn = await sh.connect();
  const r = await guarded(
    sh,
    `Add ${email}`,
    flags.dryRun,
    (dryRun) => addUser({ client: conn.client, email, firstName: flags.first, lastName: flags.last, groups: flags.group, tags, dryRun, password }),
    fmt.formatAdd,
  );
  return { outcome: r.dryRun ? 'dry-run' : 'created', data: { ...r }, text: fmt.formatAdd(r) };
}

export async function runUsersRemove(sh: Shell, email: string, flags: WriteFlags): Promise<CommandResult> {
  sh.folder();
  const conn = await sh.connect();
  const r = await guarded(sh, `Remove ${email}`, flags.dryRun, (dryRun) => removeUser({ client: conn.client, email, dryRun }), fmt.formatRemove);
  return { outcome: r.dryRun ? 'dry-run' : 'removed', data: { ...r }, text: fmt.formatRemove(r) };
}

export async function runUsersSetPassword(sh: Shell, email: string, flags: WriteFlags): Promise<CommandResult> {
  const ask = await passwordSource(sh, flags, email, { optional: false, dryRun: !!flags.dryRun });
  sh.folder();
  const conn = await sh.connect();
  const r = await guarded(
    sh,
    `Set the password of ${email}`,
    flags.dryRun,
    (dryRun) => setPassword({ client: conn.client, email, dryRun, password: async () => (await ask()) ?? '' }),
    fmt.formatSetPassword,
  );
  return { outcome: r.dryRun ? 'dry-run' : 'done', data: { ...r }, text: fmt.formatSetPassword(r) };
}

export async function runGroupsList(sh: Shell): Promise<CommandResult> {
  sh.folder();
  const conn = await sh.connect();
  const r = await listGroups({ client: conn.client });
  return { outcome: 'listed', data: { ...r }, output: fmt.formatGroups(r), text: [fmt.formatGroupTotals(r)] };
}

/** The outcome, exit code and error of an import's result (see docs/commands.md#lxp-users-import). */
function importOutcome(r: ImportResult): Pick<CommandResult, 'outcome' | 'exitCode' | 'error'> {
  const s = r.summary;
  const lines = (n: number) => r.issues.filter((i) => i.line !== undefined).slice(0, n).map((i) => i.line).filter((l, i, a) => a.indexOf(l) === i);
  if (r.unusable) return { outcome: 'invalid', exitCode: EXIT.INVALID, error: { code: 'invalid-file', message: `${r.file} cannot be imported: ${r.issues[0]?.message ?? 'no rows'}; nothing was sent` } };
  if (r.strict && r.issues.length) {
    return { outcome: 'refused', exitCode: EXIT.INVALID, error: { code: 'invalid-file', message: `${s.invalid} bad row${s.invalid === 1 ? '' : 's'} in ${r.file} (line ${lines(5).join(', ')}…): nothing imported (--strict)` } };
  }
  if (s.failed) {
    const total = s.created + s.updated + s.failed;
    return { outcome: 'failed', exitCode: EXIT.FAILED, error: { code: 'changes-failed', message: `${s.failed} of ${total} write${total === 1 ? '' : 's'} failed (each row says why)${total > s.failed ? '; the others were applied' : ''}` } };
  }
  if (s.invalid) {
    return {
      outcome: r.dryRun ? 'dry-run' : s.created + s.updated ? 'done' : 'unchanged',
      exitCode: EXIT.FAILED,
      error: { code: 'invalid-rows', message: `${s.invalid} row${s.invalid === 1 ? '' : 's'} refused (see issues); the other rows ${r.dryRun ? 'would be' : 'were'} imported` },
    };
  }
  if (r.dryRun) return { outcome: 'dry-run' };
  return { outcome: s.created + s.updated ? 'done' : 'unchanged' };
}

/** The CSV's text and its name for messages: a file relative to where lxp runs, or `-` for stdin. */
async function readCsv(sh: Shell, file: string): Promise<{ name: string; text: string }> {
  if (file === '-') return { name: 'stdin', text: await sh.readInput() };
  const where = path.resolve(sh.io.cwd, file);
  try {
    return { name: path.relative(sh.io.cwd, where) || file, text: await readFile(where, 'utf8') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a folder, not a file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new LxpError('invalid-file', `cannot read ${file}: ${why}; nothing was sent`);
  }
}

/** The rows as a stop leaves them: a write without an answer (not sent, or in flight) is not-applied. */
function rowsAtStop(rows: readonly ImportRow[], answered: ReadonlySet<ImportRow>): ImportRow[] {
  return rows.map((r) => {
    if (answered.has(r) || (r.status !== 'planned' && r.status !== 'failed')) return r;
    const { error: _notSent, ...rest } = r;
    return { ...rest, status: 'not-applied' };
  });
}

export async function runUsersImport(sh: Shell, file: string, flags: ImportFlags): Promise<CommandResult> {
  const dir = sh.folder();
  const concurrency = resolveConcurrency(flags.concurrency, dir);
  const { name, text } = await readCsv(sh, file);
  // The client's gate bounds the requests ("auto" adapts to what the API sustains); the import follows its limit.
  const conn = await sh.connect({ clientOptions: { ...sh.io.clientOptions, concurrency } });
  const writers = () => conn.client.stats.concurrency?.limit ?? DEFAULT_CONCURRENCY;
  // On a terminal, a live count while the writes run (a large import against Losant takes a while).
  const live = !!sh.io.stderr.isTTY && !sh.json && !sh.quiet;
  let total = 0;
  let done = 0;
  /** The rows whose write has an answer (done or failed), for what Ctrl-C reports. */
  const answered: ImportRow[] = [];
  /** Every row of the file, for what Ctrl-C reports with --json. */
  let rows: readonly ImportRow[] = [];
  // Ctrl-C while the writes run: say where things stand — the rows written, then the count —,
  // then stop (exit 130). Nothing can be duplicated — users are matched by email — so running
  // the same import again finishes it.
  const describeStop = (signal: StopSignal, { drained }: { drained: boolean }) => {
    if (!sh.json && !sh.quiet) {
      if (live) sh.io.stderr.write('\n');
      for (const row of answered) if (row.status === 'done') sh.io.stdout.write(`${sh.redact(fmt.rowLine(row, false))}\n`);
    }
    return {
      message: `${stoppedBy(signal)} after ${done} of ${total} user writes ${inFlightWords(drained)}. Run the same import again to finish: users are matched by email, so nothing is duplicated and rows already imported do not change.`,
      // Every row of the file, each with where it stands: done or failed (answered), not-applied (its
      // write not sent, or not answered), unchanged, refused — a script knows which lines are left.
      data: { rows: rowsAtStop(rows, new Set(answered)) },
    };
  };
  const progress = {
    onWrites: (n: number, all: readonly ImportRow[]) => {
      total = n;
      rows = all;
      if (n > 0) sh.answerStopSignals(describeStop);
    },
    onRow: (row: ImportRow) => {
      // Once stopping, a row whose write was not sent is not answered (the import again writes it).
      if (sh.isStopping && row.status === 'failed' && notSent(row.error)) return;
      answered.push(row);
      if (row.status === 'done') done++;
      if (live && !sh.isStopping) sh.io.stderr.write(`\r${done}/${total} users written`);
    },
  };
  const r = await guarded(
    sh,
    `Import ${name}`,
    flags.dryRun,
    (dryRun) => importUsers({ client: conn.client, file: name, text, dryRun, strict: flags.strict, resetPasswords: flags.resetPasswords, concurrency: writers, ...progress }),
    (preview) => fmt.formatImport(preview).lines,
  );
  if (live && done > 0) sh.io.stderr.write('\r\u001b[K');
  const report = fmt.formatImport(r);
  for (const p of report.problems) sh.problem(p);
  return { ...importOutcome(r), data: { ...r }, text: report.lines };
}
