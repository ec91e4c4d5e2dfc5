// `lxp import`: an exported application or template (folder or .zip), or an official-CLI
// workspace, becomes an lxp folder. Read everything first (any problem: exit 2, nothing
// written), refuse a folder that already holds views (unless force), write each file
// atomically, then validate what was written and say so truthfully.
import { existsSync } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import pLimit from 'p-limit';
import type { ApiView } from '../api/types.js';
import type { LxpConfig } from '../config/types.js';
import type { ValidationIssue } from '../project/issues.js';
import { loadProject, viewFileGlobs } from '../project/load.js';
import { loadExperienceFiles } from '../project/resources/load-files.js';
import { parseUsersCsv } from '../project/users-csv.js';
import { FolderFiles, removeViewFile, writeViewFile } from '../project/write.js';
import { foldersToMake, makeDir } from '../project/make-dir.js';
import { schemaPathFor, schemaRefFor } from '../project/schema-path.js';
import { nestedExperienceProblem } from '../project/nested-experience.js';
import { LxpError, UsageError } from '../sync/errors.js';
import { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { checkRecordedApplication, recordedApiUrl } from '../sync/recorded-api.js';
import type { Layout } from './detect.js';
import { layoutOutside } from './inside-source.js';
import { CONFIG_FILE, DATA_FILES, GITIGNORE, planFolder, USERS_FILE, type PlannedFile } from './folder-files.js';
import { readExport } from './from-export.js';
import { supersededFiles, type SupersededFile } from './earlier-import.js';
import { openSyncState, recordSync, type ReadFrom } from './record-sync.js';
import { syncFate, type SyncFate } from './sync-fate.js';
import { ExportContext } from './export-context.js';
import { readWorkspace, WORKSPACE_APPLICATION, workspaceApplication } from './from-workspace.js';
import type { Imported } from './imported.js';
import type { TargetState } from '../sync/state.js';
import { openSource } from './open-source.js';
import { sortReport, type ReportItem } from './report.js';

/** Files written at once: enough to overlap each file's sync to disk, few enough for any file-handle limit. */
const WRITE_CONCURRENCY = 16;
/** Built-in target names that never go into lxp.config.json. */
const BUILT_IN_TARGETS = new Set(['local', 'env']);

export interface ImportOptions {
  /** What to import, as the user named it (relative to cwd). */
  source: string;
  cwd: string;
  /** The folder to write (created when missing). */
  dir: string;
  /** Write into a folder that already holds views or the import's files: add and replace only what the import writes. */
  force?: boolean;
  /**
   * Official-CLI workspace with --target: develop's views of that application. Called with the
   * config to resolve the target with (undefined: the folder's own lxp.config.json).
   */
  remote?: { target: string; views: (config: LxpConfig | undefined) => Promise<{ views: ApiView[] } & ReadFrom> };
  /** The environment the remote is read with: LOSANT_API_URL is the API read, and so the one recorded. */
  env?: NodeJS.ProcessEnv;
  /** Told just before the first file is written (how far an interrupted import got). */
  onWrite?: () => void;
}

export interface ImportResult {
  source: { path: string; format: 'folder' | 'zip'; kind: Layout['kind']; root: string };
  application: Imported['application'];
  dir: string;
  /** Files written, relative to dir, in the order written. */
  written: string[];
  /** Of those, the files that were there before (only with force): replaced. */
  replaced: string[];
  /**
   * Files an earlier import of the same workspace without --target wrote, which this one wrote
   * under develop's names: removed (only with force; src/import/earlier-import.ts).
   */
  removed: SupersededFile[];
  /**
   * Official-CLI workspace with --target: how many view files were recorded in the sync state as
   * in sync with develop's views, and how many as changed locally (their file differs from the
   * develop view they were matched to, recorded as read now: src/import/sync-fate.ts); 0 otherwise.
   */
  recorded: number;
  recordedChanged: number;
  /** With --target: what the folder's sync state makes of the files written and of develop's views without one (for the closing advice). */
  sync?: Pick<SyncFate, 'changedRemotely' | 'conflicts' | 'deletedByDeploy' | 'wholePullBringsIn'>;
  /** Numbers, and `settings: true` when develop's settings were imported; `null` for a kind the source does not have. */
  counts: { layouts: number; pages: number; components: number; endpoints: number | null; groups: number | null; settings: true | null; users: number | null };
  report: ReportItem[];
  /** Validation of the folder after the import: empty = it deploys as it is. */
  issues: ValidationIssue[];
  /** The "$schema" of a new lxp.config.json, and whether it goes through node_modules/lxp (as lxp init). */
  schema?: { path: string; installed: boolean };
}

async function textOf(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    // A folder where the file goes holds no text: the import's up-front check (refuseUnwritable)
    // then refuses it by name, before anything is written (review 10b, F17).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw err;
  }
}

