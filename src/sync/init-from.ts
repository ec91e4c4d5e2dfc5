// `lxp init --from <target>` and `lxp init --bootstrap`: a new experience folder made from an
// application instead of from the sample templates — the config files (lxp.config.json, with the
// target recorded when its application id is given, and .gitignore), then a pull of everything
// develop holds: views, endpoints, groups, settings, slugs and domains (never users, never
// certificates). --bootstrap first asks the API for Losant's starter experience.
//
// Nothing is left behind when the target cannot be reached: the files init created are removed
// again (a pull that fails half way keeps what it wrote; `lxp pull` finishes it).
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_TEMPLATES, initProject, type InitResult } from '../project/init.js';
import { connect, type ConnectOptions, type Connection } from './connection.js';
import { pull, type SyncReport } from './run.js';
import { readStateFileSync, StateStore } from './state.js';
import { recordedApiUrl } from './recorded-api.js';

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
 * `make-folder`: the config files are being written; `bootstrap`: the starter experience is asked
 * for; `mark`: the unfinished-pull mark is being written (stepOnDisk tells whether it landed);
 * `pull`: the folder is marked as an unfinished pull, and develop is being pulled into it.
 */
export type InitFromStep = 'make-folder' | 'bootstrap' | 'mark' | 'pull';

/**
 * Where a stop during the 'mark' step leaves the folder: 'pull' once the unfinished-pull mark is on
 * disk (its write can land a moment before the step is told), else 'make-folder' (nothing pulled,
 * nothing marked). Read synchronously, as a stop handler must answer at once.
 */
export function stepOnDisk(step: InitFromStep | undefined, dir: string): InitFromStep | undefined {
  if (step !== 'mark') return step;
  try {
    return Object.values(readStateFileSync(dir).targets).some((t) => t.unfinishedPull === true) ? 'pull' : 'make-folder';
  } catch {
    return 'make-folder';
  }
}

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
  opts.onStep?.('make-folder');
  const init = await initProject(dir, {
    force: opts.force,
    only: (file) => CONFIG_TEMPLATES.has(file),
    configure:
      opts.applicationId && name
        ? (config) => ({ ...config, defaultTarget: name, targets: { ...(config.targets as object), [name]: { applicationId: opts.applicationId, ...(apiUrl ? { apiUrl } : {}) } } })
        : undefined,
  });
  let conn: Connection | undefined;
  let marked = false;
  try {
    conn = await connect({ ...opts, dir, target: name });
    let bootstrap: InitFromResult['bootstrap'];
    if (opts.bootstrap) {
      await opts.confirm?.(conn);
      opts.onStep?.('bootstrap');
      const made = await conn.client.bootstrap({});
      bootstrap = { ...(made.email ? { email: made.email } : {}), ...(made.resourceSuffix ? { resourceSuffix: made.resourceSuffix } : {}) };
    }
    // Until the pull ends, the folder is one that holds part of develop: marked as an unfinished
    // pull (which only a finished pull clears), so that a stop half-way leaves a folder whose status
    // says "not pulled yet" — not every view "deleted locally" — and that no deploy takes for deletions.
    opts.onStep?.('mark');
    marked = !(await markUnfinished(dir, conn, true));
    opts.onStep?.('pull');
    // A pull that throws does so before it writes a file (the lists come first).
    const report = await pull({ dir, client: conn.client, target: conn.target.name, env: opts.env });
    return { init, target: conn.target.name, applicationId: conn.client.applicationId, ...(bootstrap ? { bootstrap } : {}), pull: report };
  } catch (err) {
    await conn?.close();
    // Nothing was pulled (a pull that throws writes nothing): a folder that stays is left as it was.
    if (marked && existed && conn) await markUnfinished(dir, conn, false);
    conn = undefined;
    await undo(dir, init.created, !existed);
    throw err;
  } finally {
    await conn?.close();
  }
}
