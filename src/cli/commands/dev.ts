// `lxp dev`: `lxp watch` and `lxp preview` in one process and one output stream: every save
// re-renders the open preview page at once and is pushed to develop. With the local target the
// embedded Experience server runs in the same process. The work lives in src/watch/ (loaded on run).
import type { Command } from 'commander';
import type { WatchFlags, WatchIO } from '../output/run-watch.js';

/** Runs `lxp dev` in-process until io.stopSignal (or SIGINT/SIGTERM); returns the exit code. */
export async function runDev(flags: WatchFlags, io?: Partial<WatchIO>): Promise<number> {
  const { runWatchCommand } = await import('../output/run-watch.js');
  return runWatchCommand('dev', flags, io);
}

export function define(program: Command): void {
  program
    .command('dev')
    .description('watch + preview: push every save to develop and re-render the local preview')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json (default: defaultTarget, else the environment, else local)')
    .option('--port <port>', 'preview port (0 = any free port)', '0')
    .option('--host <host>', 'preview address', '127.0.0.1')
    .option('--json', 'one JSON object per line for each event, on stdout')
    .option('--debounce <ms>', 'quiet time that ends a burst of saves', '50')
    .option('-y, --yes', 'allow watching a protected target')
    .action(async (flags: WatchFlags) => {
      process.exitCode = await runDev(flags);
    });
}
