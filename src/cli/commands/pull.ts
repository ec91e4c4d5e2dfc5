// `lxp pull [paths…]`: bring the folder to develop: write, update and delete view files.
// Flags in ../options.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addSyncOptions } from '../options.js';
import type { SyncFlags } from '../output/run-sync.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  addSyncOptions(program.command('pull').description('bring the folder to develop: write, update and delete view files, and the entries of endpoints.yaml, groups.yaml and experience.yaml'), 'pull').action(async (paths: string[], flags: SyncFlags) => {
    const [{ runCommand }, { runSync }] = await Promise.all([import('../shell.js'), import('../output/run-sync.js')]);
    exit(await runCommand('pull', flags, io, (sh) => runSync('pull', paths, sh)));
  });
}
