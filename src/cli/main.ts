// Entry point of the `lxp` binary. Kept small on purpose: each command lives in
// src/cli/commands/<name>.ts, declares its flags with commander and loads its heavy code
// (sync engine, watcher, renderer, server) with a dynamic import inside its action, so
// `lxp --version` and `lxp status` do not pay for code they do not run.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { EXIT } from '../sync/errors.js';

/** Command modules, in the order `lxp --help` lists them. Each exports `define(program)`. */
const COMMANDS = [
  'init',
  'status',
  'diff',
  'deploy',
  'pull',
  'watch',
  'preview',
  'dev',
  'release',
  'versions',
  'promote',
  'restore',
  'server',
] as const;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return pkg.version as string;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('lxp')
    .description('Losant Experiences as code')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError();
  for (const name of COMMANDS) {
    let mod: { define(program: Command): void };
    try {
      mod = await import(`./commands/${name}.js`);
    } catch (err) {
      // A command whose module is not built yet is simply absent from this build.
      if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
      throw err;
    }
    mod.define(program);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with exit 2.
      process.exitCode = err.exitCode === 0 ? EXIT.OK : EXIT.INVALID;
      return;
    }
    const e = err as Error & { exitCode?: number };
    process.stderr.write(`lxp: ${e.message}\n`);
    process.exitCode = typeof e.exitCode === 'number' ? e.exitCode : EXIT.FAILED;
  }
}
