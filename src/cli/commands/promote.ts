// `lxp promote <version> --slug <slug>… --domain <domain>…`: point slugs/domains at an existing
// version. Rolling back is promoting an older one.
import type { Command } from 'commander';

const collect = (value: string, all: string[]) => [...all, value];

export function define(program: Command): void {
  program
    .command('promote')
    .description('point slugs and domains at an existing version (also: rollback)')
    .argument('<version>', 'version name')
    .option('--slug <slug>', 'slug to point at the version (repeatable)', collect, [])
    .option('--domain <domain>', 'custom domain to point at the version (repeatable)', collect, [])
    .option('--dry-run', 'show what would be re-pointed, change nothing')
    .option('-y, --yes', 'do not ask (needed for a protected target without a terminal)')
    .option('--dir <dir>', 'experience folder', '.')
    .option('--target <name>', 'target from lxp.config.json')
    .option('--json', 'one JSON document on stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (version: string, opts: PromoteFlags) => {
      const [{ UsageError }, { connect }, { promote }, { formatPromote }, { printResult, runReporting }, { confirm }] = await Promise.all([
        import('../../sync/errors.js'),
        import('../../sync/connection.js'),
        import('../../release/promote.js'),
        import('../../release/format.js'),
        import('../../release/output.js'),
        import('../../release/confirm.js'),
      ]);
      const out = { json: !!opts.json, quiet: !!opts.quiet };
      await runReporting(out, async () => {
        if (opts.slug.length === 0 && opts.domain.length === 0) throw new UsageError('name at least one --slug or --domain');
        const session = await connect({ dir: opts.dir, target: opts.target, say: opts.quiet || opts.json ? undefined : (line) => process.stderr.write(line + '\n') });
        try {
          const request = { client: session.client, version, slugs: opts.slug, domains: opts.domain };
          if (session.target.protected && !opts.dryRun && !opts.yes) {
            // Show the before → after first, then ask.
            if (process.stdin.isTTY) process.stderr.write(formatPromote(await promote({ ...request, dryRun: true })) + '\n');
            const ok = await confirm({
              question: `Re-point these on protected target "${session.target.name}"?`,
              yes: false,
              refusal: `target "${session.target.name}" is protected: pass --yes to promote without a terminal`,
            });
            if (!ok) throw new UsageError('promote cancelled');
          }
          const result = await promote({ ...request, dryRun: !!opts.dryRun });
          printResult(out, { target: session.target.name, ...result }, formatPromote(result));
        } finally {
          await session.close();
        }
      });
    });
}

interface PromoteFlags {
  slug: string[];
  domain: string[];
  dryRun?: boolean;
  yes?: boolean;
  dir: string;
  target?: string;
  json?: boolean;
  quiet?: boolean;
}
