// `lxp pull [paths…]`: bring the folder to develop: write, update and delete view files.
// Flags in ../output/flags.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import { addSyncOptions } from '../output/flags.js';
import type { CliIO, SyncFlags } from '../output/run-sync.js';

/** Runs `lxp pull` in-process and returns its exit code (tests use this). */
export async function runPull(paths: string[], flags: SyncFlags, io?: Partial<CliIO>): Promise<number> {
  const { runSyncCommand } = await import('../output/run-sync.js');
  return runSyncCommand('pull', paths, flags, io);
}

export function define(program: Command): void {
  addSyncOptions(program.command('pull').description('bring the folder to develop: write, update and delete view files'), 'pull').action(async (paths: string[], flags: SyncFlags) => {
    process.exitCode = await runPull(paths, flags);
  });
}
