// `lxp import <source>`: an exported application or template (folder or .zip), or an
// official-CLI workspace, becomes an lxp folder. The work: src/import/import.ts.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions } from '../options.js';
import type { OutputFlags } from '../shell.js';

interface ImportFlags extends OutputFlags {
  dir?: string;
  force?: boolean;
  target?: string;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program
    .command('import')
    .description("make an lxp folder from Losant's export of an application or template (a folder or .zip), or from an official-CLI workspace")
    .argument('<source>', 'the exported application (the folder holding experience/, or experience/develop/), a .zip of it, or an official-CLI workspace folder')
    .option('--dir <folder>', 'the folder to write (created when missing; default: the current folder)')
    .option('--force', 'write into a folder that already holds views: add and replace the files the import writes, keep every other file')
    .option('--target <name>', 'official-CLI workspace: read layouts, descriptions, tags and content types from this application');
  addOutputOptions(cmd);
  cmd.action(async (source: string, flags: ImportFlags) => {
    const [{ runCommand }, { importExperience }, { importText }, { importInterruption }] = await Promise.all([
      import('../shell.js'),
      import('../../import/import.js'),
      import('../output/import-text.js'),
      import('../output/setup-interruption.js'),
    ]);
    exit(
      await runCommand('import', flags, io, async (sh) => {
        const dir = flags.dir ?? '.';
        const abs = (await import('node:path')).resolve(io.cwd, dir);
        sh.useFolder(abs);
        const target = flags.target;
        // Ctrl-C or SIGTERM: say whether anything was written and what finishes it.
        let writing: Parameters<typeof importInterruption>[0];
        sh.answerStopSignals((signal) => importInterruption(writing, abs, signal));
        const result = await importExperience({
          onWrite: () => {
            writing = 'write';
          },
          source,
          cwd: io.cwd,
          dir,
          force: flags.force,
          env: io.env,
          ...(target === undefined
            ? {}
            : {
                remote: {
                  target,
                  views: async (config) => {
                    const conn = await sh.connect({ dir: abs, ...(config ? { config } : {}) });
                    return { views: await conn.client.listViews(), target: conn.target.name, applicationId: conn.client.applicationId };
                  },
                },
              }),
        });
        const valid = result.issues.length === 0;
        // --quiet prints nothing but problems: a folder that does not validate is one.
        if (!valid && sh.quiet) for (const i of result.issues) sh.problem(`lxp: ${(await import('../../project/issues.js')).formatIssue(i)}`);
        return {
          outcome: valid ? 'imported' : 'imported-invalid',
          ...(valid ? {} : { exitCode: 1, error: { code: 'invalid-result' as const, message: `imported, but the folder does not validate (${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}): fix before deploying` } }),
          data: {
            folder: result.dir,
            source: result.source,
            application: result.application,
            counts: result.counts,
            written: result.written,
            replaced: result.replaced,
            removed: result.removed,
            recorded: result.recorded,
            recordedChanged: result.recordedChanged,
            report: result.report,
            valid,
            issues: result.issues,
            schema: result.schema?.path ?? null,
            schemaInstalled: result.schema?.installed ?? null,
          },
          text: importText(result, sh.verbose),
        };
      }),
    );
  });
}