/** A write failed half-way: what was and was not written, and how to finish. Exit 1. */
/** The sync state's files: a folder with either has synced (an earlier --target import, a pull). */
const STATE_FILES = ['.lxp/state.json', '.lxp/state.journal'];

export class ImportWriteError extends LxpError {
  override name = 'ImportWriteError';
  constructor(
    cause: Error,
    readonly done: string[],
    readonly notDone: string[],
    newFolder: boolean,
  ) {
    super(
      'failed',
      `${cause.message} — the import stopped after ${done.length} of ${done.length + notDone.length} files${newFolder ? ` (${CONFIG_FILE} is written last, so the folder is not an experience folder yet)` : ''}; fix the cause and run the same import again with --force to finish`,
    );
  }
  override details(): Record<string, unknown> {
    return { done: this.done, notDone: this.notDone };
  }
}

/**
 * Writes the files, each atomically: all but the last two concurrently (in any order), then
 * .gitignore and lxp.config.json, in that order, so lxp.config.json is always the last file written.
 */
async function writeFolder(dir: string, files: readonly PlannedFile[], newFolder: boolean): Promise<{ written: string[]; replaced: string[] }> {
  const done = new Set<string>();
  const replacedSet = new Set<string>();
  const one = async (f: PlannedFile) => {
    if ((await stat(path.join(dir, f.file)).catch(() => undefined)) !== undefined) replacedSet.add(f.file);
    await writeViewFile(dir, f.file, f.text);
    done.add(f.file);
  };
  const last = files.filter((f) => f.file === GITIGNORE || f.file === CONFIG_FILE);
  const first = files.filter((f) => !last.includes(f));
  const limit = pLimit(WRITE_CONCURRENCY);
  try {
    // allSettled: every write started has finished (or failed) before anything is reported.
    const results = await Promise.allSettled(first.map((f) => limit(() => one(f))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const f of last) await one(f);
  } catch (err) {
    const order = files.map((f) => f.file);
    throw new ImportWriteError(err as Error, order.filter((f) => done.has(f)), order.filter((f) => !done.has(f)), newFolder);
  }
  const order = files.map((f) => f.file);
  return { written: order, replaced: order.filter((f) => replacedSet.has(f)) };
}

/**
 * Every file the import writes is known before the first write, so a symbolic link in the way (a
 * file, or a folder on its path leading outside the experience folder) or a folder where a file
 * goes is refused now, by the very checks each write makes — not half-way, after other files were
 * written or replaced (review 10, F6).
 */
async function refuseUnwritable(dir: string, files: readonly PlannedFile[]): Promise<void> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return; // a new folder: nothing in the way
  const { problems, listed } = new FolderFiles(dir).unwritableAmong(files.map((f) => f.file));
  if (problems.length > 0)
    throw new LxpError(
      'refused',
      `${dir}: the import cannot write ${problems.length === 1 ? 'one of its files' : `${problems.length} of its files`} there: ${listed}. lxp writes only files, never through a symbolic link: move it away or choose another --dir. Nothing was written.`,
    );
}

/**
 * The files the folder's sync state gives develop's views, still in the folder: one view never gets
 * two files (develop renamed it since the folder last synced it: written into its file, as a pull
 * does), nor does a view of develop lose its file to another one (the fix10f leftover).
 */
function folderFilesOf(dir: string, imported: Imported, state: TargetState): Map<string, string> {
  const develop = new Set([...imported.views.flatMap((v) => (v.develop ? [v.develop.id] : [])), ...(imported.remoteOnly ?? []).map((v) => v.id)]);
  const out = new Map<string, string>();
  for (const r of Object.values(state.views)) if (develop.has(r.id) && existsSync(path.join(dir, r.file))) out.set(r.id, r.file);
  return out;
}

/**
 * What the folder's sync state makes of the import (./sync-fate.ts); refused, nothing written, when
 * two files would name one view (./sync-fate.ts says which), or when a pull into the folder has not finished (the deploy the report speaks of would refuse to run, and
 * what the folder lacks may be what that pull had not written yet).
 */
function settleSync(dir: string, imported: Imported, planned: readonly PlannedFile[], superseded: readonly SupersededFile[], state: TargetState): SyncFate {
  if (state.unfinishedPull)
    throw new LxpError('refused', `${dir}: a pull into this folder from target "${state.target}" did not finish, so the folder may hold only part of develop: run lxp pull there to finish it, then import again. Nothing was written.`);
  const writes = new Set(planned.map((f) => f.file));
  const removed = new Set(superseded.map((s) => s.file));
  const present = (f: string) => writes.has(f) || (!removed.has(f) && existsSync(path.join(dir, f)));
  const fate = syncFate(imported.views, imported.remoteOnly ?? [], planned, state, present);
  if (fate.refusals.length > 0) throw new LxpError('refused', `${dir}: ${fate.refusals.join('; ')} — or import into another --dir. Nothing was written.`);
  return fate;
}

