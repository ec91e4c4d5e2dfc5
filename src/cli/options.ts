// Flags shared by commands, declared once, and the one parser of integer flags. No heavy
// imports here: command modules load this at start-up, the engines only inside their actions.
import type { Command } from 'commander';

/** --dir and --target: which folder, which application. */
export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--dir <dir>', 'experience folder (default: the nearest folder with lxp.config.json, here or above)')
    .option('--target <name>', 'target from lxp.config.json (default: defaultTarget, else the environment, else local)');
}

/** --json, --quiet, --verbose: every command that talks to an application has them. */
export function addOutputOptions(cmd: Command, json = 'one JSON document on stdout (also on failure)'): Command {
  return cmd
    .option('--json', json)
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'also print the folder used and every request (method, path, status, time), on stderr');
}

/** --yes for commands that ask before changing a protected target. */
export function addYesOption(cmd: Command, what = 'do not ask (needed for a protected target without a terminal)'): Command {
  return cmd.option('-y, --yes', what);
}

/** Collects a repeatable option's values. */
export const collect = (value: string, all: string[]): string[] => [...all, value];

/** --concurrency <n>: requests in flight at once, "auto" or a number. */
export function addConcurrencyOption(cmd: Command, what = 'requests in flight at once'): Command {
  return cmd.option('--concurrency <n>', `${what}: "auto" (adapts, from 8 up to 64) or 1–64 (default: lxp.config.json "concurrency", else auto)`);
}

export type SyncFlagSet = 'status' | 'diff' | 'deploy' | 'pull';

/** The flags of status, diff, deploy and pull. */
export function addSyncOptions(cmd: Command, which: SyncFlagSet): Command {
  cmd.argument('[paths...]', 'files, folders or globs narrowing the command to part of the folder');
  addTargetOptions(cmd);
  addOutputOptions(cmd, 'one JSON document on stdout: the plan and each change’s outcome');
  if (which === 'status' || which === 'deploy') {
    cmd.option('--strict', 'unknown components and helpers are errors (exit 2, nothing sent), not warnings (default: lxp.config.json "strict")');
  }
  if (which === 'status' || which === 'diff') {
    cmd.option('--exit-code', 'exit 1 when anything differs (CI drift check)');
  }
  if (which === 'deploy' || which === 'pull') {
    cmd
      .option('--dry-run', 'print the plan; send and write nothing')
      .option('--force', which === 'deploy' ? 'take the folder’s side in conflicts and over remote changes' : 'take the remote’s side over local changes and conflicts')
      .option(
        '--prune',
        which === 'deploy'
          ? 'also delete what develop has and the folder does not: views, endpoints and groups made by hand, groups with users, and the slugs and domains experience.yaml does not list'
          : 'also remove what the folder has and develop does not: files of views and entries of endpoints.yaml, groups.yaml and experience.yaml never deployed',
      );
    addConcurrencyOption(cmd, which === 'deploy' ? 'requests in flight at once' : 'files written at once');
  }
  if (which === 'deploy') addYesOption(cmd);
  return cmd;
}
