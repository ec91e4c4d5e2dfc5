// The body of `lxp status`, `lxp diff`, `lxp deploy` and `lxp pull`, run by the command shell:
// read the folder (refusing an invalid one before any request), connect to the target, run the
// sync pipeline, and render its report as text and progress lines, or as the --json envelope's
// fields.
import type { ClientStats } from '../../api/types.js';
import path from 'node:path';
import { countUnit, subjectOf, type Plan } from '../../sync/plan.js';
import type { SyncCommand, SyncReport } from '../../sync/run.js';
import { inSyncReport } from '../../sync/report.js';
import { folderAsNoted, noopKey, noteNoop, sideStamps, type SideStamps } from '../../sync/noop.js';
import type { LoadedProject } from '../../project/load.js';
import { formatIssue } from '../../project/issues.js';
import type { FolderResources } from '../../sync/folder-resources.js';
import type { TemplateWarning } from '../../render/lint.js';
import { isFailure, stoppedBeforeSending, type ChangeResult } from '../../sync/results.js';
import type { StateStore } from '../../sync/state.js';
import { EXIT, inFlightWords, stoppedBy, type StopSignal } from '../../sync/errors.js';
import { resolveConcurrency, resolveStrict } from '../flag-values.js';
import type { CommandResult, Shell, TargetFlags } from '../shell.js';
import { changesToJson, reportToJson } from './json.js';
import { createProgress } from './progress.js';
import { createStyle } from './style.js';
import { refuseInvalidFolder } from './invalid-folder.js';
import { listAhead } from './list-ahead.js';
import { issueLines, planLines, resultSummary, shownChanges, statusLines, warningLines } from './text.js';
import { plural } from '../../project/plural.js';

export interface SyncFlags extends TargetFlags {
  dryRun?: boolean;
  force?: boolean;
  prune?: boolean;
  concurrency?: string | number;
  exitCode?: boolean;
  strict?: boolean;
}

/** Changes a plan lists before "… and N more" (a 5000-view first deploy need not print 5000 lines twice). */
const PLAN_LIST_LIMIT = 100;


