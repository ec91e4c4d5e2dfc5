// `lxp users list|add|remove|set-password|import`: the application's experience users from the
// terminal. Flags here; the bodies in ../output/run-users.ts, the work in src/people/ (loaded
// only when a command runs). Passwords come from a hidden prompt or --password-stdin, never
// from a flag (../password.ts).
import { Option, type Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addConcurrencyOption, addOutputOptions, addTargetOptions, addYesOption, collect } from '../options.js';
import type { AddFlags, ImportFlags, ListFlags, WriteFlags } from '../output/run-users.js';
import type { CommandResult, Shell, TargetFlags } from '../shell.js';

/** --password-stdin, and a hidden --password that exists only to refuse a password given as a flag. */
function addPasswordOptions(cmd: Command): Command {
  return cmd
    .option('--password-stdin', 'read the password from stdin (one line) instead of asking for it')
    .addOption(new Option('--password <password>').hideHelp());
}

/** --dry-run, --yes, the target and the output flags of every command that changes users. */
function addWriteOptions(cmd: Command, dryRun = 'check and show what would change; change nothing'): Command {
  cmd.option('--dry-run', dryRun);
  addYesOption(cmd);
  addTargetOptions(cmd);
  return addOutputOptions(cmd);
}

type Bodies = typeof import('../output/run-users.js');

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  /** Runs `lxp users <name>` through the one command shell. */
  const run = (name: string, flags: TargetFlags, body: (sh: Shell, bodies: Bodies) => Promise<CommandResult>) => async () => {
    const [{ runCommand }, bodies] = await Promise.all([import('../shell.js'), import('../output/run-users.js')]);
    exit(await runCommand(`users ${name}`, flags, io, (sh) => body(sh, bodies)));
  };

  const users = program.command('users').description('experience users: list, add, remove, set a password, import a CSV');

  const list = users
    .command('list')
    .description('list the experience users (email, name, groups, tags)')
    .option('--group <name>', 'only the users of this group (a name, a path like "Customers/Admins", or an id)')
    .option('--subgroups', 'with --group: also the users of the groups below it')
    .option('--inherited', 'with --group: also the users of the groups above it (Losant counts them as its members)');
  addTargetOptions(list);
  addOutputOptions(list);
  list.action((flags: ListFlags) => run('list', flags, (sh, b) => b.runUsersList(sh, flags))());

  const add = users
    .command('add')
    .description('add an experience user; the password is asked for (hidden), read with --password-stdin, or left unset')
    .argument('<email>', 'the user’s email (unique in the application)')
    .option('--first <name>', 'first name')
    .option('--last <name>', 'last name')
    .option('--group <name>', 'a group to put the user in (repeatable; a name, a path like "Customers/Admins", or an id)', collect, [])
    .option('--tag <key=value>', 'a user tag (repeatable)', collect, []);
  addPasswordOptions(add);
  addWriteOptions(add);
  add.action((email: string, flags: AddFlags) => run('add', flags, (sh, b) => b.runUsersAdd(sh, email, flags))());

  const remove = users.command('remove').description('remove an experience user').argument('<email>', 'the user’s email');
  addWriteOptions(remove);
  remove.action((email: string, flags: WriteFlags) => run('remove', flags, (sh, b) => b.runUsersRemove(sh, email, flags))());

  const setPassword = users
    .command('set-password')
    .description('set an experience user’s password: asked for (hidden) on a terminal, or read with --password-stdin')
    .argument('<email>', 'the user’s email');
  addPasswordOptions(setPassword);
  addWriteOptions(setPassword, 'check that the user exists; ask for nothing, change nothing');
  setPassword.action((email: string, flags: WriteFlags) => run('set-password', flags, (sh, b) => b.runUsersSetPassword(sh, email, flags))());

  const imp = users
    .command('import')
    .description('create and update experience users from a CSV file (columns email, firstName, lastName, groups, password, tag:<key>)')
    .argument('<file>', 'the CSV file (relative to the current folder; - reads stdin)')
    .option('--dry-run', 'check every row and show what would change; change nothing')
    .option('--strict', 'import nothing when any row is bad (exit 2)')
    .option('--reset-passwords', 'also set the password of existing users whose row has one (sent again on every run)');
  addConcurrencyOption(imp, 'users created or updated at once');
  addYesOption(imp);
  addTargetOptions(imp);
  addOutputOptions(imp, 'one JSON document on stdout: the summary, every problem by line, and each row’s outcome');
  imp.action((file: string, flags: ImportFlags) => run('import', flags, (sh, b) => b.runUsersImport(sh, file, flags))());
}
