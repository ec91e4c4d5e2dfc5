// The sync pipeline end to end, without any printing: read the folder (refuse it when invalid,
// before a single request), list the remote views once, load the sync state, plan, then apply
// (or not: status, diff, dry runs, conflicts). The CLI renders what these return; `lxp watch`
// and `lxp release` call deploy() with the same rules.
import path from 'node:path';
import type { ApiView, ExperienceClient } from '../api/types.js';
import type { ValidationIssue } from '../project/issues.js';
import { pathFilter, pathReadings, viewFileGlobs, type LoadedProject } from '../project/load.js';
import { loadProjectCached } from '../project/parse-cache-file.js';
import { fileForView } from '../project/naming.js';
import { EXIT, type ErrorCode } from './errors.js';
import type { TemplateWarning } from '../render/lint.js';
import { runChecks } from './checks.js';
import { groupIdsByName, groupNamesInFolder } from './group-ids.js';
import { applyDeploy } from './apply-deploy.js';
import { applyPull } from './apply-pull.js';
import { FolderFiles } from '../project/write.js';
import { deletesFromEmptyFolder, plan as makePlan, warmPlanner, type Direction, type Plan, type PlanInput, isWrite } from './plan.js';
import { toRemoteViews } from './remote.js';
import { unsendableIssues } from './deploy-checks.js';
import { markUnwritable } from './unwritable-offers.js';
import { pageInUseIssues, pageInUseReason, pagesInUse } from './pages-in-use.js';
import { groupInUseIssues, groupInUseReason, groupsInUse } from './groups-in-use.js';
import { listNamers, namersToList } from './pages-still-named.js';
import { loadFolderResources, resourceIssues, type FolderResources } from './folder-resources.js';
import { FOLDER_KINDS, RESOURCE_KINDS, type ResourceKind } from './kinds.js';
import { isDefaultSettings, toRemoteResources, type RemoteResource } from './remote-resources.js';
import { defaultsRecord, withoutDefaultsRecord } from './default-settings.js';
import { listRemote } from './resource-requests.js';
import type { SecretSource } from './secrets.js';
import { afterFailures, isFailure, resultOf, type ApplyEvents, type ChangeResult } from './results.js';
import { StateStore } from './state.js';
import { prefetchWriteAtomic } from '../project/write-atomic.js';
import { settleIntents } from './intents.js';
import { pullLeaves, type PullLeaves } from './names-lacking.js';
import { layoutInUseIssues, layoutInUseReason, layoutsInUse } from './layouts-in-use.js';
import { readViews, viewReadsFor } from './remote-views-for.js';
import { baseReport, targetName, type SyncCommand, type SyncReport } from './report.js';

export { inSyncReport } from './report.js';
export type { SyncCommand, SyncOutcome, SyncReport } from './report.js';

