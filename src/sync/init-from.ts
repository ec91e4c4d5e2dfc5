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
  const init = await initProject(dir, {
    force: opts.force,
    only: (file) => CONFIG_TEMPLATES.has(file),
    configure:
      opts.applicationId && name
        ? (config) => ({ ...config, defaultTarget: name, targets: { ...(config.targets as object), [name]: { applicationId: opts.applicationId, ...(apiUrl ? { apiUrl } : {}) } } })
        : undefined,
  });
  let conn: Connection | undefined;
  try {
    conn = await connect({ ...opts, dir, target: name });
    let bootstrap: InitFromResult['bootstrap'];
    if (opts.bootstrap) {
      await opts.confirm?.(conn);
      const made = await conn.client.bootstrap({});
      bootstrap = { ...(made.email ? { email: made.email } : {}), ...(made.resourceSuffix ? { resourceSuffix: made.resourceSuffix } : {}) };
    }
    // A pull that throws does so before it writes a file (the lists come first).
    const report = await pull({ dir, client: conn.client, target: conn.target.name, env: opts.env });
    return { init, target: conn.target.name, applicationId: conn.client.applicationId, ...(bootstrap ? { bootstrap } : {}), pull: report };
  } catch (err) {
    await conn?.close();
    conn = undefined;
    await undo(dir, init.created, !existed);
    throw err;
  } finally {
    await conn?.close();
  }
}
