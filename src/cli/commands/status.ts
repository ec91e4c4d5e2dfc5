// `lxp status [paths…]`: each view that differs between the folder and develop (three-way: folder, remote, last sync).
// Flags in ../output/flags.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import { addSyncOptions } from '../output/flags.js';
import type { CliIO, SyncFlags } from '../output/run-sync.js';

/** Runs `lxp status` in-process and returns its exit code (tests use this). */
export async function runStatus(paths: string[], flags: SyncFlags, io?: Partial<CliIO>): Promise<number> {
  const { runSyncCommand } = await import('../output/run-sync.js');
  return runSyncCommand('status', paths, flags, io);
}

export function define(program: Command): void {
  addSyncOptions(program.command('status').description('each view that differs between the folder and develop (three-way: folder, remote, last sync)'), 'status').action(async (paths: string[], flags: SyncFlags) => {
    process.exitCode = await runStatus(paths, flags);
  });
}
