// `lxp watch`: keep develop in step with the folder — deploy differences at start, then push
// every save (adds, edits, deletes, renames). The work lives in src/watch/ (loaded on run).
import type { Command } from 'commander';
import type { WatchFlags, WatchIO } from '../output/run-watch.js';

/** Runs `lxp watch` in-process until io.stopSignal (or SIGINT/SIGTERM); returns the exit code. */
export async function runWatch(flags: WatchFlags, io?: Partial<WatchIO>): Promise<number> {
  const { runWatchCommand } = await import('../output/run-watch.js');
  return runWatchCommand('watch', flags, io);
}

export function define(program: Command): void {
  program
    .command('watch')
    .description('deploy the folder, then push every saved change to develop until Ctrl-C')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json (default: defaultTarget, else the environment, else local)')
    .option('--json', 'one JSON object per line for each event, on stdout')
    .option('--debounce <ms>', 'quiet time that ends a burst of saves', '50')
    .option('-y, --yes', 'allow watching a protected target')
    .action(async (flags: WatchFlags) => {
      process.exitCode = await runWatch(flags);
    });
}
