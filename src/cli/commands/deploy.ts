// `lxp deploy [paths…]`: bring develop to the folder: print the plan, then apply it.
// Flags in ../output/flags.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import { addSyncOptions } from '../output/flags.js';
import type { CliIO, SyncFlags } from '../output/run-sync.js';

/** Runs `lxp deploy` in-process and returns its exit code (tests use this). */
export async function runDeploy(paths: string[], flags: SyncFlags, io?: Partial<CliIO>): Promise<number> {
  const { runSyncCommand } = await import('../output/run-sync.js');
  return runSyncCommand('deploy', paths, flags, io);
}

export function define(program: Command): void {
  addSyncOptions(program.command('deploy').description('bring develop to the folder: print the plan, then apply it'), 'deploy').action(async (paths: string[], flags: SyncFlags) => {
    process.exitCode = await runDeploy(paths, flags);
  });
}
