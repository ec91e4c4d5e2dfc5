// `lxp dev`: `lxp watch` and `lxp preview` in one process and one output stream: every save
// re-renders the open preview page at once and is pushed to develop. With the local target the
// embedded Experience server runs in the same process (its URL and token file are printed).
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions, addYesOption } from '../options.js';
import type { WatchFlags } from '../output/run-watch.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program.command('dev').description('watch + preview: push every save to develop and serve the experience from the folder at its routes, re-rendering on save');
  addTargetOptions(cmd);
  cmd.option('--port <port>', 'port of the experience and lxp\'s index (0 = any free port)', '0').option('--host <host>', 'address to listen on (the sign-in is served on loopback only)', '127.0.0.1');
  addOutputOptions(cmd, 'one JSON object per line for each event on stdout, the result envelope last');
  cmd.option('--open', 'open the experience (its root route) in the browser');
  cmd.option('--debounce <ms>', 'quiet time that ends a burst of saves', '50');
  addYesOption(cmd, 'allow watching a protected target');
  cmd.action(async (flags: WatchFlags) => {
    const [{ runCommand }, { runWatch }] = await Promise.all([import('../shell.js'), import('../output/run-watch.js')]);
    exit(await runCommand('dev', flags, io, (sh) => runWatch('dev', sh)));
  });
}