export interface SyncOptions {
  /** The experience folder. */
  dir: string;
  client: ExperienceClient;
  /** The target (its name, or the resolved target): the sync state is kept per target name and application id. */
  target: string | { name: string };
  /** Files, folders or globs narrowing the run (relative to cwd or to dir). */
  paths?: string[];
  cwd?: string;
  /** Take this side in conflicts (and over remote-only/local-only changes). */
  force?: boolean;
  /** Also delete what the other side never had from this folder. */
  prune?: boolean;
  /** Plan only: no request that writes, no file written, no state saved. */
  dryRun?: boolean;
  /** Changes applied at once (deploy). Default: the client's concurrency limit, followed as it adapts (set the client's `concurrency` to fix it). */
  concurrency?: number;
  events?: ApplyEvents & { onPlan?: (plan: Plan) => void };
  /** The folder, when the caller already read it (must match dir/paths). */
  project?: LoadedProject;
  /** endpoints.yaml, groups.yaml and experience.yaml, when the caller already read them (for the same project). */
  resources?: FolderResources;
  /**
   * develop's views, listed by the caller ahead of the folder (`client.listViewsDigested`, of
   * this client, while the folder was read): used instead of listing them again. Not with
   * remoteVersion, nor for a targeted push.
   */
  listedViews?: Promise<{ views: ApiView[]; digest?: string; pages?: number }>;
  /**
   * deploy: asked after the plan was made (and shown, through events.onPlan) and before the first
   * write, when there is something to write; throwing cancels the run with nothing written. The
   * CLI asks "Deploy to protected target?" here.
   */
  confirm?: (plan: Plan) => Promise<void>;
  /**
   * deploy: a policy of the caller, checked against the plan before anything is applied — dry
   * runs included, so a dry run refuses exactly as the real run would. Throwing stops the run
   * with nothing written (release: develop must end up holding exactly the folder).
   */
  check?: (plan: Plan) => void;
  /**
   * Handed the digest of develop's view list as this run received it (ExperienceClient's
   * listViewsDigested; undefined when the client or server gives none). Only for a run that lists
   * all of develop's views (not a targeted watch push, not a remoteVersion).
   */
  onViewsDigest?: (listed: { digest?: string; pages?: number }) => void;
  /** Handed the state store as soon as it is open (the CLI flushes it on SIGINT). */
  onState?: (store: StateStore) => void;
  /** Delay before saving the state after a change (ms). Default 100. */
  stateDebounceMs?: number;
  /** Where custom domains' certificates and keys come from (`{ env: … }` references). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Template warnings (unknown components, helpers) are validation issues: nothing is sent. */
  strict?: boolean;
  /**
   * Plan against this version's contents (views, endpoints, settings) as if develop held them:
   * restore plans the pull that follows it before develop changes. Only with dryRun.
   */
  remoteVersion?: string;
}

/** What `lxp watch` adds to a run: its own narrowing, state store and policies (see prepare()). */
export interface PrepareOptions extends SyncOptions {
  /** Narrowing by a function (the files of a batch) instead of `paths`. */
  scope?: (file: string) => boolean;
  /**
   * The exact files `scope` admits. With them, a deploy that covers views only reads the views of
   * develop those files can be about, by id and by name (./remote-views-for.ts), instead of
   * listing all of develop: watch's pushes cost the same whatever the size of the experience.
   */
  scopeFiles?: readonly string[];
  /** Leave the files that do not validate out of the plan (PlanInput.invalid) instead of refusing the run. */
  skipInvalid?: boolean;
  /** Deletes to hold back (PlanInput.hold). */
  hold?: PlanInput['hold'];
  /**
   * A layout delete that a page still uses (./layouts-in-use.ts) and a page delete that develop
   * still replies with (./pages-in-use.ts) are held back (a `skip`, `held: 'layout-in-use'` or
   * `'page-in-use'`) instead of refusing the run: watch.
   */
  holdInUse?: boolean;
  /** The run is a push of watch's (or dev's): advice that says what to do next speaks of a save, not of a deploy. */
  watch?: boolean;
  /** The state store (watch keeps one for its session); default: opened for this run. */
  store?: StateStore;
  /** Status and diff only show the plan: they skip the checks a deploy makes before its first write. */
  planOnly?: boolean;
}

/** Thrown by deployOrThrow when a deploy does not end with exit code 0. */
export class SyncFailedError extends Error {
  constructor(readonly report: SyncReport) {
    super(report.message ?? `${report.command} ${report.outcome}`);
  }
  get exitCode(): number {
    return this.report.exitCode;
  }
}


/**
 * Every view file of the folder, ignored ones included: pull never gives a new view one of them.
 * fast-glob is loaded here, by a pull only: deploy, status and diff never need it (~30–60 ms of
 * module loading at every start).
 */
async function allViewFiles(dir: string): Promise<string[]> {
  const { default: fg } = await import('fast-glob');
  return fg(viewFileGlobs(), { cwd: path.resolve(dir), dot: true, onlyFiles: false, followSymbolicLinks: false });
}

/** A run ready to apply: the folder read, develop listed once, the state loaded, the plan made. */
export interface Prepared {
  project: LoadedProject;
  /** endpoints.yaml, groups.yaml and experience.yaml as read. */
  resources: FolderResources;
  plan: Plan;
  store: StateStore;
  secrets: SecretSource;
  warnings: TemplateWarning[];
  /** develop's settings, listed at Losant's defaults while the folder declares none (./default-settings.ts). */
  atDefaults?: RemoteResource;
}

