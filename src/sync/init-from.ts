// `lxp init --from <target>` and `lxp init --bootstrap`: a new experience folder made from an
// application instead of from the sample templates — the config files (lxp.config.json, with the
// target recorded when its application id is given, and .gitignore), then a pull of everything
// develop holds: views, endpoints, groups, settings, slugs and domains (never users, never
// certificates). --bootstrap first asks the API for Losant's starter experience.
//
// The folder is marked as an unfinished pull before any of its files is written, and only the
// pull's clean end clears the mark: a stop at any point never leaves a folder that looks whole.
// Nothing is left behind when the target cannot be reached: the files init created are removed
// again (a pull that fails half way keeps what it wrote; `lxp pull` finishes it).
import { existsSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, type LxpConfig } from '../config/index.js';
import { checkInitFolder, CONFIG_TEMPLATES, initProject, type InitResult } from '../project/init.js';
import { makeDir } from '../project/make-dir.js';
import { connect, type ConnectOptions, type Connection } from './connection.js';
import { pull, type SyncReport } from './run.js';
import { StateStore } from './state.js';
import { checkRecordedApplication, recordedApiUrl } from './recorded-api.js';
import { LxpError } from './errors.js';
import { formatIssue, type ValidationIssue } from '../project/issues.js';
import { loadProject } from '../project/load.js';
import { loadFolderResources, resourceIssues } from './folder-resources.js';
import { runChecks } from './checks.js';

/** A folder init --force would pull into that the pull refuses (invalid files): found before anything is written or sent. */
export class InitFolderProblems extends LxpError {
  override name = 'InitFolderProblems';
  constructor(
    readonly issues: readonly ValidationIssue[],
    dir: string,
  ) {
    super(
      'invalid-folder',
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in ${dir}, which the pull would refuse; nothing was written or sent (fix ${issues.length === 1 ? 'it' : 'them'}, or init another folder):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
    );
  }
  override outcome(): string {
    return 'invalid';
  }
  override data(): Record<string, unknown> {
    return { issues: this.issues };
  }
}

/** What the pull's own folder checks would refuse in a folder that is already there (no request). */
async function pullRefuses(dir: string, env: NodeJS.ProcessEnv | undefined): Promise<ValidationIssue[]> {
  const project = await loadProject(dir);
  const resources = await loadFolderResources(dir, project, { env: env ?? {}, dir });
  return runChecks('pull', project, resourceIssues(resources, () => true)).issues;
}

export interface InitFromOptions extends Omit<ConnectOptions, 'dir' | 'target'> {
  /** The new folder (absolute). */
  dir: string;
  /** The target to read from (--from, or --target with --bootstrap); default as every command resolves it. */
  target?: string;
  /** Records the target in the new lxp.config.json (and makes it the default): its application… */
  applicationId?: string;
  /** …and API URL (default Losant's). */
  apiUrl?: string;
  /** Call the API's bootstrap first: Losant's starter experience on an empty develop. */
  bootstrap?: boolean;
  /** Use a folder that is not empty (existing files are kept). */
  force?: boolean;
  /** Asked before bootstrap writes to a protected target; throwing cancels before anything is sent. */
  confirm?: (connection: Connection) => Promise<void>;
  /** Told as each step that writes begins (how far an interrupted init got): the folder's files, then the pull. */
  onStep?: (step: InitFromStep) => void;
}

/**
 * In order: `mark`: the target is connected to (the local target's server writes the folder's
 * .lxp/) and the unfinished-pull mark written, before any file of the folder;
 * `make-folder`: the config files are being written (the folder is marked); `bootstrap`: the
 * starter experience is asked for; `pull`: develop is being pulled into the marked folder.
 */
export type InitFromStep = 'mark' | 'make-folder' | 'bootstrap' | 'pull';

export interface InitFromResult {
  init: InitResult;
  target: string;
  applicationId: string;
  /** What bootstrap made: the starter user's email (its password is never shown or kept). */
  bootstrap?: { email?: string; resourceSuffix?: string };
  pull: SyncReport;
}

/** Removes what init made: the whole folder when it did not exist before, else the files it created. */
async function undo(dir: string, created: string[], madeDir: boolean): Promise<void> {
  if (madeDir) return rm(dir, { recursive: true, force: true });
  for (const f of [...created].reverse()) await rm(path.join(dir, f), { force: true });
}