export async function runSync(command: SyncCommand, paths: string[], sh: Shell): Promise<CommandResult> {
  const flags = sh.flags as SyncFlags;
  const { style, errStyle } = sh;
  const dir = sh.folder();
  const concurrency = resolveConcurrency(flags.concurrency, dir);
  // --strict (or "strict": true) applies to status and deploy: their template warnings become issues.
  const strict = (command === 'status' || command === 'deploy') && resolveStrict(flags.strict, dir);

  // A whole-folder status, diff or deploy may end at the no-op check (../../sync/noop.ts): the
  // folder and the state exactly as a run that found everything in step noted them (stat only),
  // then develop's list byte for byte as it was. The stamps around the run are taken first.
  const noopable = command !== 'pull' && paths.length === 0 && !flags.force && !flags.prune;
  const sides = noopable ? sideStamps(dir) : undefined;
  const noted = noopable ? await folderAsNoted(dir) : undefined;

  // develop's views listed while the folder is read (./list-ahead.ts): not for a pull, nor when
  // the no-op check lists first anyway.
  const ahead = !noted && command !== 'pull' ? listAhead(sh, dir, concurrency) : undefined;
  // Two turns of the event loop: the list's request is written before the folder's synchronous reading starts.
  if (ahead) await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

  // The folder first: an invalid one is refused before the command connects, so its problems are
  // all the user sees (a list sent ahead is abandoned unseen), and nothing is written.
  // Every problem at once: the views', and those of endpoints.yaml, groups.yaml and experience.yaml
  // (read once, handed to the run). A folder as noted was read, checked and found in step: it
  // is read only if develop turns out not to be as noted.
  let loaded: { project: LoadedProject; resources: FolderResources; warnings: TemplateWarning[] } | undefined;
  const loadFolder = async (): Promise<CommandResult | undefined> => {
    // Loaded here, not with this module: a run that ends at the no-op check reads no folder.
    const [{ loadProjectCached }, { loadFolderResources, resourceIssues }, { replaceableByPull, runChecks }] = await Promise.all([
      import('../../project/parse-cache-file.js'),
      import('../../sync/folder-resources.js'),
      import('../../sync/checks.js'),
    ]);
    const project = await loadProjectCached(dir, { paths, cwd: sh.io.cwd });
    const resources = await loadFolderResources(dir, project, { env: sh.io.env, dir: path.resolve(dir) });
    const inScope = paths.length > 0 ? project.inScope : () => true;
    const { issues, warnings } = runChecks(command === 'pull' ? 'pull' : 'deploy', project, resourceIssues(resources, inScope), { strict, force: flags.force });
    if (issues.length > 0) {
      // A view file that does not read may be one a pull would simply replace: say how.
      const replaceable = command === 'pull' ? [...replaceableByPull(project, issues)] : [];
      const hint =
        replaceable.length > 0
          ? `lxp pull --force ${replaceable.length === 1 ? replaceable[0] : '<file>…'} replaces a view file that does not read with develop's copy of its view, where develop has one`
          : undefined;
      return refuseInvalidFolder(sh, issues, { warnings, plan: null, changes: [] }, hint);
    }
    // Warnings before anything is sent (status, deploy): told, not refused.
    if (command === 'status' || command === 'deploy') for (const l of warningLines(warnings, errStyle)) sh.note(l);
    loaded = { project, resources, warnings };
    return undefined;
  };
  if (!noted) {
    const refused = await loadFolder().catch((err: unknown) => {
      ahead?.abandon();
      throw err;
    });
    if (refused) {
      ahead?.abandon();
      return refused;
    }
  }

  const conn = ahead ? ahead.adopt() : await sh.connect({ clientOptions: { ...sh.io.clientOptions, concurrency } });
  // A protected target: without --yes and a terminal, refuse before a single request; with a
  // terminal, ask once the plan is on screen.
  const ask = command === 'deploy' && conn.target.protected && !flags.dryRun;
  const refusal = `target "${conn.target.name}" is protected: pass --yes to deploy to it without a terminal`;
  if (ask) sh.requireConfirmable(refusal);

  const mode = sh.json || sh.quiet ? 'none' : sh.io.stdout.isTTY ? 'tty' : 'lines';
  const progress = createProgress({ mode, stdout: sh.io.stdout, stderr: sh.io.stderr, style });
  const startProgress = (plan: Plan) => {
    if (!flags.dryRun && plan.conflicts === 0) progress.start(shownChanges(plan).filter((c) => c.action !== 'skip').length);
  };
  // What Ctrl-C reports: the plan being applied and the changes finished so far.
  let planned: Plan | undefined;
  const finished: ChangeResult[] = [];
  const onPlan = (plan: Plan) => {
    planned = plan;
    if (command === 'status' || command === 'diff') return;
    if (mode !== 'none') for (const l of planLines(plan, style, flags.verbose ? undefined : PLAN_LIST_LIMIT)) sh.print(l);
    if (!ask) startProgress(plan);
  };
  const confirm = ask
    ? async (plan: Plan) => {
        await sh.confirm(`Deploy to protected target "${conn.target.name}"?`, { refusal, show: planLines(plan, createStyle(false), PLAN_LIST_LIMIT), shown: mode !== 'none' });
        startProgress(plan);
      }
    : undefined;

  let store: StateStore | undefined;
  // Ctrl-C, or SIGTERM (a cancelled CI job, `timeout`, `docker stop`): save what finished, say how far it got.
  sh.answerStopSignals(
    (signal, { drained }) => interruption(planned, finished, signal, drained),
    () => store?.flushSync(),
  );

  // Develop as noted: the same run on the same inputs, in sync.
  let report: SyncReport | undefined;
  if (noted && command !== 'pull' && noted.key === noopKey(conn.target, conn.client.applicationId) && conn.client.viewPagesDigest) {
    // The pages as received, hashed without decoding them: only a list that differs is parsed (by the run below).
    if ((await conn.client.viewPagesDigest(noted.views.pages)) === noted.views.digest) {
      report = inSyncReport(command, { client: conn.client, target: conn.target.name, force: flags.force, prune: flags.prune, dryRun: flags.dryRun }, noted.inSync);
      onPlan(report.plan!);
    }
  }
  if (!report && !loaded) {
    const refused = await loadFolder();
    if (refused) return refused;
  }
  let listed: { digest?: string; pages?: number } | undefined;
  const opts = {
    dir,
    client: conn.client,
    target: conn.target.name,
    paths,
    cwd: sh.io.cwd,
    force: flags.force,
    prune: flags.prune,
    dryRun: flags.dryRun,
    project: loaded?.project,
    resources: loaded?.resources,
    listedViews: ahead?.views,
    onViewsDigest: noopable ? (l: { digest?: string; pages?: number }) => void (listed = l) : undefined,
    strict,
    confirm,
    env: sh.io.env,
    onState: (s: StateStore) => {
      store = s;
    },
    events: {
      onPlan,
      onStart: progress.onStart,
      onResult: (r: ChangeResult) => {
        // Once stopping, what was not sent fails at once: not applied (the stop's report), and not news for the screen.
        if (sh.isStopping && stoppedBeforeSending(r)) return;
        finished.push(r);
        // A write answered while lxp waits after a stop is shown as any other: the stop's count
        // includes it, so the lines (piped) list every change it counts.
        progress.onResult(r);
      },
    },
  };
  try {
    if (!report) {
      // The sync pipeline, loaded only by a run that did not end at the no-op check.
      const { compare, deploy, pull } = await import('../../sync/run.js');
      report = command === 'deploy' ? await deploy(opts) : command === 'pull' ? await pull(opts) : await compare({ ...opts, command });
    }
  } finally {
    progress.stop();
  }
  // (`loaded` is set by loadFolder, a closure: read it through a cast so its type is not narrowed to undefined.)
  const read = loaded as typeof loaded;
  if (noopable && read) await noteIfInStep(dir, report, read, { key: noopKey(conn.target, conn.client.applicationId), before: sides!, listed, stateDigest: store?.readDigest });
  // The envelope's fields, for --json only: without it they are never shown, and a 300-view
  // deploy's list of changes cost ~2 ms of the run's end (proportionally more for larger ones).
  const data = sh.json ? reportToJson(report, { withDiffs: command === 'diff', requests: conn.client.stats }) : undefined;
  const error = report.code && report.message ? { code: report.code, message: report.message } : undefined;
  const differences = report.plan?.changes.filter((c) => c.kind !== 'in-sync').length ?? 0;
  const unfinishedPull = report.plan?.unfinishedPull === true;
  if ((command === 'status' || command === 'diff') && flags.exitCode && (differences > 0 || unfinishedPull)) {
    await renderText(command, report, sh, conn.client.stats);
    const message = differences > 0 ? `${plural(differences, countUnit(report.plan!))} ${differences === 1 ? 'differs' : 'differ'} from develop` : 'a pull into this folder did not finish';
    return { outcome: report.outcome, exitCode: EXIT.FAILED, error: { code: 'differences', message }, data };
  }
  await renderText(command, report, sh, conn.client.stats);
  return { outcome: report.outcome, exitCode: report.exitCode, ...(error ? { error } : {}), data };
}