/** A run refused before anything was sent: the folder (or the paths) did not validate. */
export interface Refused {
  issues: ValidationIssue[];
  code: ErrorCode;
  warnings: TemplateWarning[];
}

/**
 * The first half of every run (deploy, pull, status, diff, and each push of `lxp watch`): read
 * the folder — refusing it when invalid, unless `skipInvalid` —, list develop once per kind it covers, load
 * the sync state, plan. Nothing is written.
 */
export async function prepare(direction: Direction, opts: PrepareOptions): Promise<Prepared | Refused> {
  if (opts.remoteVersion !== undefined && !opts.dryRun) throw new Error('remoteVersion only plans: it needs dryRun (a bug in lxp)');
  const project = opts.project ?? (await loadProjectCached(opts.dir, { paths: opts.paths, cwd: opts.cwd }));
  const secrets: SecretSource = { env: opts.env ?? process.env, dir: path.resolve(opts.dir) };
  const resources = opts.resources ?? (await loadFolderResources(opts.dir, project, secrets));
  const inScope = opts.scope ?? (opts.paths && opts.paths.length > 0 ? project.inScope : () => true);
  // Deploy's direction (deploy, status, diff) also reads the template warnings; strict makes them issues.
  const { issues, warnings, replaceable } = runChecks(direction, project, resourceIssues(resources, inScope), { strict: opts.strict, force: opts.force });
  if (issues.length > 0 && !opts.skipInvalid) return { issues, code: 'invalid-folder', warnings };
  const badFiles = new Set(issues.map((i) => i.file));
  // A bad file, or any file under a bad folder (`pages` a file: every page is unreadable, never
  // deleted; `pages/shared/` a link to a folder, which lxp does not follow: its views neither).
  const badFolders = [...badFiles].filter((f) => f.endsWith('/'));
  const isBad = (f: string) => {
    if (badFiles.has(f)) return true;
    const slash = f.indexOf('/');
    return (slash > 0 && badFiles.has(f.slice(0, slash))) || badFolders.some((folder) => f.startsWith(folder));
  };

  // One list per kind the run covers, all at once: deploy, status and diff cover the kinds the
  // folder declares; pull covers every kind (a file the folder lacks is written when develop has any).
  const covered = (kind: ResourceKind) => inScope(FOLDER_KINDS[kind].file) && !project.isIgnored(FOLDER_KINDS[kind].file) && !badFiles.has(FOLDER_KINDS[kind].file);
  const kinds = new Set(RESOURCE_KINDS.filter((k) => covered(k) && (direction === 'pull' || resources.local[k] !== undefined)));
  // Views one by one: only for a deploy narrowed to known files that covers no other kind (endpoints need every page's id).
  const targeted = opts.scopeFiles !== undefined && opts.store !== undefined && direction === 'deploy' && kinds.size === 0 && opts.remoteVersion === undefined;
  const digested = opts.onViewsDigest && opts.client.listViewsDigested && opts.remoteVersion === undefined ? opts.client.listViewsDigested.bind(opts.client) : undefined;
  const listedViews = opts.listedViews && !targeted && opts.remoteVersion === undefined ? opts.listedViews : undefined;
  const listViews = targeted
    ? () => readViews(opts.client, viewReadsFor(opts.scopeFiles!, project.views, opts.store!.current))
    : listedViews
      ? async () => {
          const listed = await listedViews;
          opts.onViewsDigest?.(listed);
          return listed.views;
        }
      : digested
      ? async () => {
          const listed = await digested({ expected: project.views.length });
          opts.onViewsDigest!(listed);
          return listed.views;
        }
      : () => opts.client.listViews({ version: opts.remoteVersion, expected: project.views.length });
  const opened = opts.store ? Promise.resolve(opts.store) : StateStore.open(opts.dir, targetName(opts), opts.client.applicationId, { debounceMs: opts.stateDebounceMs });
  const [lists, store, taken] = await Promise.all([
    listRemote(opts.client, kinds, listViews, opts.remoteVersion),
    opened,
    // A file pull --force may replace is free for develop's copy of the view its path names.
    direction === 'pull' ? allViewFiles(opts.dir).then((files) => (replaceable ? files.filter((f) => !replaceable.has(f)) : files)) : Promise.resolve([]),
    // The planner's collator (~14 ms of ICU loading; only for a state with view records) while
    // the lists are in flight, once their requests had two turns of the event loop to be written.
    opened.then((s) => new Promise<void>((resolve) => setImmediate(() => setImmediate(() => resolve(warmPlanner(s.current)))))),
  ]);
  opts.onState?.(store);
  const remote = toRemoteResources(lists);
  for (const k of RESOURCE_KINDS) if (!kinds.has(k)) delete remote[k];
  // develop always has settings: a folder that declares none takes them only when they are not
  // Losant's defaults — and plans without a record of the defaults, made when it saw them (./default-settings.ts).
  const atDefaults = resources.local.settings === undefined && remote.settings?.length && remote.settings.every(isDefaultSettings) ? remote.settings[0] : undefined;
  if (atDefaults) remote.settings = [];
  // A killed pull's write-ahead intents are settled against the folder before planning (./intents.ts).
  const settled = await settleIntents(opts.dir, project, store, { save: !opts.dryRun && !opts.planOnly });
  const state = resources.local.settings === undefined ? withoutDefaultsRecord(settled) : settled;
  // The names groups.yaml gives develop's groups (by this target's records), for a run that names groups without covering them.
  const folderGroups = resources.local.group && new Set(resources.local.group.map((g) => g.identity));
  const groupNames = groupNamesInFolder(lists.groups ?? [], store.current.resources?.group, folderGroups);
  const planInput: PlanInput = {
    direction,
    local: project.views,
    // A narrowed run pairs as a whole one does (watch's project holds every file already).
    outside: opts.scope === undefined && opts.paths && opts.paths.length > 0 ? project.outside : undefined,
    remote: toRemoteViews(lists.views as ApiView[]),
    state,
    inScope: opts.scope ?? (opts.paths && opts.paths.length > 0 ? project.inScope : undefined),
    ignored: project.isIgnored,
    invalid: badFiles.size > 0 ? isBad : undefined,
    hold: opts.hold,
    force: opts.force,
    prune: opts.prune,
    takenFiles: taken,
    fileFor: fileForView,
    resources: {
      local: resources.local,
      remote,
      groupIds: groupIdsByName(lists.groups ?? [], store.current.resources?.group, folderGroups && groupNames),
      groupNames,
    },
  };
  let plan = makePlan(planInput);
  // A page deleted in Losant that develop's endpoints or settings still name, when the run did not
  // list those kinds: listed now, so status, diff and deploy say what pull does with it (and a
  // narrowed pull keeps it as a whole one does).
  const namers = namersToList(plan);
  if (namers.length > 0) {
    planInput.resources!.namers = await listNamers(opts.client, namers, lists.views, opts.remoteVersion);
    plan = makePlan(planInput);
  }
  // Views of files skipped by stat read their bodies on first use: read what this plan shows or
  // sends now, before anything is written (a file changed since it was stat'ed stops the run here).
  for (const c of plan.changes) if (c.local) void c.local.body;
  if (replaceable && replaceable.size > 0) {
    // pull --force: a file that does not read is replaced only by develop's copy of its view (by
    // its record, else by the name its path gives); one develop has no copy of still stops the run.
    const written = new Set(plan.changes.filter((c) => c.resource === 'view' && c.action === 'write').map((c) => c.file));
    const left = [...replaceable]
      .filter(([file]) => !written.has(file))
      .flatMap(([, fileIssues]) => fileIssues.map((i) => ({ ...i, message: `${i.message} (--force found no view on develop to replace the file with)` })));
    if (left.length > 0) return { issues: left, code: 'invalid-folder', warnings };
  }
  const unmatched = unmatchedPaths(opts, project, resources, plan);
  if (unmatched.length > 0) return { issues: unmatched, code: 'usage', warnings };
  // (A plan with conflicts is refused as such first: what a conflicting group would be is not known
  // yet. Watch pushes around its conflicts: its holds are worked out all the same.)
  // Names an entry sends must exist (or be created by this deploy), no route or view name may be
  // taken in a way every run would fail on, certificates must be readable: before any write.
  // status and diff (planOnly) refuse the same plans, so they never show a clean plan that deploy
  // then calls a folder with problems (review 10, F14); certificates only matter to a run that
  // sends them (status compares a domain by name when its reference cannot be read).
  if (direction === 'deploy' && plan.conflicts === 0) {
    const unsendable = unsendableIssues(plan, opts.planOnly ? undefined : secrets, { nameLine: (file) => project.lines.get(file)?.name, watch: opts.watch });
    if (unsendable.length > 0) return { issues: unsendable, code: 'invalid-folder', warnings };
  }
  if (direction === 'deploy' && !opts.planOnly && (plan.conflicts === 0 || opts.holdInUse)) {
    // A page it deletes that develop still replies with, from what the run leaves alone (one list
    // per such kind, only when a page is deleted), and a layout it deletes that a page of the
    // folder or of develop still uses (from the plan's list when develop was listed whole, else one
    // list of develop's pages, only when a layout is deleted): deploy refuses, watch holds the deletes.
    // A kind's file with an issue is held back (watch), whether or not this run's scope names it.
    const held = (file: string) => badFiles.has(file) || resources.files.issues.some((i) => i.file === file);
    const fileOf = (k: ResourceKind) => (held(FOLDER_KINDS[k].file) ? 'invalid' : resources.local[k] !== undefined ? 'not-in-run' : 'absent');
    const pages = await pagesInUse(opts.client, plan, fileOf);
    const kept = opts.holdInUse ? new Set(pages.map((p) => p.id)) : undefined;
    const layouts = await layoutsInUse(opts.client, plan, { local: project.views, remote: targeted ? undefined : planInput.remote, synced: state.views, kept });
    // A group it deletes that develop's endpoints the run leaves alone list in their access (one list, only when a group is deleted).
    const groups = await groupsInUse(opts.client, plan, fileOf);
    if (!opts.holdInUse && layouts.length + pages.length + groups.length > 0) {
      return { issues: [...layoutInUseIssues(layouts), ...pageInUseIssues(pages), ...groupInUseIssues(groups)], code: 'invalid-folder', warnings };
    }
    if (layouts.length + pages.length + groups.length > 0) {
      plan = makePlan({
        ...planInput,
        hold: {
          ...planInput.hold,
          layoutsInUse: new Map(layouts.map((l) => [l.id, layoutInUseReason(l)])),
          pagesInUse: new Map(pages.map((p) => [p.id, pageInUseReason(p)])),
          groupsInUse: new Map(groups.map((g) => [g.id, groupInUseReason(g)])),
        },
      });
    }
  }
  markUnwritable(opts.dir, plan);
  opts.events?.onPlan?.(plan);
  return { project, resources, plan, store, secrets, warnings, ...(atDefaults ? { atDefaults } : {}) };
}

