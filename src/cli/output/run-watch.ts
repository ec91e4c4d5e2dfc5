// The body of `lxp watch` and `lxp dev`, run by the command shell: connect to the target
// (starting the embedded server for `local`, its URL and token file shown), start the watcher
// (and, for dev, the preview fed by the same file events), print one line per event — or one
// JSON object per line with --json, the envelope last — and on SIGINT/SIGTERM send nothing more,
// wait for the answers to the writes in flight, save the state, list what was not sent and exit
// 0. A second signal exits at once (130 / 143), after saving the state synchronously, with the
// interrupted envelope. A signal before the start-up sync has finished (or while it waits for a
// retry) stops it too and exits 130 / 143, as any command still starting: Ctrl-C in the wrong
// folder never deploys.
import path from 'node:path';
import type { DevSignIn, PreviewServer } from '../../preview/server.js';
import { isLoopback } from '../../config/address.js';
import type { SettingsContent } from '../../project/resources/index.js';
import type { Connection } from '../../sync/connection.js';
import { describeError } from '../../sync/describe-error.js';
import { notSent } from '../../sync/results.js';
import { plural } from '../../project/plural.js';
import { readDevelopSettings } from '../../sync/develop-settings.js';
import { EXIT, STOP_SIGNALS, stoppedBy, LxpError, type StopSignal } from '../../sync/errors.js';
import type { WatchEvent } from '../../watch/events.js';
import { formatWatchEvent } from '../../watch/format.js';
import { startWatch, WatchFatalError, type Watcher } from '../../watch/index.js';
import { parseIntFlag } from '../flag-values.js';
import { openBrowser } from '../open-browser.js';
import { stopSignal, type StopBy } from '../io.js';
import type { CommandResult, Shell, TargetFlags } from '../shell.js';

export interface WatchFlags extends TargetFlags {
  debounce?: string;
  /** dev only */
  port?: string;
  host?: string;
  open?: boolean;
}

/** The watcher's client: 2 quick retries per request — watch retries failed pushes itself, forever. */
const WATCH_CLIENT = { retries: 2, backoff: { baseMs: 100, maxMs: 1000 } };