/**
 * After a whole-folder run: when it found everything in step — nothing to do, no issue or
 * warning, no experience file, a full sync on record — note what it saw for the next run's no-op
 * check (noteNoop checks that the stamps vouch for what the run read).
 */
async function noteIfInStep(
  dir: string,
  report: SyncReport,
  loaded: { project: LoadedProject; resources: FolderResources; warnings: TemplateWarning[] },
  run: { key: string; before: SideStamps; listed: { digest?: string; pages?: number } | undefined; stateDigest: string | undefined },
): Promise<void> {
  const plan = report.plan;
  const { project, resources, warnings } = loaded;
  if (report.exitCode !== EXIT.OK || report.issues.length > 0 || warnings.length > 0 || report.warnings.length > 0 || !plan) return;
  if (plan.changes.length > 0 || plan.conflicts > 0 || plan.unfinishedPull || plan.fresh || plan.scoped || plan.kinds.length > 0) return;
  if (Object.keys(resources.files.texts).length > 0 || resources.files.issues.length > 0) return;
  const { EXPERIENCE_FILES } = await import('../../project/resources/load-files.js');
  await noteNoop(dir, {
    key: run.key,
    files: project.files,
    stamps: project.stamps,
    ignoredFiles: project.ignoredFiles,
    absent: EXPERIENCE_FILES,
    stateDigest: run.stateDigest,
    before: run.before,
    after: sideStamps(dir),
    listed: run.listed,
    count: project.views.length,
    inSync: plan.inSync,
  });
}

/**
 * What Ctrl-C says: how many of the plan's changes were applied (a change in flight may have
 * landed too: its record is saved only with its answer, and the next run finds it by name), and
 * for --json every change with its status so far (`done`, `failed`, or `not-applied`).
 */
function interruption(plan: Plan | undefined, finished: ChangeResult[], signal: StopSignal, drained: boolean): { message: string; data: Record<string, unknown> } {
  const again = 'Run the command again to finish.';
  const by = stoppedBy(signal);
  if (plan === undefined) return { message: `${by} before any change was made: nothing was written. ${again}`, data: { changes: [] } };
  const total = shownChanges(plan).filter((c) => c.action !== 'skip').length;
  const applied = finished.filter((r) => r.status === 'done').length;
  return {
    message: `${by} after ${applied} of ${total} change${total === 1 ? '' : 's'} ${inFlightWords(drained)}; the sync state of what finished is saved. ${again}`,
    data: { changes: changesToJson(plan, finished, 'not-applied') },
  };
}

/**
 * What ends the issues a pull leaves, as true for this pull: a view file it kept deleted (every
 * pull keeps a file deleted locally) comes back with `pull --force` and that file; entries of the
 * folder's own that it kept are changed, or taken from develop; a narrowed pull's other files come
 * with a whole pull.
 */
