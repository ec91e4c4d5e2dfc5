// `lxp init [dir]`: a new experience folder (a layout, a page, components, lxp.config.json,
// .gitignore, .lxpignore) from templates/.
import type { Command } from 'commander';

export function define(program: Command): void {
  program
    .command('init [dir]')
    .description('create an experience folder from the templates (a layout, a page, components, config, .gitignore)')
    .option('--force', 'use a folder that is not empty: add the missing template files, keep every existing file')
    .option('--json', 'one JSON document on stdout')
    .action(async (dir: string | undefined, opts: { force?: boolean; json?: boolean }) => {
      const { initProject } = await import('../../project/init.js');
      const target = dir ?? '.';
      try {
        const result = await initProject(target, { force: opts.force });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`);
          return;
        }
        const lines = [`Created an experience folder in ${result.dir}`, ...result.created.map((f) => `  + ${f}`)];
        if (result.kept.length) lines.push(...result.kept.map((f) => `  = ${f} (already there, kept)`));
        lines.push('', 'Next:', ...(target === '.' ? [] : [`  cd ${target}`]), '  lxp status    # compare with the target (the embedded local server by default)', '  lxp deploy    # send the views');
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (err) {
        const e = err as Error & { exitCode?: number };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: false, error: e.message })}\n`);
          process.exitCode = e.exitCode ?? 1;
          return;
        }
        throw err;
      }
    });
}