/**
 * Paths given to a command that name no view: no file in the folder and no view on develop (by
 * its file there, or the file it would get). A typo must not pass as "everything in sync".
 */
function unmatchedPaths(opts: SyncOptions, project: LoadedProject, resources: FolderResources, plan: Plan): ValidationIssue[] {
  if (!opts.paths?.length) return [];
  const files = new Set(project.files);
  for (const file of Object.keys(resources.files.texts)) files.add(file);
  for (const c of plan.changes) {
    files.add(c.file);
    if (c.synced) files.add(c.synced.file);
  }
  return opts.paths.filter((p) => ![...files].some(pathFilter(opts.dir, [p], opts.cwd))).map((p) => ({ file: p, message: unmatchedMessage(opts, p, plan.direction) }));
}

/** Why a path names nothing, with where it was looked for (a path is read from the current directory and from the folder). */
function unmatchedMessage(opts: SyncOptions, p: string, direction: Direction): string {
  const readings = pathReadings(opts.dir, p, opts.cwd);
  if (readings.length === 0) return `is outside the experience folder ${path.resolve(opts.dir)}: it names nothing there`;
  // One of the experience files, absent: deploy's direction does not even list what it would hold.
  const yamlFile = direction === 'deploy' ? readings.find((r) => RESOURCE_KINDS.some((k) => FOLDER_KINDS[k].file === r)) : undefined;
  if (yamlFile !== undefined) {
    const kinds = [...new Set(RESOURCE_KINDS.filter((k) => FOLDER_KINDS[k].file === yamlFile).map((k) => (k === 'settings' ? 'settings' : `${k}s`)))].join(', ');
    return `is not in the folder, so status, diff and deploy leave develop's ${kinds} alone (lxp pull ${yamlFile} writes it from develop)`;
  }
  const where = readings.map((r) => (r === '' ? 'the folder' : r)).join(' or ');
  return `matches no view or experience file: nothing at ${where} in the folder (ignored files do not count), nor on develop`;
}