async function checkFolder(dir: string, force: boolean): Promise<void> {
  // Inside another experience's pages/ (say), whatever --force says, as lxp init (review 9, M4).
  const nested = nestedExperienceProblem(dir, 'import');
  if (nested !== undefined) throw new UsageError(nested);
  const st = await stat(dir).catch(() => undefined);
  if (st === undefined) {
    // A folder that cannot be made (a file in the way) is refused now, before anything is written.
    foldersToMake(dir);
    return;
  }
  if (!st.isDirectory()) throw new UsageError(`${dir} exists and is not a folder`);
  if (force) return;
  // Links count (every command reads a view file through its link), folders named x.hbs do not.
  const views = (await fg(viewFileGlobs(), { cwd: dir, onlyFiles: false, markDirectories: true, followSymbolicLinks: false, suppressErrors: true, ignore: ['**/node_modules/**', '.lxp/**'] })).filter((f) => !f.endsWith('/'));
  if (views.length > 0)
    throw new LxpError(
      'refused',
      `${dir} already holds views (${views.sort().slice(0, 3).join(', ')}${views.length > 3 ? ', …' : ''}); lxp import writes a new folder — pass --force to add and replace the files the import writes (every other file stays), or choose another --dir. Nothing was written.`,
    );
}

/**
 * The import keeps an lxp.config.json that is there: read it now as every command reads it, so a
 * folder no command would accept (a trailing comma, a token in it) is refused before anything is
 * written — not imported and then called valid (review 11, R11).
 */
function refuseBrokenConfig(dir: string): void {
  try {
    loadConfig(dir);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(
      `${err.message} — ${dir}: the import keeps this ${CONFIG_FILE}, and no lxp command reads the folder while it is so; fix it (or remove it, and the import writes a new one), then import again. Nothing was written.`,
      err.issues,
    );
  }
}

/**
 * The targets of a new lxp.config.json: the one named with --target, when the source says which
 * application it is, at the API its views are read from (as `lxp init --from` records it).
 */
function targetsFor(remote: ImportOptions['remote'], app: Imported['application'], env: NodeJS.ProcessEnv | undefined, appFile: string): LxpConfig['targets'] {
  if (!remote || BUILT_IN_TARGETS.has(remote.target) || app.id === undefined) return {};
  const apiUrl = recordedApiUrl(env, app.apiUrl ? { url: app.apiUrl, source: `${appFile}'s apiUrl`, drop: 'import with the API the workspace names' } : undefined);
  checkRecordedApplication(env, { id: app.id, source: `${appFile}'s applicationId`, drop: 'import with --target env to compare the workspace with that application, recording none' });
  return { [remote.target]: { applicationId: app.id, ...(apiUrl ? { apiUrl } : {}) } };
}

async function validate(dir: string, imported: Imported): Promise<ValidationIssue[]> {
  const project = await loadProject(dir);
  const files = await loadExperienceFiles(dir, project.views);
  const issues = [...project.issues, ...files.issues];
  const csv = await textOf(path.join(dir, USERS_FILE));
  if (csv !== undefined && imported.users !== undefined) {
    const known = files.groups?.map((g) => g.content.name);
    issues.push(...parseUsersCsv(csv, { file: USERS_FILE, ...(known ? { knownGroups: known } : {}) }).issues);
  }
  return issues;
}

