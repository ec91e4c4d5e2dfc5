// Pushes one batch of the scheduler with the sync engine's own rules: read the folder, list the
// remote views (the conflict check happens here, at push time), plan a deploy narrowed to the
// batch's files, apply it. Unlike `lxp deploy`, which refuses a whole run for one bad file or
// one conflict, watch pushes everything else: a bad file is reported and left out until it is
// fixed, a conflicting view is reported and left alone.
//
// Why not sync's deploy({ paths })? It opens its own state store per call, so concurrent batches
// would overwrite each other's .lxp/state.json, and it refuses the run on any issue or conflict.
// This uses the same plan() and applyDeploy(), with one state store for the whole session.
import type { ExperienceClient } from '../api/types.js';
import { formatIssue, type ValidationIssue } from '../project/issues.js';
import { loadProject, type ParseCache } from '../project/load.js';
import { readParseCache } from '../project/parse-cache-file.js';
import { fileForView } from '../project/naming.js';
import { applyDeploy } from '../sync/apply-deploy.js';
import { deletesFromEmptyFolder, plan as makePlan, type PlannedChange } from '../sync/plan.js';
import { toRemoteViews } from '../sync/remote.js';
import type { ChangeResult } from '../sync/results.js';
import type { StateStore } from '../sync/state.js';
import { isRefusedToken } from '../sync/describe-error.js';
import { LxpError, TOKEN_HINT } from '../sync/errors.js';
import type { NotPushed, WatchEventHandler } from './events.js';
import { type Batch, type BatchOutcome } from './scheduler.js';

export interface PusherOptions {
  dir: string;
  client: ExperienceClient;
  store: StateStore;
  emit: WatchEventHandler;
  /** Requests in flight at once within a batch. Default 8. */
  concurrency?: number;
  now?: () => number;
}

/**
 * The API refused the token (401/403). Retrying cannot fix that, so watch stops; the CLI exits 2.
 * The message names where the token comes from, never the token.
 */
export class WatchFatalError extends LxpError {
  override name = 'WatchFatalError';
  constructor(readonly status: number) {
    super('token-refused', `the API refused the token (${status}): ${TOKEN_HINT}`);
  }
}

/** A 401/403 from the API becomes a WatchFatalError; anything else is thrown as it is (and retried). */
function refusedToken(err: unknown): unknown {
  return isRefusedToken(err) ? new WatchFatalError(err.status) : err;
}


export type Pusher = ((batch: Batch) => Promise<BatchOutcome>) & {
  /** Views not pushed and not going to be until something changes: conflicts, skipped views, bad files. */
  notPushed(): NotPushed[];
};

const SENDS = new Set(['create', 'update', 'rename', 'delete', 'mark']);

function groupIssues(issues: ValidationIssue[]): Map<string, ValidationIssue[]> {
  const m = new Map<string, ValidationIssue[]>();
  for (const i of issues) m.set(i.file, [...(m.get(i.file) ?? []), i]);
  return m;
}

