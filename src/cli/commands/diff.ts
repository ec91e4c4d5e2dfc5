// `lxp diff [paths…]`: unified diff of bodies and metadata, remote (develop) against the folder.
// Flags in ../output/flags.ts; the work in ../output/run-sync.ts (loaded only when the command runs).
import type { Command } from 'commander';
import { addSyncOptions } from '../output/flags.js';
import type { CliIO, SyncFlags } from '../output/run-sync.js';

/** Runs `lxp diff` in-process and returns its exit code (tests use this). */
export async function runDiff(paths: string[], flags: SyncFlags, io?: Partial<CliIO>): Promise<number> {
  const { runSyncCommand } = await import('../output/run-sync.js');
  return runSyncCommand('diff', paths, flags, io);
}

export function define(program: Command): void {
  addSyncOptions(program.command('diff').description('unified diff of bodies and metadata, remote (develop) against the folder'), 'diff').action(async (paths: string[], flags: SyncFlags) => {
    process.exitCode = await runDiff(paths, flags);
  });
}
