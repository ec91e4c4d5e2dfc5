// `lxp status [paths…]`: what differs between the folder and develop — views, endpoints, groups, settings, slugs and domains (three-way: folder, remote, last sync).
// Flags in ../options.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addSyncOptions } from '../options.js';
import type { SyncFlags } from '../output/run-sync.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  addSyncOptions(program.command('status').description('what differs between the folder and develop — views, endpoints, groups, settings, slugs and domains (three-way: folder, remote, last sync)'), 'status').action(async (paths: string[], flags: SyncFlags) => {
    const [{ runCommand }, { runSync }] = await Promise.all([import('../shell.js'), import('../output/run-sync.js')]);
    exit(await runCommand('status', flags, io, (sh) => runSync('status', paths, sh)));
  });
}
