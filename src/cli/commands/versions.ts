// `lxp versions`: every version, newest first, with the slugs and domains serving it.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions } from '../options.js';
import type { TargetFlags } from '../shell.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program.command('versions').description('list the versions (newest first) with their description, date, slugs and domains');
  addTargetOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (flags: TargetFlags) => {
    const [{ runCommand }, { readVersionRows }, { formatVersions }] = await Promise.all([
      import('../shell.js'),
      import('../../release/versions.js'),
      import('../../release/format.js'),
    ]);
    exit(
      await runCommand('versions', flags, io, async (sh) => {
        sh.folder();
        const conn = await sh.connect();
        const versions = await readVersionRows(conn.client);
        // On a terminal long cells wrap to its width; piped, nothing is ever cut.
        const width = io.stdout.isTTY ? (io.stdout.columns ?? 80) : undefined;
        return { outcome: 'listed', data: { versions }, output: formatVersions(versions, { width }).split('\n') };
      }),
    );
  });
}