export async function runWatch(mode: 'watch' | 'dev', sh: Shell): Promise<CommandResult> {
  const flags = sh.flags as WatchFlags;
  const { style, errStyle } = sh;
  sh.streamJson();
  const debounceMs = parseIntFlag('--debounce', flags.debounce, 0, 10_000);
  const port = mode === 'dev' ? parseIntFlag('--port', flags.port ?? '0', 0, 65535) : undefined;
  const dir = sh.folder();

  let watcher: Watcher | undefined;
  let pushed = 0;
  // A second signal: the state now, then — as deploy's — the message (with --json the
  // `interrupted` envelope, the stream's last line: a script reading it gets an exit record).
  const stop = stopSignal(sh.io, (signal) => {
    try {
      watcher?.saveStateSync();
    } catch {
      /* exiting anyway */
    }
    const pending = watcher?.unfinished() ?? [];
    sh.interrupted('stopped at once; the state of what finished is saved.', { pushed, pending }, STOP_SIGNALS[signal]);
    process.exit(STOP_SIGNALS[signal]);
  });
  sh.onClose(() => stop.dispose());

  const conn = await sh.connect({ clientOptions: sh.io.clientOptions ?? WATCH_CLIENT, shareLocal: true });
  if (conn.target.protected && !flags.yes) {
    // Never asked (every save would go to it): refused as any command's protected target without --yes is.
    throw new LxpError('not-confirmed', `target "${conn.target.name}" is protected: ${mode} pushes every save to it; pass --yes if you mean it`);
  }
  if (conn.local) {
    // Other clients (curl, losant-rest) can reach develop while this runs; the token itself is never printed.
    const tokenFile = path.relative(sh.io.cwd, conn.local.tokenFile) || conn.local.tokenFile;
    if (sh.json) sh.jsonLine({ type: 'local-api', url: conn.local.url, applicationId: conn.client.applicationId, tokenFile: conn.local.tokenFile });
    else sh.note(errStyle.dim(`Local API: ${conn.local.url} (application ${conn.client.applicationId}; token in ${tokenFile}, removed on exit)`));
  }

  // Ctrl-C or SIGTERM while still starting (connecting, the embedded server): nothing was sent yet, nor will be.
  if (signalled(stop.by)) return stoppedStarting(sh, mode, stop.by, undefined);

  let preview: PreviewServer | undefined;
  if (mode === 'dev') {
    const { startPreview } = await import('../../preview/server.js');
    const application = await conn.client.getApplication().catch(() => undefined); // the preview works without the application's name
    preview = await startPreview({
      dir,
      port,
      host: flags.host ?? '127.0.0.1',
      watch: false,
      ...(application ? { application } : {}),
      undeclaredSettings: developSettingsFor(sh, conn),
      signIn: devSignIn(conn, flags.host ?? '127.0.0.1'),
      onReload: ({ changedFiles, notified, issues }) => {
        if (sh.json) sh.jsonLine({ type: 'reload', files: changedFiles ?? null, notified, issues: issues.length });
      },
    });
    const p = preview;
    sh.onClose(() => p.close().catch(() => undefined));
    // Its URLs are printed (and opened) once the first sync has run or is queued for retry (the
    // target does not answer: the folder is served meanwhile); a refused token stops dev before.
  }

  let closed: Extract<WatchEvent, { type: 'closed' }> | undefined;
  const onEvent = (e: WatchEvent) => {
    if (e.type === 'files' && preview) void preview.reload(e.files);
    if (e.type === 'closed') closed = e;
    if (e.type === 'push') pushed++;
    // Once a signal stopped the start-up sync, what it did not send is not a failure to retry, and
    // the run is not "watching" (close() settles the start-up first): the closing lines say it.
    // The same once a stop after start-up sent nothing more: what was not sent is listed as pending when it closes.
    if (stop.by !== undefined && (e.type === 'retry' || e.type === 'ready' || (e.type === 'failed' && notSent(e.error)))) return;
    if (sh.json) {
      sh.jsonLine(e);
      return;
    }
    const toStdout = e.type === 'push' || e.type === 'ready' || e.type === 'status' || e.type === 'fixed' || e.type === 'closed';
    const line = formatWatchEvent(e, toStdout ? style : errStyle);
    if (!line) return;
    if (line.stream === 'out') sh.print(line.text);
    else sh.problem(line.text);
  };
  if (signalled(stop.by)) return stoppedStarting(sh, mode, stop.by, undefined);
  const w = startWatch({ dir, client: conn.client, target: conn.target.name, onEvent, debounceMs });
  watcher = w;
  sh.onClose(() => w.close().catch(() => undefined));
  // A refused token stops the watcher by itself (its error event is already printed): exit 2.
  const fatal = w.fatal.then((err) => {
    throw err;
  });
  fatal.catch(() => undefined);
  const left = () => ({ pending: closed?.pending ?? [], notPushed: closed?.notPushed ?? [] });
  try {
    const ready = await Promise.race([w.ready.then(() => true), stop.stopped.then(() => false), fatal]);
    if (!ready && signalled(stop.by)) {
      // Stopped during the start-up sync: as deploy's stop, nothing more is sent, the writes in
      // flight get their answers (recorded and saved by close()), and the rest is left for the
      // next watch or deploy — not the whole start-up deploy run to its end, then exit 0.
      await conn.client.stopSending();
      await w.close();
      return stoppedStarting(sh, mode, stop.by, { ...left(), pushed });
    }
    if (ready && preview) {
      printPreview(sh, preview);
      if (flags.open) await openBrowser(preview.rootUrl);
    }
    await Promise.race([stop.stopped, fatal]);
  } catch (err) {
    if (!(err instanceof WatchFatalError)) throw err;
    // Already printed as an error event, and the closing line says what was not pushed.
    await w.close();
    return { outcome: 'error', exitCode: err.exitCode, error: { code: err.code, message: err.message }, data: left() };
  }
  // Stopped while watching: as deploy's stop, nothing more is sent — not the rest of a queued
  // burst (a branch switch's 150 saves) after the user asked to stop. The writes in flight get
  // their answers (recorded and saved by close()); the rest is the closing line's `pending`,
  // left for the next watch or deploy.
  const inFlight = conn.client.sending;
  const by = stop.by as StopBy | undefined; // read again: the checks above narrowed the getter
  if (inFlight > 0 && sh.json) sh.jsonLine({ type: 'stopping', inFlight });
  else if (inFlight > 0) {
    sh.problem(`\nlxp: stopping: waiting for the answer${inFlight === 1 ? '' : 's'} to the ${inFlight === 1 ? 'write' : `${inFlight} writes`} in flight, sending nothing more (${by === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again stops at once)`);
  }
  await conn.client.stopSending();
  await w.close();
  // The start-up sync never finished (the API did not answer: it waited to be tried again): as a
  // stop during it, exit 130 (143) — a 0 would read as "develop has the folder".
  if (signalled(by) && !w.startupSynced) return stoppedStarting(sh, mode, by, { ...left(), pushed });
  return { outcome: 'stopped', exitCode: EXIT.OK, data: left() };
}

