// `lxp watch`: keep develop in step with the folder — deploy differences at start, then push
// every save (adds, edits, deletes, renames). The work lives in src/watch/ (loaded on run).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions, addYesOption } from '../options.js';
import type { WatchFlags } from '../output/run-watch.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program.command('watch').description('deploy the folder, then push every saved change to develop until Ctrl-C');
  addTargetOptions(cmd);
  addOutputOptions(cmd, 'one JSON object per line for each event on stdout, the result envelope last');
  cmd.option('--debounce <ms>', 'quiet time that ends a burst of saves', '50');
  addYesOption(cmd, 'allow watching a protected target');
  cmd.action(async (flags: WatchFlags) => {
    const [{ runCommand }, { runWatch }] = await Promise.all([import('../shell.js'), import('../output/run-watch.js')]);
    exit(await runCommand('watch', flags, io, (sh) => runWatch('watch', sh)));
  });
}
