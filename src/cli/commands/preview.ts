// `lxp preview`: serve the folder's pages rendered as Losant renders them, with live reload.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';

interface PreviewFlags {
  dir?: string;
  port: string;
  host: string;
  open?: boolean;
}

/** Opens the URL in the system browser; failure to do so is not an error. */
async function openBrowser(url: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    /* no browser: the URL is printed anyway */
  }
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  program
    .command('preview')
    .description('serve the experience from the folder at its routes, rendered as Losant renders it, re-rendering on save')
    .option('--dir <dir>', 'experience folder (default: the nearest folder with lxp.config.json, here or above)')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--open', 'open the experience (its root route) in the browser')
    .action(async (flags: PreviewFlags) => {
      const [{ runCommand }, { parseIntFlag }, { stopSignal }, { startPreview }, { printPreview }] = await Promise.all([
        import('../shell.js'),
        import('../flag-values.js'),
        import('../io.js'),
        import('../../preview/server.js'),
        import('../output/run-watch.js'),
      ]);
      exit(
        await runCommand('preview', { dir: flags.dir }, io, async (sh) => {
          const port = parseIntFlag('--port', flags.port, 0, 65535);
          const dir = sh.folder();
          const server = await startPreview({
            dir,
            port,
            host: flags.host,
            onReload: ({ changedFiles, notified, issues }) => {
              const what = changedFiles?.join(', ') ?? 'all files';
              const pages = `${notified} open page${notified === 1 ? '' : 's'} re-rendered`;
              sh.print(`changed ${what}: ${pages}${issues.length ? `, ${issues.length} validation issue${issues.length === 1 ? '' : 's'}` : ''}`);
            },
          });
          sh.onClose(() => server.close());
          printPreview(sh, server);
          if (flags.open) await openBrowser(server.rootUrl);
          const stop = stopSignal(io, () => process.exit(130));
          await stop.stopped;
          stop.dispose();
          return { outcome: 'stopped' };
        }),
      );
    });
}