function invalid(command: SyncCommand, opts: SyncOptions, refused: Refused): SyncReport {
  const { issues, code, warnings } = refused;
  return {
    ...baseReport(command, opts),
    warnings,
    outcome: 'invalid',
    exitCode: EXIT.INVALID,
    code,
    issues,
    // Paths that name nothing are a mistake of the command line, not of the folder.
    message:
      code === 'usage'
        ? `${issues.length} path${issues.length === 1 ? '' : 's'} given name${issues.length === 1 ? 's' : ''} nothing; nothing was written`
        : `${issues.length} problem${issues.length === 1 ? '' : 's'} in the folder; nothing was written`,
  };
}

/** status and diff: the plan of a deploy (the folder's point of view), nothing applied. */
export async function compare(opts: SyncOptions & { command?: 'status' | 'diff' }): Promise<SyncReport> {
  const command = opts.command ?? 'status';
  const prepared = await prepare('deploy', { ...opts, force: false, prune: false, planOnly: true });
  if ('issues' in prepared) return invalid(command, opts, prepared);
  const differs = prepared.plan.unfinishedPull === true || prepared.plan.changes.some((c) => c.kind !== 'in-sync');
  return { ...baseReport(command, opts), warnings: prepared.warnings, outcome: differs ? 'differences' : 'in-sync', exitCode: EXIT.OK, plan: prepared.plan };
}

