// `lxp deploy [paths…]`: bring develop to the folder: print the plan, then apply it.
// Flags in ../options.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addSyncOptions } from '../options.js';
import type { SyncFlags } from '../output/run-sync.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  addSyncOptions(program.command('deploy').description('bring develop to the folder: print the plan, then apply it'), 'deploy').action(async (paths: string[], flags: SyncFlags) => {
    const [{ runCommand }, { runSync }] = await Promise.all([import('../shell.js'), import('../output/run-sync.js')]);
    exit(await runCommand('deploy', flags, io, (sh) => runSync('deploy', paths, sh)));
  });
}
