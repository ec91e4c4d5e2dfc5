// The flags of the sync commands, declared once. No heavy imports here: command modules load
// this at start-up, and the sync engine only inside their actions.
import type { Command } from 'commander';

export type SyncFlagSet = 'status' | 'diff' | 'deploy' | 'pull';

export function addSyncOptions(cmd: Command, which: SyncFlagSet): Command {
  cmd
    .argument('[paths...]', 'files, folders or globs narrowing the command to part of the folder')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json (default: defaultTarget, else the environment, else local)')
    .option('--json', 'one JSON document on stdout: the plan and each change’s outcome')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'print every request (method, path, status, time)');
  if (which === 'status' || which === 'diff') {
    cmd.option('--exit-code', 'exit 1 when anything differs (CI drift check)');
  }
  if (which === 'deploy' || which === 'pull') {
    cmd
      .option('--dry-run', 'print the plan; send and write nothing')
      .option('--force', which === 'deploy' ? 'take the folder’s side in conflicts and over remote changes' : 'take the remote’s side over local changes and conflicts')
      .option('--prune', which === 'deploy' ? 'also delete remote views this folder never had (hand-made ones too)' : 'also delete files of views never deployed')
      .option('--concurrency <n>', 'requests in flight at once (default: lxp.config.json "concurrency", else 8)');
  }
  if (which === 'deploy') cmd.option('-y, --yes', 'do not ask (needed for a protected target without a terminal)');
  return cmd;
}