function conflictsMessage(command: SyncCommand, plan: Plan): string {
  const conflicts = plan.changes.filter((c) => c.action === 'conflict');
  const forceable = conflicts.filter((c) => !c.twins && !c.collision).length;
  const head = `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: nothing was written`;
  const linked = command === 'pull' && conflicts.some((c) => c.unwritable !== undefined);
  const force = `${command} --force takes ${command === 'deploy' ? "the folder's" : "develop's"} side${linked ? ' (of a file a pull never writes, such as a symbolic link, once it is a plain file: see its line)' : ''}`;
  if (forceable === conflicts.length) return `${head} (${force})`;
  const renaming = [
    ...(conflicts.some((c) => c.twins) ? ['resources develop has twice need renaming in Losant first'] : []),
    ...(conflicts.some((c) => c.collision && !c.narrowedOnly) ? [`resources that would share a name${conflicts.some((c) => c.collision && c.resource === 'endpoint') ? ' (endpoints: a route)' : ''} need one renamed first`] : []),
    ...(conflicts.some((c) => c.narrowedOnly) ? [`views that would share a name only because this run is narrowed: a whole lxp ${command} has no such clash`] : []),
  ].join('; ');
  return forceable === 0 ? `${head} (${renaming})` : `${head} (${renaming}; for the others, ${force})`;
}

function refuseConflicts(command: SyncCommand, opts: SyncOptions, plan: Plan): SyncReport {
  return {
    ...baseReport(command, opts),
    outcome: 'conflicts',
    exitCode: EXIT.CONFLICT,
    code: 'conflicts',
    plan,
    results: plan.changes.filter((c) => c.action === 'conflict').map((c) => resultOf(c, 'conflict', { error: c.reason })),
    message: conflictsMessage(command, plan),
  };
}

