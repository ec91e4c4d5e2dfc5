// `lxp diff [paths…]`: unified diff of bodies and metadata, remote (develop) against the folder.
// Flags in ../options.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addSyncOptions } from '../options.js';
import type { SyncFlags } from '../output/run-sync.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  addSyncOptions(program.command('diff').description('unified diff of bodies and metadata, remote (develop) against the folder'), 'diff').action(async (paths: string[], flags: SyncFlags) => {
    const [{ runCommand }, { runSync }] = await Promise.all([import('../shell.js'), import('../output/run-sync.js')]);
    exit(await runCommand('diff', flags, io, (sh) => runSync('diff', paths, sh)));
  });
}
