// `lxp preview`: serve the experience from the folder at its routes (each page alone under
// /~lxp/pages/), rendered as Losant renders it, with live reload. No target, no deploy.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';

interface PreviewFlags {
  dir?: string;
  port: string;
  host: string;
  open?: boolean;
  json?: boolean;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  program
    .command('preview')
    .description('serve the experience from the folder at its routes, rendered as Losant renders it, re-rendering on save')
    .option('--dir <dir>', 'experience folder (default: the nearest folder with lxp.config.json, here or above)')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--open', 'open the experience (its root route) in the browser')
    .option('--json', 'one JSON object per line for each event on stdout (preview, reload), the result envelope last')
    .action(async (flags: PreviewFlags) => {
      const [{ runCommand }, { parseIntFlag }, { stopSignal }, { startPreview }, { printPreview }, { openBrowser }] = await Promise.all([
        import('../shell.js'),
        import('../flag-values.js'),
        import('../io.js'),
        import('../../preview/server.js'),
        import('../output/run-watch.js'),
        import('../open-browser.js'),
      ]);
      exit(
        await runCommand('preview', { dir: flags.dir, json: flags.json }, io, async (sh) => {
          sh.streamJson();
          const port = parseIntFlag('--port', flags.port, 0, 65535);
          const dir = sh.folder();
          const server = await startPreview({
            dir,
            port,
            host: flags.host,
            onReload: ({ changedFiles, notified, issues }) => {
              if (sh.json) return sh.jsonLine({ type: 'reload', files: changedFiles ?? null, notified, issues: issues.length });
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