function dryRun(command: SyncCommand, opts: SyncOptions, plan: Plan): SyncReport {
  return {
    ...baseReport(command, opts),
    outcome: 'dry-run',
    exitCode: EXIT.OK,
    plan,
    results: plan.changes.filter(isWrite).map((c) => resultOf(c, 'planned')),
  };
}

/**
 * The second half of every run, once the plan was applied: the report. A whole-folder run that
 * ended cleanly — nothing failed, nothing in conflict, no delete held back — also records that
 * folder and remote are fully in step (the end of "fresh checkout" handling), and saves that
 * unless `saved` is 'by-caller': deploy() and pull() fold the state right after (compact), which
 * appends it with the run's last records — one save under the state lock instead of three.
 */
export async function finish(command: SyncCommand, opts: SyncOptions, prepared: Prepared, results: ChangeResult[], saved: 'now' | 'by-caller' = 'now'): Promise<SyncReport> {
  const { plan, store } = prepared;
  // A change not attempted because one it needed failed is a failure too.
  const failed = results.filter(isFailure);
  const unsettled = results.some((r) => r.status === 'conflict') || plan.changes.some((c) => c.held);
  if (!plan.scoped && failed.length === 0 && !unsettled) {
    store.setFullSync(true);
    // Only a pull finishes a pull (a deploy, or watch's start-up push, has not written the files it lacked).
    if (command === 'pull') store.setUnfinishedPull(false);
    store.markKindsSynced(plan.kinds);
    // develop's settings were Losant's defaults when this run listed them (./default-settings.ts).
    const defaults = defaultsRecord(store.current, prepared.atDefaults);
    if (defaults) store.setResource('settings', defaults);
    if (saved === 'now') await store.flush();
  }
  return {
    ...baseReport(command, opts),
    outcome: failed.length ? 'failed' : 'done',
    exitCode: failed.length ? EXIT.FAILED : EXIT.OK,
    ...(failed.length ? { code: 'changes-failed' as const } : {}),
    plan,
    results,
    message: failed.length ? `${failed.length} change${failed.length === 1 ? '' : 's'} failed. ${afterFailures(failed)}` : undefined,
  };
}

/** Brings the remote (develop) to the folder. */
export async function deploy(opts: SyncOptions): Promise<SyncReport> {
  const prepared = await prepare('deploy', opts);
  if ('issues' in prepared) return invalid('deploy', opts, prepared);
  try {
    return { ...(await deployPrepared(opts, prepared)), warnings: prepared.warnings };
  } finally {
    // The run saved its records in batches to the journal; it ends with one whole state.json.
    await prepared.store.compact();
  }
}

/** A deploy (or pull) refused for safety before anything was sent or written (exit 2, `refused`). */
function refused(opts: SyncOptions, plan: Plan, message: string, command: SyncCommand = 'deploy'): SyncReport {
  return { ...baseReport(command, opts), outcome: 'refused', exitCode: EXIT.INVALID, code: 'refused', plan, message };
}

/**
 * The files a pull would write or remove that no write may touch — a symbolic link (a file shared
 * from elsewhere, which status and deploy read through), something that is not a file, a folder on
 * the way leading outside — by the writer's own checks, before the first write: a pull that failed
 * on them would leave the folder marked unfinished, and "run pull again" could never finish it.
 */
function unwritableFiles(dir: string, plan: Plan): string[] {
  const files = new FolderFiles(dir);
  const out = new Set<string>();
  for (const c of plan.changes) {
    if ((c.action !== 'write' && c.action !== 'remove') || out.has(c.file)) continue;
    const why = files.unwritable(c.file);
    if (why !== undefined) out.add(`${c.file} (${why})`);
  }
  return [...out];
}

/**
 * The run's last write, the state (write-atomic.ts), needs write-file-atomic, which no longer loads
 * at start-up: it is loaded once the first requests of the plan are on their way, while the client
 * waits for their answers, so neither the start nor the end pays for loading it.
 */
function prefetchDuringRequests(plan: Plan): void {
  if (plan.changes.some(isWrite)) setTimeout(prefetchWriteAtomic, 1);
}

