// `lxp init [dir]`: a new experience folder (a layout, a page, components, lxp.config.json,
// .gitignore, .lxpignore) from templates/.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  program
    .command('init [dir]')
    .description('create an experience folder from the templates (a layout, a page, components, config, .gitignore)')
    .option('--force', 'use a folder that is not empty: add the missing template files, keep every existing file')
    .option('--json', 'one JSON document on stdout (also on failure)')
    .action(async (dir: string | undefined, flags: { force?: boolean; json?: boolean }) => {
      const [{ runCommand }, { initProject }, path] = await Promise.all([import('../shell.js'), import('../../project/init.js'), import('node:path')]);
      exit(
        await runCommand('init', { json: flags.json }, io, async () => {
          const target = dir ?? '.';
          const result = await initProject(path.resolve(io.cwd, target), { force: flags.force });
          const text = [`Created an experience folder in ${result.dir}`, ...result.created.map((f) => `  + ${f}`)];
          text.push(...result.updated.map((f) => `  ~ ${f} (added .lxp/)`));
          if (result.kept.length) text.push(...result.kept.map((f) => `  = ${f} (already there, kept)`));
          if (result.schema !== undefined && !result.schemaInstalled) {
            text.push(
              '',
              `lxp.config.json's "$schema" points at this lxp's own copy (${result.schema}): lxp is not installed in this repository.`,
              'Install it as a dev dependency (see README, Install) for a path that works on every checkout.',
            );
          }
          // Installed in the repository: the binary is in node_modules/.bin, reached through npx.
          const lxp = result.schemaInstalled ? 'npx lxp' : 'lxp';
          text.push('', 'Next:', ...(target === '.' ? [] : [`  cd ${target}`]), `  ${lxp} status    # compare with the target (the embedded local server by default)`, `  ${lxp} deploy    # send the views`);
          const { created, kept, updated, schema, schemaInstalled } = result;
          return { outcome: 'created', data: { folder: result.dir, created, kept, updated, schema: schema ?? null, schemaInstalled: schemaInstalled ?? null }, text };
        }),
      );
    });
}