export async function importExperience(opts: ImportOptions): Promise<ImportResult> {
  const dir = path.resolve(opts.cwd, opts.dir);
  const source = await openSource(opts.source, opts.cwd, { skip: dir });
  try {
    const layout = layoutOutside(source, opts.source, opts.dir);
    if (opts.remote && layout.kind !== 'workspace')
      throw new UsageError(`--target reads the metadata of an official-CLI workspace from Losant; ${opts.source} is an exported application, which carries its own`);
    await checkFolder(dir, !!opts.force);

    const isThere = async (f: string) => (await stat(path.join(dir, f)).catch(() => undefined)) !== undefined;
    const current = {
      gitignore: await textOf(path.join(dir, GITIGNORE)),
      gitignoreLinked: (await lstat(path.join(dir, GITIGNORE)).catch(() => undefined))?.isSymbolicLink() ?? false,
      config: await textOf(path.join(dir, CONFIG_FILE)),
      npm: (await isThere('package.json')) || (await isThere('node_modules')),
    };
    if (current.config !== undefined) refuseBrokenConfig(dir);
    let imported: Imported;
    let targets: LxpConfig['targets'] = {};
    let readFrom: ReadFrom | undefined;
    if (layout.kind === 'export') imported = await readExport(source, layout);
    else {
      // The workspace names its application (.losant/.application.yml): a new folder gets a
      // target for it, and the connection resolves --target through that config.
      const appCtx = new ExportContext();
      const application = await workspaceApplication(source, layout, appCtx);
      const appFile = layout.root === '' ? WORKSPACE_APPLICATION : `${layout.root}/${WORKSPACE_APPLICATION}`;
      if (opts.remote && current.config === undefined && !BUILT_IN_TARGETS.has(opts.remote.target) && application.id === undefined) {
        // Why it names none: the file is missing, does not parse, or holds no application id.
        const why = appCtx.report.some((i) => i.file === appFile)
          ? `the workspace's ${appFile} cannot be read as YAML, so it names no application`
          : source.entries.get(appFile)?.kind === 'file'
            ? `the workspace's ${appFile} holds no applicationId (24 hex digits)`
            : `the workspace does not name its application (it has no ${appFile})`;
        throw new UsageError(
          `--target ${opts.remote.target}: ${dir} has no ${CONFIG_FILE} defining it, and ${why}; use --target env with LOSANT_APPLICATION_ID, or import into a folder whose ${CONFIG_FILE} defines the target`,
        );
      }
      targets = current.config === undefined ? targetsFor(opts.remote, application, opts.env, appFile) : {};
      const remote = opts.remote ? await opts.remote.views(current.config === undefined ? { targets } : undefined) : undefined;
      readFrom = remote && { target: remote.target, applicationId: remote.applicationId };
      imported = await readWorkspace(source, layout, remote?.views);
    }

    // With --target: opened now, so that a state that cannot be read refuses the import with nothing written.
    const state = readFrom ? await openSyncState(dir, readFrom) : undefined;
    const schema = current.config === undefined ? await schemaPathFor(dir) : undefined;
    const plan = planFolder(imported, current, targets, schema?.path, await schemaRefFor(dir), state ? folderFilesOf(dir, imported, state.current) : undefined);
    if (!opts.force) {
      const present = [];
      for (const f of DATA_FILES) if (plan.files.some((p) => p.file === f) && (await textOf(path.join(dir, f))) !== undefined) present.push(f);
      if (present.length > 0)
        throw new LxpError('refused', `${dir} already has ${present.join(', ')}, which the import would replace; pass --force to replace them (every other file stays). Nothing was written.`);
    }

    // Refused (nothing written) when one of them was edited since that import.
    const superseded = opts.force ? await supersededFiles(dir, imported, plan.files, !(await Promise.all(STATE_FILES.map(isThere))).some(Boolean)) : [];
    await refuseUnwritable(dir, plan.files);
    const fate = state ? settleSync(dir, imported, plan.files, superseded, state.current) : undefined;
    opts.onWrite?.();
    await makeDir(dir);
    const { written, replaced } = await writeFolder(dir, plan.files, current.config === undefined);
    // After the writes: an import stopped before this point leaves both files, and the same import run again removes the earlier one.
    for (const s of superseded) await removeViewFile(dir, s.file);
    // Last: a record is only ever made for a file that holds what it says (a stop before this leaves the files never synced, as without it).
    if (state && fate && fate.records.length > 0) await recordSync(state, fate.records);
    const count = (t: string) => imported.views.filter((v) => v.view.viewType === t).length;
    return {
      source: { path: source.location, format: source.format, kind: layout.kind, root: layout.root },
      application: imported.application,
      dir,
      written,
      replaced,
      removed: superseded,
      recorded: fate?.inSync ?? 0,
      recordedChanged: fate?.changedLocally ?? 0,
      ...(fate ? { sync: { changedRemotely: fate.changedRemotely, conflicts: fate.conflicts, deletedByDeploy: fate.deletedByDeploy, wholePullBringsIn: fate.wholePullBringsIn } } : {}),
      counts: {
        layouts: count('layout'),
        pages: count('page'),
        components: count('component'),
        endpoints: imported.endpoints?.length ?? null,
        groups: imported.groups?.length ?? null,
        settings: imported.settings !== undefined ? true : null,
        users: imported.users?.length ?? null,
      },
      report: sortReport([...imported.report, ...plan.report, ...(fate?.report ?? [])]),
      issues: await validate(dir, imported),
      ...(schema ? { schema } : {}),
    };
  } finally {
    await source.close();
  }
}
