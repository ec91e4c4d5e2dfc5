// `lxp promote <version> --slug <slug>… --domain <domain>…`: point slugs/domains at an existing
// version. Rolling back is promoting an older one. The work: src/release/promote.ts.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import { addOutputOptions, addTargetOptions, addYesOption, collect } from '../options.js';
import type { TargetFlags } from '../shell.js';

interface PromoteFlags extends TargetFlags {
  slug: string[];
  domain: string[];
  dryRun?: boolean;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  const cmd = program
    .command('promote')
    .description('point slugs and domains at an existing version (also: rollback)')
    .argument('<version>', 'version name')
    .option('--slug <slug>', 'slug to point at the version (repeatable)', collect, [])
    .option('--domain <domain>', 'custom domain to point at the version (repeatable)', collect, [])
    .option('--dry-run', 'show what would be re-pointed, change nothing');
  addYesOption(cmd);
  addTargetOptions(cmd);
  addOutputOptions(cmd);
  cmd.action(async (version: string, flags: PromoteFlags) => {
    const [{ runCommand }, { UsageError }, { promote }, { formatPromote }] = await Promise.all([
      import('../shell.js'),
      import('../../sync/errors.js'),
      import('../../release/promote.js'),
      import('../../release/format.js'),
    ]);
    exit(
      await runCommand('promote', flags, io, async (sh) => {
        if (flags.slug.length === 0 && flags.domain.length === 0) throw new UsageError('name at least one --slug or --domain');
        sh.folder();
        const conn = await sh.connect();
        const result = await sh.confirmed(
          (dryRun) => promote({ client: conn.client, version, slugs: flags.slug, domains: flags.domain, dryRun: dryRun || !!flags.dryRun }),
          {
            ask: conn.target.protected && !flags.dryRun,
            question: `Re-point these on protected target "${conn.target.name}"?`,
            refusal: `target "${conn.target.name}" is protected: pass --yes to promote without a terminal`,
            describe: formatPromote,
          },
        );
        const moved = result.repoints.some((r) => r.changed);
        return { outcome: result.dryRun ? 'dry-run' : moved ? 'promoted' : 'unchanged', data: { ...result }, text: formatPromote(result).split('\n') };
      }),
    );
  });
}
