// `lxp init [dir]`: a new experience folder — from the templates (a layout, a page, components,
// the three experience files, lxp.config.json, .gitignore), or with --from/--bootstrap from an
// application: the config files, then a pull of everything develop holds.
import type { Command } from 'commander';
import type { CommandIO } from '../io.js';
import type { CommandResult, Shell } from '../shell.js';
import type { InitResult } from '../../project/init.js';

interface InitFlags {
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  yes?: boolean;
  from?: string;
  target?: string;
  bootstrap?: boolean;
  applicationId?: string;
  apiUrl?: string;
}

export function define(program: Command, io: CommandIO, exit: (code: number) => void): void {
  program
    .command('init [dir]')
    .description('create an experience folder: from the templates, or from an application (--from, --bootstrap)')
    .option('--force', 'use a folder that is not empty: add the missing files, keep every existing file')
    .option('--from <target>', "make the folder from this target's application: pull views, endpoints, groups, settings, slugs and domains")
    .option('--bootstrap', "first create Losant's starter experience on the target (its develop must be empty), then pull it")
    .option('--target <name>', 'the target for --bootstrap (same as --from; default: the environment, else local)')
    .option('--application-id <id>', 'with --from: record the target in the new lxp.config.json with this application (and make it the default)')
    .option('--api-url <url>', 'with --application-id: the API URL to record (default https://api.losant.com)')
    .option('-y, --yes', 'do not ask before bootstrapping a protected target')
    .option('--json', 'one JSON document on stdout (also on failure)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'also print every request (method, path, status, time), on stderr')
    .action(async (dir: string | undefined, flags: InitFlags) => {
      const { runCommand } = await import('../shell.js');
      exit(await runCommand('init', { json: flags.json, quiet: flags.quiet, verbose: flags.verbose, yes: flags.yes }, io, (sh) => run(dir, flags, sh)));
    });
}

async function run(dir: string | undefined, flags: InitFlags, sh: Shell): Promise<CommandResult> {
  const path = await import('node:path');
  const target = dir ?? '.';
  const abs = path.resolve(sh.io.cwd, target);
  // The folder init works on is known from the start: a refusal's envelope names it too.
  sh.useFolder(abs);
  const cd = target === '.' ? [] : [`  cd ${target}`];
  const { LxpError } = await import('../../sync/errors.js');
  // Inside a view folder of an experience (its pages/, say): refused whatever --force says.
  const { nestedExperienceProblem } = await import('../../project/nested-experience.js');
  const nested = nestedExperienceProblem(abs, 'init');
  if (nested !== undefined) throw new LxpError('usage', nested);
  if (flags.from && flags.target && flags.from !== flags.target) throw new LxpError('usage', `--from ${flags.from} and --target ${flags.target} name two targets: give one`);
  const from = flags.from ?? flags.target;
  if ((flags.applicationId || flags.apiUrl) && !flags.from) throw new LxpError('usage', '--application-id and --api-url record the target of --from: give --from <name> too');
  if (flags.target && !flags.bootstrap && !flags.from) throw new LxpError('usage', '--target goes with --bootstrap (or use --from <target>)');
  if (from === 'env' && flags.applicationId) {
    throw new LxpError('usage', '--from env reads the target from the environment (LOSANT_APPLICATION_ID, LOSANT_API_URL) and records none; to record a target, name it: --from staging --application-id …. Nothing was written.');
  }

  /** What init wrote, for people: created, updated (.gitignore), kept files, and a $schema that only works on this machine. */
  const described = (result: InitResult, heading: string): string[] => {
    const text = [heading, ...result.created.map((f) => `  + ${f}`)];
    text.push(...result.updated.map((f) => `  ~ ${f} (added .lxp/)`));
    if (result.kept.length) text.push(...result.kept.map((f) => `  = ${f} (already there, kept)`));
    text.push(...result.linked.map((f) => `  ! ${f} (a symbolic link, not changed: lxp never writes through one — add the line .lxp/ to it yourself)`));
    if (result.schema !== undefined && !result.schemaInstalled) {
      text.push(
        '',
        `lxp.config.json's "$schema" points at this lxp's own copy (${result.schema}): lxp is not installed in this repository.`,
        'Install it as a dev dependency (see README, Install) for a path that works on every checkout.',
      );
    }
    return text;
  };
  const initData = (result: InitResult) => {
    const { created, kept, updated, linked, schema, schemaInstalled } = result;
    return { folder: result.dir, created, kept, updated, linked, schema: schema ?? null, schemaInstalled: schemaInstalled ?? null };
  };
  // Installed in the repository: the binary is in node_modules/.bin, reached through npx.
  const lxpOf = (result: InitResult) => (result.schemaInstalled ? 'npx lxp' : 'lxp');

  if (!flags.from && !flags.bootstrap) {
    const { initProject } = await import('../../project/init.js');
    const result = await initProject(abs, { force: flags.force });
    const text = described(result, `Created an experience folder in ${result.dir}`);
    const lxp = lxpOf(result);
    text.push('', 'Next:', ...cd, `  ${lxp} status    # compare with the target (the embedded local server by default)`, `  ${lxp} deploy    # send the views, endpoints and groups (develop's settings only once experience.yaml declares them)`);
    return { outcome: 'created', data: initData(result), text };
  }

  const [{ initFrom }, { reportToJson }, { resultSummary }, { initInterruption }] = await Promise.all([
    import('../../sync/init-from.js'),
    import('../output/json.js'),
    import('../output/text.js'),
    import('../output/setup-interruption.js'),
  ]);
  // Ctrl-C or SIGTERM: say where the new folder stands and what finishes it.
  let step: Parameters<typeof initInterruption>[0];
  sh.answerStopSignals((signal) => initInterruption(step, abs, signal));
  const result = await initFrom({
    onStep: (s) => {
      step = s;
    },
    dir: abs,
    target: from,
    applicationId: flags.applicationId,
    apiUrl: flags.apiUrl,
    bootstrap: flags.bootstrap,
    force: flags.force,
    env: sh.io.env,
    say: (line) => sh.note(sh.errStyle.dim(line)),
    onRequest: sh.verbose ? (e) => sh.detail(`  ${e.method} ${e.path} → ${e.status ?? e.error ?? '?'} ${e.ms}ms${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`) : undefined,
    clientOptions: sh.io.clientOptions,
    confirm: async (conn) => {
      if (!conn.target.protected) return;
      await sh.confirm(`Create the starter experience on protected target "${conn.target.name}"?`, {
        refusal: `target "${conn.target.name}" is protected: pass --yes to bootstrap it without a terminal`,
      });
    },
  });
  const report = result.pull;
  const text = described(result.init, `Created an experience folder in ${result.init.dir} from target "${result.target}" (application ${result.applicationId})`);
  if (result.bootstrap) {
    text.push(`Bootstrapped Losant's starter experience${result.bootstrap.email ? `, with the user ${result.bootstrap.email} (its password is not shown: give the user a new one before signing in)` : ''}.`);
  }
  const lxp = lxpOf(result.init);
  if (report.exitCode === 0) {
    text.push(resultSummary(report, sh.style));
    // What the pull left as the folder has it (--force into a folder with files of its own): status
    // lists each as a difference — a file develop has a different copy of is a conflict once this
    // pull is on record (review 11 R1) — so init says which, and does not call the folder in sync.
    const { keptLines } = await import('../output/init-pull-refusal.js');
    const kept = keptLines(report);
    const one = kept.length === 1;
    if (kept.length > 0) text.push('', `The pull kept ${one ? 'one' : kept.length} of the folder's own files or entries, which ${one ? 'differs' : 'differ'} from develop's (lxp status lists ${one ? 'it' : 'them'}):`, ...kept);
    const said = kept.length > 0 ? `# the ${kept.length === 1 ? 'difference' : `${kept.length} differences`} above` : '# everything in sync';
    text.push('', 'Next:', ...cd, `  ${lxp} status    ${said}`, '  git add . && git commit -m "Experience from Losant"');
  } else {
    // The pull refused or failed after the config files were written (a conflict --bootstrap's
    // starter experience makes with the folder's files, a write that failed): what it said, and
    // what is true of the folder now — marked as a pull that did not finish.
    const { pullRefusalLines } = await import('../output/init-pull-refusal.js');
    for (const line of pullRefusalLines(report, sh.errStyle)) sh.problem(line);
    text.push('', 'Next:', ...cd, `  ${lxp} status    # what the pull left: until a pull finishes, the folder is marked as one that did not`, `  ${lxp} pull      # again, once what the lines above name is resolved`);
  }
  const data = {
    ...initData(result.init),
    from: result.target,
    applicationId: result.applicationId,
    ...(result.bootstrap ? { bootstrap: result.bootstrap } : {}),
    pull: reportToJson(report),
  };
  const error = report.code && report.message ? { code: report.code, message: report.message } : undefined;
  return { outcome: report.outcome === 'done' ? 'created' : report.outcome, exitCode: report.exitCode, ...(error ? { error } : {}), data, text };
}
