// The shell of `lxp watch` and `lxp dev`: check the flags, connect to the target (starting the
// embedded server for `local`), start the watcher (and, for dev, the preview fed by the same
// file events), print one line per event — or one JSON object per line with --json — and on
// SIGINT/SIGTERM finish what is in flight, save the state and exit 0. A second signal exits at
// once (130), after saving the state synchronously.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from '../../config/index.js';
import { EXIT, UsageError } from '../../sync/errors.js';
import { connect, type Connection } from '../../sync/connection.js';
import { createStyle, useColor } from './style.js';
import type { PreviewServer } from '../../render/preview-server.js';
import { StateError } from '../../sync/state.js';
import type { WatchEvent } from '../../watch/events.js';
import { formatWatchEvent } from '../../watch/format.js';
import { startWatch, WatchFatalError, type Watcher } from '../../watch/index.js';

export interface WatchFlags {
  dir?: string;
  target?: string;
  json?: boolean;
  debounce?: string;
  yes?: boolean;
  /** dev only */
  port?: string;
  host?: string;
}

export interface WatchIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Resolves when the command should stop (default: SIGINT or SIGTERM). */
  stopSignal?: Promise<void>;
}

function parseNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

/** Resolves on the first SIGINT/SIGTERM; a second one saves the state synchronously and exits 130. */
function signals(onForce: () => void): { stopped: Promise<void>; dispose(): void } {
  let count = 0;
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => (resolve = r));
  const handler = () => {
    count++;
    if (count === 1) resolve();
    else onForce();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

export async function runWatchCommand(mode: 'watch' | 'dev', flags: WatchFlags, ioIn: Partial<WatchIO> = {}): Promise<number> {
  const io: WatchIO = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), ...ioIn };
  const json = !!flags.json;
  const outStyle = createStyle(!json && useColor(!!io.stdout.isTTY, io.env));
  const errStyle = createStyle(!json && useColor(!!io.stderr.isTTY, io.env));
  let secrets: string[] = [];
  const safe = (s: string) => redactSecrets(s, secrets);
  const write = (stream: 'out' | 'err', text: string) => (stream === 'out' ? io.stdout : io.stderr).write(`${safe(text)}\n`);
  const jsonLine = (obj: Record<string, unknown>) => io.stdout.write(`${safe(JSON.stringify(obj))}\n`);

  let conn: Connection | undefined;
  let watcher: Watcher | undefined;
  let preview: PreviewServer | undefined;
  const sig = ioIn.stopSignal
    ? { stopped: ioIn.stopSignal, dispose() {} }
    : signals(() => {
        try {
          watcher?.saveStateSync();
        } catch {
          /* exiting anyway */
        }
        io.stderr.write('\nlxp: stopped at once; the state of what finished is saved.\n');
        process.exit(130);
      });
  try {
    const debounceMs = parseNumber('--debounce', flags.debounce, 0, 10_000);
    const port = mode === 'dev' ? parseNumber('--port', flags.port ?? '0', 0, 65535) : undefined;
    const dir = path.resolve(io.cwd, flags.dir ?? '.');
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new UsageError(`--dir ${flags.dir ?? '.'}: no such folder`);

    conn = await connect({
      dir,
      target: flags.target,
      env: io.env,
      say: json ? undefined : (line) => write('err', errStyle.dim(line)),
      clientOptions: { retries: 2, backoff: { baseMs: 100, maxMs: 1000 } },
    });
    secrets = conn.secrets;
    if (conn.target.protected && !flags.yes) {
      throw new UsageError(`target "${conn.target.name}" is protected: watch pushes every save to it; pass --yes if you mean it`);
    }

    if (mode === 'dev') {
      const { startPreview } = await import('../../render/preview-server.js');
      let application: { id: string; name: string } | undefined;
      try {
        application = await conn.client.getApplication();
      } catch {
        application = undefined; // the preview works without the application's name
      }
      preview = await startPreview({
        dir,
        port,
        host: flags.host ?? '127.0.0.1',
        watch: false,
        ...(application ? { application } : {}),
        onReload: ({ changedFiles, notified }) => {
          if (json) jsonLine({ type: 'reload', files: changedFiles ?? null, notified });
        },
      });
      if (json) jsonLine({ type: 'preview', url: preview.url });
      else write('out', `Preview: ${outStyle.cyan(preview.url)}`);
    }

    const onEvent = (e: WatchEvent) => {
      if (e.type === 'files' && preview) void preview.reload(e.files);
      if (json) {
        jsonLine(e as unknown as Record<string, unknown>);
        return;
      }
      const line = formatWatchEvent(e, e.type === 'push' || e.type === 'ready' || e.type === 'status' || e.type === 'fixed' || e.type === 'closed' ? outStyle : errStyle);
      if (line) write(line.stream, line.text);
    };
    watcher = startWatch({ dir, client: conn.client, target: conn.target.name, onEvent, debounceMs });
    // A refused token stops the watcher by itself (its error event is already printed): exit 2.
    const fatal = watcher.fatal.then((err) => {
      throw err;
    });
    fatal.catch(() => undefined);
    await Promise.race([watcher.ready, sig.stopped, fatal]);
    await Promise.race([sig.stopped, fatal]);
    await watcher.close();
    return EXIT.OK;
  } catch (e) {
    const err = e as Error & { exitCode?: number };
    if (err instanceof WatchFatalError) {
      // Already reported as an error event; only the JSON stream gets its fatal line.
      if (json) jsonLine({ type: 'fatal', message: err.message, exitCode: EXIT.INVALID });
      return EXIT.INVALID;
    }
    // A corrupt .lxp/state.json is bad input, as for deploy: exit 2.
    const code = typeof err.exitCode === 'number' ? err.exitCode : err instanceof StateError ? EXIT.INVALID : EXIT.FAILED;
    if (json) jsonLine({ type: 'fatal', message: err.message, exitCode: code });
    else write('err', `${errStyle.red('lxp:')} ${err.message}`);
    return code;
  } finally {
    sig.dispose();
    await watcher?.close().catch(() => undefined);
    await preview?.close().catch(() => undefined);
    await conn?.close().catch(() => undefined);
  }
}
