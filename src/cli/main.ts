// Entry point of the `lxp` binary. Kept small on purpose: each command lives in
// src/cli/commands/<name>.ts, declares its flags with commander and loads its heavy code
// (sync engine, watcher, renderer, server) with a dynamic import inside its action, so
// `lxp --version` and `lxp status` do not pay for code they do not run. runCli() takes the
// command line and the I/O, so tests run any command in-process exactly as the binary does.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { earlyStopAnswer, EXIT, STOP_SIGNALS, type StopSignal } from '../sync/errors.js';
import { flagTakenAsValue } from './flag-as-value.js';
import { processIO, type CommandIO } from './io.js';

interface CommandModule {
  define(program: Command, io: CommandIO, exit: (code: number) => void): void;
}

/** Command modules, in the order `lxp --help` lists them. Each exports `define(program, io, exit)`. */
export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  import: () => import('./commands/import.js'),
  status: () => import('./commands/status.js'),
  diff: () => import('./commands/diff.js'),
  deploy: () => import('./commands/deploy.js'),
  pull: () => import('./commands/pull.js'),
  watch: () => import('./commands/watch.js'),
  preview: () => import('./commands/preview.js'),
  dev: () => import('./commands/dev.js'),
  release: () => import('./commands/release.js'),
  versions: () => import('./commands/versions.js'),
  promote: () => import('./commands/promote.js'),
  restore: () => import('./commands/restore.js'),
  users: () => import('./commands/users.js'),
  groups: () => import('./commands/groups.js'),
  server: () => import('./commands/server.js'),
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return pkg.version as string;
}

/** The program with every command defined, writing through `io`. */
export async function buildProgram(io: CommandIO, onExitCode: (code: number) => void, commands = COMMANDS): Promise<Command> {
  const program = new Command('lxp')
    .description('Losant Experiences as code')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .showHelpAfterError();
  // A module that does not load is a broken build: an error, never a silently missing command.
  const modules = await Promise.all(Object.values(commands).map((load) => load()));
  for (const mod of modules) mod.define(program, io, onExitCode);
  return program;
}

/**
 * The commands a command line needs defined. A line that starts with a command's name runs that
 * command and nothing else: its module alone is loaded (every other one costs the start a chunk,
 * and some their helpers: ~15–20 ms of CPU). `--version` alone needs none. Anything else — no
 * command, an option first (`--help deploy` lists every command), `help`, a typo that commander
 * answers with a suggestion — gets them all, so help and errors read as they always have.
 */
export function commandsFor(args: readonly string[], commands = COMMANDS): Record<string, () => Promise<CommandModule>> {
  const first = args[0];
  if (first !== undefined && Object.hasOwn(commands, first)) return { [first]: commands[first] };
  if (args.length === 1 && (first === '--version' || first === '-V')) return {};
  return commands;
}

/** Runs `lxp <args…>` and returns the exit code (`commands`: those to define, see commandsFor). */
export async function runCli(args: string[], io: CommandIO, commands = commandsFor(args)): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = await buildProgram(io, (code) => (exitCode = code), commands);
  built = program;
  // With --json a usage mistake prints the one envelope (below) and nothing else, as every other
  // failure does: not commander's "error: …" line and help text on stderr too.
  if (args.includes('--json')) quietUsageErrors(program);
  // A flag taken as the value of the flag before it is the value left out (./flag-as-value.ts).
  program.hook('preAction', (_program, action) => {
    const problem = flagTakenAsValue(action, args);
    if (problem) action.error(`error: ${problem}`, { exitCode: EXIT.INVALID, code: 'lxp.flagAsValue' });
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with exit 2 (commander printed why).
      if (err.exitCode === 0) return EXIT.OK;
      if (args.includes('--json')) {
        const { usageEnvelope } = await import('./shell.js');
        io.stdout.write(`${JSON.stringify(usageEnvelope(commandName(args, commandTree(program)), oneLine(err.message)), null, 2)}\n`);
      }
      return EXIT.INVALID;
    }
    throw err;
  }
}

export async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  // Ctrl-C while no command has its own answer to it (start-up, status, release, users add…):
  // still exit 130 with a line — or, with --json, the one envelope, so a script reading stdout
  // gets a document. Commands that say more (deploy, pull, users import, watch, dev, server)
  // install their own handler, and this one then stays silent.
  // SIGTERM (a cancelled CI job, `timeout`, `docker stop`) alike, with its own exit code (143).
  const early = (signal: StopSignal) => {
    // bin/lxp.js's listener while starting (marked) does not count: it defers to this one.
    if (process.listeners(signal).filter((l) => !(l as { lxpWhileStarting?: boolean }).lxpWhileStarting).length > 1) return;
    // The words bin/lxp.js answers with while lxp loads: one function (../sync/stop-signals.cts).
    const answer = earlyStopAnswer(signal, args.includes('--json'), commandName(args, built ? commandTree(built) : undefined));
    process[answer.stream].write(answer.text);
    process.exit(answer.exitCode);
  };
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) process.on(signal, early);
  process.exitCode = await runCli(args, processIO());
}

/** Commander's message as the envelope's one line: "unknown command 'deplyo'\n(Did you mean deploy?)" → "… (Did you mean deploy?)". */
function oneLine(message: string): string {
  return message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}

/** Every command of the tree writes nothing of its own to stderr (its errors, the help after them). */
function quietUsageErrors(cmd: Command): void {
  cmd.configureOutput({ writeErr: () => {} });
  for (const sub of cmd.commands) quietUsageErrors(sub);
}

/** The command an envelope names for these arguments, before the program is built (bin/lxp.js's answer to a stop while starting). */
export function commandNameOf(args: string[]): string {
  return commandName(args);
}

/** The program of this process once built: Ctrl-C's early answer names commands by it too. */
let built: Command | undefined;

/** Each command's subcommands, by name (`users` → list, add, …). */
function commandTree(program: Command): Record<string, string[]> {
  return Object.fromEntries(program.commands.map((c) => [c.name(), c.commands.map((sub) => sub.name())]));
}

/**
 * "deploy", "users import"… from the command line, as every envelope names it: the first word
 * that is a command, and the next word when it is one of that command's subcommands. Before the
 * program is built (a Ctrl-C while starting) only the top-level names are known.
 */
function commandName(args: string[], tree: Record<string, string[]> = Object.fromEntries(Object.keys(COMMANDS).map((c) => [c, []]))): string {
  const words = args.filter((a) => !a.startsWith('-'));
  const i = words.findIndex((w) => Object.hasOwn(tree, w));
  if (i < 0) return 'lxp';
  const top = words[i];
  const next = words[i + 1];
  return next !== undefined && tree[top].includes(next) ? `${top} ${next}` : top;
}
