// `lxp versions`: every version, newest first, with the slugs and domains serving it.
import type { Command } from 'commander';

export function define(program: Command): void {
  program
    .command('versions')
    .description('list the versions (newest first) with their description, date, slugs and domains')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json (default: defaultTarget, else local)')
    .option('--json', 'one JSON document on stdout')
    .option('-q, --quiet', 'print nothing but the table and errors')
    .action(async (opts: { dir: string; target?: string; json?: boolean; quiet?: boolean }) => {
      const [{ connect }, { readVersionRows }, { formatVersions }, { printResult, runReporting }] = await Promise.all([
        import('../../sync/connection.js'),
        import('../../release/versions.js'),
        import('../../release/format.js'),
        import('../../release/output.js'),
      ]);
      const out = { json: !!opts.json };
      await runReporting(out, async () => {
        const session = await connect({ dir: opts.dir, target: opts.target, say: opts.quiet || opts.json ? undefined : (line) => process.stderr.write(line + '\n') });
        try {
          const versions = await readVersionRows(session.client);
          printResult(out, { target: session.target.name, versions }, formatVersions(versions));
        } finally {
          await session.close();
        }
      });
    });
}