export function createPusher(opts: PusherOptions): Pusher {
  const { dir, client, store, emit } = opts;
  const now = opts.now ?? Date.now;
  /** Files reported as bad, with the text last reported (a file is re-reported only when it changes). */
  const bad = new Map<string, string>();
  /**
   * Every batch reads the whole folder (validation is cross-file); only changed files are parsed
   * again. Seeded from the on-disk cache of earlier commands, so even the start-up sync is quick.
   */
  let cache: ParseCache | undefined;
  /** Layout deletes held back because pages still name the layout: file → the text last reported. */
  const heldDeletes = new Map<string, string>();
  /** Conflicts and skipped views of the latest push that covered their file. */
  const leftAlone = new Map<string, NotPushed>();

  async function push(batch: Batch): Promise<BatchOutcome> {
    cache ??= await readParseCache(dir);
    const project = await loadProject(dir, { cache });
    const issuesByFile = groupIssues(project.issues);
    const batchFiles = new Set(batch.files);

    // Files that were bad and are not any more: push them now, whatever file fixed them (a
    // page naming a missing layout is fixed by adding the layout).
    const fixed: string[] = [];
    for (const file of [...bad.keys()]) {
      if (issuesByFile.has(file)) continue;
      bad.delete(file);
      fixed.push(file);
      // A bad file that was deleted is not "fixed"; its deletion is pushed all the same.
      if (project.files.includes(file)) emit({ type: 'fixed', file });
    }
    for (const [file, issues] of issuesByFile) {
      const text = issues.map(formatIssue).join('\n');
      if (bad.get(file) !== text || batchFiles.has(file) || batch.all) emit({ type: 'invalid', file, issues });
      bad.set(file, text);
    }

    // A held layout delete is planned again with every batch: a page that stops naming the layout
    // (edited, deleted) is what lets it go.
    const scope = new Set([...batch.files, ...fixed, ...heldDeletes.keys()]);
    const inScope = batch.all
      ? issuesByFile.size === 0
        ? undefined
        : (f: string) => !issuesByFile.has(f)
      : (f: string) => scope.has(f) && !issuesByFile.has(f) && project.inScope(f);
    if (!batch.all && ![...scope].some((f) => inScope!(f))) return {};

    let listed;
    try {
      listed = await client.listViews();
    } catch (err) {
      throw refusedToken(err);
    }
    const remote = toRemoteViews(listed);
    const plan = makePlan({
      direction: 'deploy',
      local: project.views,
      remote,
      state: store.current,
      inScope,
      ignored: project.isIgnored,
      fileFor: fileForView,
    });

    if (batch.all) {
      const differences = plan.changes.filter((c) => c.kind !== 'in-sync').length;
      emit({ type: 'status', all: true, differences, inSync: plan.inSync, conflicts: plan.conflicts });
      const deletes = deletesFromEmptyFolder(plan, project.files.length);
      if (deletes > 0) {
        emit({
          type: 'error',
          message: `${dir} has no view files: not deleting ${deletes} remote view${deletes === 1 ? '' : 's'} (check --dir; lxp deploy --force does it)`,
        });
        plan.changes = plan.changes.filter((c) => c.action !== 'delete');
      }
    }

    // Never delete a layout a page still names (valid or not): deploy refuses that run, and the
    // pages would lose their layout remotely. The delete waits until no page names it.
    const holding = new Set<string>();
    for (const c of plan.changes) {
      if (c.action !== 'delete' || c.viewType !== 'layout') continue;
      const users = project.views.filter((v) => v.viewType === 'page' && v.layout === c.name).map((v) => v.file).sort();
      if (users.length === 0) continue;
      holding.add(c.key);
      const reason = `still used by ${users.join(', ')}: not deleted until no page names it in layout:`;
      const file = c.file;
      if (heldDeletes.get(file) !== reason) emit({ type: 'skipped', viewType: 'layout', name: c.name, file, reason });
      heldDeletes.set(file, reason);
    }
    for (const file of [...heldDeletes.keys()]) {
      if (!plan.changes.some((c) => holding.has(c.key) && c.file === file)) heldDeletes.delete(file);
    }
    if (holding.size > 0) {
      plan.changes = plan.changes
        .filter((c) => !holding.has(c.key))
        .map((c) => ({ ...c, dependsOn: c.dependsOn.filter((k) => !holding.has(k)) }));
    }

    // What this push covers starts clean; what it leaves alone is recorded again below.
    if (batch.all) leftAlone.clear();
    else for (const f of scope) leftAlone.delete(f);
    for (const [file, reason] of heldDeletes) leftAlone.set(file, { file, why: 'skipped', reason });

    const startedAt = new Map<string, number>();
    const changeByKey = new Map<string, PlannedChange>(plan.changes.map((c) => [c.key, c]));
    const sinceOf = (c: PlannedChange): number | undefined => {
      // A start-up sync has no save to measure from.
      const times = [c.file, c.synced?.file]
        .map((f) => (f === undefined ? undefined : batch.since.get(f)))
        .filter((t): t is number => t !== undefined);
      return times.length ? Math.min(...times) : undefined;
    };
    const onResult = (r: ChangeResult) => {
      const c = changeByKey.get(r.key);
      if (r.status === 'done' && SENDS.has(r.action)) {
        const end = now();
        const since = c ? sinceOf(c) : undefined;
        emit({
          type: 'push',
          action: r.action,
          viewType: r.viewType,
          name: r.name,
          file: r.file,
          ...(r.fromName !== undefined ? { fromName: r.fromName } : {}),
          ...(r.id ?? c?.id ? { id: r.id ?? c?.id } : {}),
          ms: end - (startedAt.get(r.key) ?? end),
          ...(since !== undefined ? { sinceChangeMs: Math.max(0, end - since) } : {}),
          at: Date.now(),
        });
      } else if (r.status === 'conflict') {
        leftAlone.set(r.file, { file: r.file, why: 'conflict', reason: r.error ?? 'changed on both sides' });
        emit({ type: 'conflict', viewType: r.viewType, name: r.name, file: r.file, reason: r.error ?? 'changed on both sides' });
      } else if (r.status === 'skipped' && r.action === 'skip') {
        leftAlone.set(r.file, { file: r.file, why: 'skipped', reason: r.error ?? '' });
        emit({ type: 'skipped', viewType: r.viewType, name: r.name, file: r.file, reason: r.error ?? '' });
      } else if (r.status === 'failed' || r.status === 'skipped') {
        emit({ type: 'failed', action: r.action, viewType: r.viewType, name: r.name, file: r.file, error: r.error ?? 'failed' });
      }
    };

    const results = await applyDeploy(plan, {
      client,
      store,
      concurrency: opts.concurrency,
      events: { onStart: (c) => startedAt.set(c.key, now()), onResult },
    });

    // A change not attempted because one it needs failed is retried with it; one that waits on a
    // conflict is not (nothing changes until someone resolves the conflict or saves again).
    const failed = results.filter((r) => r.status === 'failed' || (r.status === 'skipped' && r.action !== 'skip' && plan.conflicts === 0));
    if (failed.length > 0) {
      // Retry the whole batch: what succeeded plans to nothing next time, what failed is sent again.
      return { retry: [...scope], retryAll: batch.all, error: failed[0].error };
    }
    if (batch.all && issuesByFile.size === 0 && plan.conflicts === 0 && heldDeletes.size === 0) {
      store.setFullSync(true);
      await store.flush();
    }
    return {};
  }

  return Object.assign(push, {
    notPushed(): NotPushed[] {
      const out = new Map(leftAlone);
      for (const [file, text] of bad) if (!out.has(file)) out.set(file, { file, why: 'invalid', reason: text });
      return [...out.values()].sort((a, b) => a.file.localeCompare(b.file));
    },
  });
}