/** Sets the folder's unfinished-pull mark for the connection's target; returns what it was. */
async function markUnfinished(dir: string, conn: Connection, value: boolean): Promise<boolean> {
  const store = await StateStore.open(dir, conn.target.name, conn.client.applicationId);
  const was = store.current.unfinishedPull === true;
  store.setUnfinishedPull(value);
  await store.compact();
  return was;
}

export async function initFrom(opts: InitFromOptions): Promise<InitFromResult> {
  const { dir } = opts;
  const existed = await stat(dir).then(
    () => true,
    () => false,
  );
  const name = opts.target;
  // The API the pull reads is the one recorded: --api-url, else LOSANT_API_URL when set (a private
  // or regional API); both, differing, are refused here, before anything is written.
  const apiUrl = recordedApiUrl(opts.env, opts.apiUrl ? { url: opts.apiUrl, source: '--api-url', drop: 'drop --api-url' } : undefined);
  if (opts.applicationId && name) checkRecordedApplication(opts.env, { id: opts.applicationId, source: '--application-id', drop: 'give LOSANT_APPLICATION_ID\'s application to --application-id' });
  const recorded = opts.applicationId && name ? { [name]: { applicationId: opts.applicationId, ...(apiUrl ? { apiUrl } : {}) } } : undefined;
  // A folder init may not write into is refused before anything is written or sent.
  const only = (file: string) => CONFIG_TEMPLATES.has(file);
  await checkInitFolder(dir, { force: opts.force, only });
  // A folder that is already there (--force) is checked as the pull checks it, before the mark,
  // the config files or --bootstrap's request: otherwise they would be written and sent, and the
  // pull refuse after them.
  if (existed) {
    const problems = await pullRefuses(dir, opts.env);
    if (problems.length > 0) throw new InitFolderProblems(problems, dir);
  }
  // The target is resolved with the configuration init is about to write (an existing
  // lxp.config.json, kept with --force, is read as every command reads it).
  const config: LxpConfig | undefined = recorded && !existsSync(path.join(dir, CONFIG_FILE)) ? { defaultTarget: name, targets: recorded } : undefined;
  let init: InitResult | undefined;
  let conn: Connection | undefined;
  let marked = false;
  try {
    // (The local target's embedded server keeps its data in the folder's .lxp/: from here on the folder may exist.)
    opts.onStep?.('mark');
    conn = await connect({ ...opts, dir, target: name, ...(config ? { config } : {}) });
    // Until the pull ends, the folder is one that holds part of develop: marked as an unfinished
    // pull (which only a finished pull clears), so that a stop half-way leaves a folder whose status
    // says "not pulled yet" — not every view "deleted locally" — and that no deploy takes for
    // deletions. Marked BEFORE lxp.config.json is written: from the moment the folder is one lxp
    // works on, it says it is unfinished — a stop while the config files are written, or during
    // --bootstrap's request, never leaves a folder that looks whole (an empty experience).
    await makeDir(dir);
    marked = !(await markUnfinished(dir, conn, true));
    opts.onStep?.('make-folder');
    // (The folder was checked above; what it holds now beyond that is the mark just written.)
    init = await initProject(dir, {
      force: true,
      only,
      configure: recorded ? (c) => ({ ...c, defaultTarget: name, targets: { ...(c.targets as object), ...recorded } }) : undefined,
    });
    let bootstrap: InitFromResult['bootstrap'];
    if (opts.bootstrap) {
      await opts.confirm?.(conn);
      opts.onStep?.('bootstrap');
      const made = await conn.client.bootstrap({});
      bootstrap = { ...(made.email ? { email: made.email } : {}), ...(made.resourceSuffix ? { resourceSuffix: made.resourceSuffix } : {}) };
    }
    opts.onStep?.('pull');
    // A pull that throws does so before it writes a file (the lists come first).
    const report = await pull({ dir, client: conn.client, target: conn.target.name, env: opts.env });
    return { init, target: conn.target.name, applicationId: conn.client.applicationId, ...(bootstrap ? { bootstrap } : {}), pull: report };
  } catch (err) {
    await conn?.close();
    // Nothing was pulled (a pull that throws writes nothing): a folder that stays is left as it was.
    if (marked && existed && conn) await markUnfinished(dir, conn, false);
    conn = undefined;
    await undo(dir, init?.created ?? [], !existed);
    throw err;
  } finally {
    await conn?.close();
  }
}