function lackingWayOut(report: SyncReport, would: boolean): string {
  const kept = report.keptDeleted ?? [];
  const scoped = report.plan?.scoped === true;
  const ways: string[] = [];
  if (kept.length > 0) {
    const them = kept.length === 1 ? 'it' : 'them';
    ways.push(
      `\`lxp pull --force ${kept.join(' ')}\` restores what this pull ${would ? 'would keep' : 'kept'} deleted (${scoped ? 'a whole `lxp pull` keeps a file deleted locally, as this one did' : 'a pull keeps a file deleted locally: only --force restores it'}); ` +
        `if ${kept.length === 1 ? 'it is' : 'they are'} meant to go, change what names ${them} instead.`,
    );
  }
  if (kept.length === 0 || report.lackingBesides) {
    const rest = kept.length > 0 ? 'the rest' : 'it';
    const own = "the folder's own changes (edited, added or deleted locally and not deployed)";
    const takeOrChange = "change them, or take develop's with `lxp pull --force` (`--prune` for what was never deployed)";
    ways.push(
      scoped
        ? `A whole \`lxp pull\` brings ${rest} in line with develop, whose files agree — unless ${kept.length > 0 ? 'that' : 'it'} comes from ${own}, which every pull keeps: ${takeOrChange}.`
        : `${kept.length > 0 ? 'The rest' : 'It'} comes from ${own}, which this pull ${would ? 'would keep' : 'kept'}: ${takeOrChange}.`,
    );
  }
  return ways.join(' ');
}

/** The report for people (nothing with --json). */
async function renderText(command: SyncCommand, report: SyncReport, sh: Shell, requests: ClientStats): Promise<void> {
  const { style, errStyle } = sh;
  if (sh.json) return;
  if (report.outcome === 'invalid') {
    // Found only once develop was listed (e.g. paths that name no view); nothing was written.
    for (const l of issueLines(report.issues, errStyle)) sh.problem(l);
    sh.problem(`${errStyle.red('lxp:')} ${report.message}`);
  } else if (command === 'status' && report.plan) {
    for (const l of statusLines(report.plan, style)) sh.print(l);
  } else if (command === 'diff' && report.plan) {
    const { diffText } = await import('./diff.js'); // jsdiff: only `lxp diff` needs it
    const text = diffText(report.plan, style);
    if (text) for (const l of text.replace(/\n$/, '').split('\n')) sh.print(l);
    if (report.plan.unfinishedPull) sh.print(style.yellow('A pull into this folder did not finish: the folder may hold only part of develop. `lxp pull` finishes it.'));
    else if (!text) sh.print('No differences.');
  } else if (report.outcome === 'conflicts') {
    for (const r of report.results) sh.problem(`${errStyle.red('conflict')} ${subjectOf(r)} ${JSON.stringify(r.name)} (${r.file}): ${r.error}`);
    sh.problem(report.message ?? 'conflicts');
  } else if (report.outcome === 'refused') {
    sh.problem(`${errStyle.red('lxp:')} ${report.message}`);
  } else if (report.outcome === 'dry-run') {
    sh.print(style.dim('Dry run: nothing was sent or written.'));
  } else {
    const failed = report.results.filter(isFailure);
    if (sh.quiet) {
      for (const r of failed) sh.problem(`${r.action} ${subjectOf(r)} ${JSON.stringify(r.name)} failed: ${r.error}`);
    } else {
      if (sh.io.stdout.isTTY) for (const r of failed) sh.problem(`failed ${r.action} ${subjectOf(r)} ${JSON.stringify(r.name)}: ${r.error}`);
      sh.print(resultSummary(report, style, requests));
    }
  }
  // What the pull leaves (its dry run: would leave) that status and deploy refuse.
  const would = report.outcome === 'dry-run';
  if (report.lacking) {
    for (const i of report.lacking) sh.problem(`${errStyle.yellow('warning')} ${formatIssue(i)}`);
    const what = report.lacking.length === 1 ? 'a view or group' : 'views or groups';
    const way = lackingWayOut(report, would);
    sh.problem(`The folder ${would ? 'would name' : 'names'} ${what} it does not have: status and deploy refuse it until it does. ${way}`);
  }
  if (report.leftInvalid) {
    for (const i of report.leftInvalid) sh.problem(`${errStyle.yellow('warning')} ${formatIssue(i)}`);
    const files = [...new Set(report.leftInvalid.map((i) => i.file))].join(', ');
    sh.problem(
      `Develop holds what lxp refuses, ${would ? 'which the pull would write' : 'written'} to ${files} as develop has it: status and deploy refuse the folder until it is changed there. ` +
        'Change it in the file and deploy: what was pulled keeps its id (its sync record pairs it).',
    );
  }
}
