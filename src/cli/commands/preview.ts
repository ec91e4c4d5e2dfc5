// `lxp preview`: serve the folder's pages rendered as Losant renders them, with live reload.
import type { Command } from 'commander';
import { UsageError } from '../../sync/errors.js';

interface PreviewFlags {
  dir: string;
  port: string;
  host: string;
  open?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${value}")`);
  return port;
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

export function define(program: Command): void {
  program
    .command('preview')
    .description('serve the pages locally, rendered as Losant renders them, re-rendering on save')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--open', 'open the index page in the browser')
    .action(async (flags: PreviewFlags) => {
      const port = parsePort(flags.port);
      const [{ startPreview }, { existsSync }, path] = await Promise.all([
        import('../../render/preview-server.js'),
        import('node:fs'),
        import('node:path'),
      ]);
      if (!existsSync(flags.dir)) throw new UsageError(`--dir ${flags.dir}: no such folder`);
      const server = await startPreview({
        dir: path.resolve(flags.dir),
        port,
        host: flags.host,
        onReload: ({ changedFiles, notified, issues }) => {
          const what = changedFiles?.join(', ') ?? 'all files';
          process.stdout.write(`changed ${what}: ${notified} open page(s) re-rendered${issues.length ? `, ${issues.length} validation issue(s)` : ''}\n`);
        },
      });
      process.stdout.write(`Preview: ${server.url}\n`);
      if (flags.open) await openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
