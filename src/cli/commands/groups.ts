// `lxp groups list`: the application's experience groups as a tree, with user counts. The body:
// ../output/run-users.ts; the work: src/people/.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions } from '../options.js';
import type { TargetFlags } from '../shell.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const groups = program.command('groups').description('experience groups: the tree, with user counts');
  const list = groups.command('list').description('the group tree, each group with its users (and with those of the groups below it)');
  addTargetOptions(list);
  addOutputOptions(list);
  list.action(async (flags: TargetFlags) => {
    const [{ runCommand }, { runGroupsList }] = await Promise.all([import('../shell.js'), import('../output/run-users.js')]);
    exit(await runCommand('groups list', flags, io, (sh) => runGroupsList(sh)));
  });
}