const signalled = (by: StopBy | undefined): by is StopSignal => by === 'SIGINT' || by === 'SIGTERM';

/**
 * watch or dev stopped by a signal before it was ready: exit 130 (143), as any command still
 * starting, saying whether the start-up sync ran. `left`: what close() left unpushed, when the
 * start-up sync had begun (its pushes are printed above, one line each, and saved).
 */
function stoppedStarting(sh: Shell, mode: 'watch' | 'dev', signal: StopSignal, left: { pending: string[]; notPushed: unknown[]; pushed: number } | undefined): CommandResult {
  const message = left
    ? `${stoppedBy(signal)} during the start-up sync of lxp ${mode}: nothing more was sent; ${left.pushed ? `the ${plural(left.pushed, 'change', 'changes')} pushed before the stop (the lines above) ${left.pushed === 1 ? 'is' : 'are'} saved, and the rest of` : 'nothing was pushed:'} the folder's differences with develop ${left.pushed ? 'are' : 'are all'} left for the next lxp watch or lxp deploy (lxp status lists them)`
    : `${stoppedBy(signal)} while lxp ${mode} was starting: the start-up sync did not run, nothing was pushed (lxp status lists the folder's differences with develop)`;
  if (!sh.json) sh.problem(`lxp: ${message}`);
  return { outcome: 'interrupted', exitCode: STOP_SIGNALS[signal], error: { code: 'interrupted', message }, data: left ? { pending: left.pending, notPushed: left.notPushed, pushed: left.pushed } : { pending: [], notPushed: [], pushed: 0 } };
}

/**
 * develop's settings for the preview while experience.yaml declares none (deploy leaves develop's
 * alone, so they are the ones develop will serve). When they cannot be read, the experience is
 * served with the platform's defaults, and that is said — once per distinct reason, again after
 * a successful read.
 */
function developSettingsFor(sh: Shell, conn: Pick<Connection, 'client' | 'target'>): () => Promise<SettingsContent | undefined> {
  let told: string | undefined;
  return async () => {
    try {
      const settings = await readDevelopSettings(conn.client);
      told = undefined;
      return settings;
    } catch (err) {
      const why = describeError(err).message;
      if (why !== told) {
        told = why;
        const message = `experience.yaml declares no settings, and develop's (target "${conn.target.name}") could not be read: ${why} — the experience is served with the platform's defaults (no globals, replies or response headers) until they can be read (at the next save) or experience.yaml declares settings`;
        if (sh.json) sh.jsonLine({ type: 'settings-unavailable', message });
        else sh.problem(`lxp: ${message}`);
      }
      return undefined;
    }
  };
}

/**
 * Who may sign in at /~lxp/sign-in while `lxp dev` runs: the local target's experience users (the
 * embedded server's); for a remote target nobody — lxp never signs in to a remote application, so
 * visitors are anonymous.
 */
export function devSignIn(conn: Pick<Connection, 'localUsers' | 'local' | 'client' | 'target'>, host: string): DevSignIn {
  if (conn.localUsers && !isLoopback(host)) {
    return { unavailable: `lxp dev listens on ${host}, which other machines may reach, and whoever reaches the sign-in could sign in as anyone: it is served on a loopback address only (the default --host 127.0.0.1). Visitors are anonymous.` };
  }
  if (conn.localUsers) {
    return {
      users: conn.localUsers,
      where: 'lxp dev, local target',
      noUsers: `<p>The local application has no experience users yet. In another terminal, in this folder: <code>lxp users add ada@example.com --group NAME</code> (it asks for a password), or <code>lxp users import users.csv</code> for a file of them (see docs/commands.md); they appear here at once.</p>`,
    };
  }
  return {
    unavailable: `the target "${conn.target.name}" is a remote application, and lxp never offers a sign-in for one: visitors are anonymous, so endpoints with authenticated, group or device access answer with their unauthorized reply. Run lxp dev with --target local to sign in as the local server's users.`,
  };
}

/** The URLs of the experience (its root route) and of lxp's index, one line each (or one JSON line). */
export function printPreview(sh: Shell, preview: PreviewServer): void {
  const note = preview.rootNote();
  if (sh.json) {
    sh.jsonLine({ type: 'preview', url: preview.url, rootUrl: preview.rootUrl, indexUrl: preview.indexUrl, ...(note ? { note } : {}) });
    return;
  }
  sh.print(`Experience: ${sh.style.cyan(preview.rootUrl)}${note ? sh.style.dim(` (${note})`) : ''}`);
  sh.print(`Index:      ${sh.style.cyan(preview.indexUrl)}${sh.style.dim(' (endpoints, pages, sign-in)')}`);
}