async function deployPrepared(opts: SyncOptions, prepared: Prepared): Promise<SyncReport> {
  const { plan, store, project } = prepared;
  // Not overridden by --force: that flag takes the folder's side in conflicts (and release's advice
  // for develop-differs names it), and here the folder's side is a half-written checkout.
  if (plan.unfinishedPull && !plan.scoped) {
    return refused(opts, plan, `a pull into ${opts.dir} did not finish, so the folder may hold only part of develop and a deploy would take what is missing for deletions: nothing was sent. Run \`lxp pull\` to finish it`);
  }
  if (plan.conflicts > 0) return refuseConflicts('deploy', opts, plan);
  const deletes = deletesFromEmptyFolder(plan, project.files.length);
  if (deletes > 0 && !opts.force) {
    return refused(opts, plan, `${opts.dir} has no view files: refusing to delete ${deletes} remote view${deletes === 1 ? '' : 's'} (check --dir, or use --force)`);
  }
  opts.check?.(plan);
  if (opts.dryRun) return dryRun('deploy', opts, plan);
  if (opts.confirm && plan.changes.some(isWrite)) await opts.confirm(plan);
  prefetchDuringRequests(plan);
  // Saved by deploy()'s compact, right after (applying and finishing leave it to that one save).
  const results = await applyDeploy(plan, { client: opts.client, store, concurrency: opts.concurrency, events: opts.events, secrets: prepared.secrets, flush: false });
  return finish('deploy', opts, prepared, results, 'by-caller');
}

/** Brings the folder to the remote (develop). */
export async function pull(opts: SyncOptions): Promise<SyncReport> {
  const prepared = await prepare('pull', opts);
  if ('issues' in prepared) return invalid('pull', opts, prepared);
  const { plan, store } = prepared;
  if (plan.conflicts > 0) return refuseConflicts('pull', opts, plan);
  const unwritable = unwritableFiles(opts.dir, plan);
  if (unwritable.length > 0) {
    return refused(
      opts,
      plan,
      `the pull would change ${unwritable.join(', ')}, which a pull never writes (only plain files inside the folder, never through a link): nothing was written. Make each a plain file of the folder (a link: replace it with a copy of the file it points to), then pull again`,
      'pull',
    );
  }
  // What the folder will lack, or hold that lxp refuses, once pulled: said by the dry run and the pull alike.
  const leaves = leftBy(await pullLeaves(plan, { dir: opts.dir, project: prepared.project, texts: prepared.resources.files.texts, cwd: opts.cwd }));
  if (opts.dryRun) return { ...dryRun('pull', opts, plan), ...leaves };
  try {
    if (!plan.scoped && plan.changes.some(isWrite)) {
      // On disk before the first file changes: a pull stopped half-way (Ctrl-C, a kill) leaves the
      // folder with part of develop, which status must not call in sync nor deploy take for deletions.
      store.setUnfinishedPull(true);
      await store.flush();
    }
    // Saved by the compact below (after every file was written, as always).
    const results = await applyPull(plan, { dir: opts.dir, store, events: opts.events, flush: false });
    const report = await finish('pull', opts, prepared, results, 'by-caller');
    // Only when every write landed: the folder is then exactly what was worked out.
    return report.outcome === 'done' ? { ...report, ...leaves } : report;
  } finally {
    await store.compact();
  }
}

/** The report's fields for what a pull leaves (absent when empty). */
function leftBy(l: PullLeaves): Pick<SyncReport, 'lacking' | 'keptDeleted' | 'lackingBesides' | 'leftInvalid'> {
  return {
    ...(l.lacking.length ? { lacking: l.lacking, keptDeleted: l.keptDeleted, lackingBesides: l.lackingBesides } : {}),
    ...(l.invalid.length ? { leftInvalid: l.invalid } : {}),
  };
}

/** deploy(), throwing SyncFailedError (with its exitCode and report) unless it ends with exit 0. */
export async function deployOrThrow(opts: SyncOptions): Promise<SyncReport> {
  const report = await deploy(opts);
  if (report.exitCode !== EXIT.OK) throw new SyncFailedError(report);
  return report;
}
