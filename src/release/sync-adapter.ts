// The release commands' bridge to the sync engine (src/sync/): deploy the folder to develop,
// and pull develop into the folder after a restore.
//
// INTEGRATION POINT: written before src/sync/'s deploy/pull landed. Adapt the two calls below to
// what src/sync exports; the release core only needs DeployStepResult.
import { CliError, EXIT } from '../cli/exit-codes.js';
import type { DeployStepResult } from './release.js';
import type { Session } from './session.js';

export interface SyncFlags {
  dir: string;
  force?: boolean;
  prune?: boolean;
  concurrency?: number;
}

type SyncFn = (opts: Record<string, unknown>) => Promise<unknown>;

async function syncFunction(name: 'deploy' | 'pull'): Promise<SyncFn> {
  for (const spec of [`../sync/${name}.js`, '../sync/index.js']) {
    try {
      const mod = (await import(spec)) as Record<string, unknown>;
      if (typeof mod[name] === 'function') return mod[name] as SyncFn;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    }
  }
  throw new CliError(`this build has no sync ${name} (src/sync/${name}.ts): release cannot ${name}`, EXIT.FAILED);
}

export async function deployFolder(session: Session, flags: SyncFlags & { dryRun: boolean }): Promise<DeployStepResult> {
  const deploy = await syncFunction('deploy');
  const report = await deploy({
    dir: flags.dir,
    target: session.target,
    client: session.client,
    dryRun: flags.dryRun,
    force: !!flags.force,
    prune: !!flags.prune,
    concurrency: flags.concurrency ?? 8,
  });
  return { changes: countWrites(report), report };
}

export async function pullFolder(session: Session, flags: SyncFlags): Promise<unknown> {
  const pull = await syncFunction('pull');
  return pull({ dir: flags.dir, target: session.target, client: session.client, dryRun: false, force: !!flags.force, concurrency: flags.concurrency ?? 8 });
}

/** Writes a deploy made: adapted to the sync engine's result shape. */
function countWrites(report: unknown): number {
  const r = report as { changes?: unknown[]; results?: unknown[]; summary?: Record<string, number> } | undefined;
  if (Array.isArray(r?.results)) return r.results.length;
  if (Array.isArray(r?.changes)) return r.changes.length;
  return 0;
}
