// `lxp restore <version>`: develop becomes a copy of a version (the API's
// PATCH /versions/develop {sourceVersionIdOrName}), then a pull brings the folder to it. Every
// check comes before the first write: the version exists, and the pull that follows is planned
// against the version's views — one that would conflict with local edits refuses the restore
// (exit 3) while develop is still as it was (src/release/restore-plan.ts).
import type { ExperienceClient } from '../api/types.js';
import type { Connection } from '../sync/connection.js';
import { invalid } from './errors.js';
import { planRestore, pullOutcome, type RestorePlan } from './restore-plan.js';
import { pullFolder, type DeploySummary } from './sync-adapter.js';
import { DEVELOP } from './version-name.js';

export interface RestoreResult {
  version: string;
  dryRun: boolean;
  restored: boolean;
}

/** Checks the version exists (and is not develop itself) before anything is written. */
export async function checkRestorable(client: ExperienceClient, version: string): Promise<string> {
  if (version === DEVELOP) throw invalid('develop cannot be restored from itself; name a version');
  const found = await client.getVersion(version);
  if (!found) throw invalid(`no version "${version}" in this application (see \`lxp versions\`)`, 'not-found');
  if (found.version === DEVELOP) throw invalid('develop cannot be restored from itself; name a version');
  return found.version;
}

export async function restoreDevelop(opts: { client: ExperienceClient; version: string; dryRun?: boolean }): Promise<RestoreResult> {
  const name = await checkRestorable(opts.client, opts.version);
  if (!opts.dryRun) await opts.client.restoreDevelop(name);
  return { version: name, dryRun: !!opts.dryRun, restored: !opts.dryRun };
}

/** The steps of a restore that write: develop replaced by the version, then the pull into the folder. */
export type RestoreStep = 'replace-develop' | 'pull';

export interface RestoreRun {
  /** What was planned (a dry run) or done: develop's changes, the folder's, the local edits kept. */
  plan: RestorePlan;
  restored: boolean;
  pull?: DeploySummary;
}

/**
 * The whole restore: check, plan (refusing before any write when the pull would conflict), ask
 * (`confirm`, which sees the plan and throws to cancel), restore develop, pull. With dryRun,
 * only the checks and the plan.
 */
export async function restore(opts: {
  session: Connection;
  dir: string;
  version: string;
  pull: boolean;
  force?: boolean;
  dryRun?: boolean;
  confirm?: (plan: RestorePlan) => Promise<void>;
  /** Told as each step that writes begins: how far an interrupted restore got. Not called in a dry run. */
  onStep?: (step: RestoreStep) => void;
}): Promise<RestoreRun> {
  const { client, target } = opts.session;
  const version = await checkRestorable(client, opts.version);
  const plan = await planRestore({ client, dir: opts.dir, target, version, pull: opts.pull, force: opts.force });
  if (opts.dryRun) return { plan, restored: false };
  await opts.confirm?.(plan);
  opts.onStep?.('replace-develop');
  await client.restoreDevelop(version); // checked above: the step begins with the one write
  if (!opts.pull) return { plan, restored: true };
  opts.onStep?.('pull');
  const pulled = await pullFolder(opts.session, { dir: opts.dir, force: opts.force, version });
  // The pull as it happened: the files it changed and the edits it kept.
  return { plan: { ...plan, ...pullOutcome(pulled.report) }, restored: true, pull: pulled.summary };
}
