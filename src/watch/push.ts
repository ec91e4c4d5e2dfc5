// Pushes one batch of the scheduler through the sync engine's own pipeline — prepare() (read
// the folder, list the remote views: the conflict check happens here, at push time; plan),
// applyDeploy(), finish() — narrowed to the batch's files, with one state store for the session.
// Unlike `lxp deploy`, which refuses a whole run for one bad file or one conflict, watch pushes
// everything else; its policies are inputs of the plan, not edits of it: files that do not
// validate are left out until fixed (skipInvalid), a conflicting view is reported and left
// alone, a layout that pages still name is not deleted, and a folder with no view files deletes
// nothing, of any kind (hold).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExperienceClient } from '../api/types.js';
import { formatIssue, type ValidationIssue } from '../project/issues.js';
import { listAnd } from '../project/plural.js';
import { loadProject, type ParseCache } from '../project/load.js';
import { readParseCache } from '../project/parse-cache-file.js';
import { applyDeploy } from '../sync/apply-deploy.js';
import { isRefusedToken } from '../sync/describe-error.js';
import { LxpError, TOKEN_HINT } from '../sync/errors.js';
import { countUnit, sendsRequest, type PlannedChange } from '../sync/plan.js';
import { changedFields } from '../sync/changed-fields.js';
import { isFailure, notSent, type ChangeResult } from '../sync/results.js';
import { finish, prepare } from '../sync/run.js';
import { loadFolderResources } from '../sync/folder-resources.js';
import type { StateStore } from '../sync/state.js';
import type { NotPushed, WatchEventHandler } from './events.js';
import { type Batch, type BatchOutcome } from './scheduler.js';

export interface PusherOptions {
  dir: string;
  client: ExperienceClient;
  /** The target's name (the state is kept per target). */
  target: string;
  store: StateStore;
  emit: WatchEventHandler;
  /** Changes applied at once within a batch. Default: the client's concurrency limit. */
  concurrency?: number;
  now?: () => number;
  /** Where custom domains' certificates come from. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * A batch file modified less than this long before it was read is still being written (an
   * editor or a script that truncates, then writes): it is not pushed from that read but handed
   * back to the scheduler as `settling`. 0 turns the check off. Default 50.
   */
  settleMs?: number;
}

/**
 * Batch files written within the last `settleMs` (by mtime, after the read): what was read may be
 * a half-written file. Files gone or unreadable are not settling — the read already saw that.
 */
async function settlingFiles(dir: string, files: string[], settleMs: number): Promise<Set<string>> {
  if (settleMs <= 0 || files.length === 0) return new Set();
  const after = Date.now();
  const stats = await Promise.all(files.map((f) => stat(path.join(dir, f)).catch(() => undefined)));
  return new Set(files.filter((_, i) => stats[i] !== undefined && after - stats[i]!.mtimeMs < settleMs));
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
  /**
   * View files whose bytes no push of this session has read: changed (or added) after the last
   * read without the watcher reporting it. Reads the whole folder (parses only those): for close().
   */
  unread(): Promise<string[]>;
  /**
   * The files whose changes the latest whole-folder push planned and did not push (a network
   * failure, a stop), or undefined when it made no plan (develop could not be read) — then the
   * whole folder is still not compared with develop. For close(): '*' pending is named file by file.
   */
  wholeSyncLeft(): string[] | undefined;
};

function groupIssues(issues: ValidationIssue[]): Map<string, ValidationIssue[]> {
  const m = new Map<string, ValidationIssue[]>();
  for (const i of issues) m.set(i.file, [...(m.get(i.file) ?? []), i]);
  return m;
}

/** "7 remote views and 2 endpoints": the held deletes, counted by kind. */
function countDeletes(changes: PlannedChange[]): string {
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.resource, (counts.get(c.resource) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${kind === 'view' ? 'remote view' : kind}${n === 1 ? '' : 's'}`);
  return listAnd(parts);
}

/** Whether a sync record names this file: a plain edit of it touches only its own view. */
export function isSynced(store: StateStore, file: string): boolean {
  // A loop with an early exit, not Object.values(): this runs for every file event.
  const views = store.current.views;
  for (const id in views) if (views[id].file === file) return true;
  return false;
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
  /**
   * Layout, page and group deletes held back because pages (develop's endpoints or settings)
   * still name them: file → why (a groups.yaml may hold several held groups: their reasons joined).
   */
  const heldDeletes = new Map<string, string>();
  /** Each held delete's reason last reported, by change key (reported once per reason). */
  const heldSaid = new Map<string, { file: string; reason: string }>();
  /** Conflicts and skipped views of the latest push that covered their file. */
  const leftAlone = new Map<string, NotPushed>();
  /**
   * Files whose change the API refused as sent (or that wait on such a change), with why: parked
   * in the scheduler — no backoff retry, the same request would be refused again — until a save.
   */
  const refusedFiles = new Map<string, string>();
  /** The refusal last reported for each change (key → error): a retry at another file's save that meets it again says nothing. */
  const refusalsReported = new Map<string, string>();
  /**
   * Changes refused because develop changed after the push read it (ChangeResult.raced), with the
   * error: planned once more at once. The same refusal from that plan is reported as refused.
   */
  const racedBefore = new Map<string, string>();
  /**
   * The latest whole-folder sync found no view file and held its deletes: until a view file is
   * back, every batch holds every delete too (a batch of endpoints.yaml alone has no view delete
   * to tell that the folder is empty).
   */
  let emptyHold = false;
  /** See Pusher.wholeSyncLeft. */
  let wholeLeft: string[] | undefined;

  async function push(batch: Batch): Promise<BatchOutcome> {
    const warm = cache !== undefined;
    cache ??= await readParseCache(dir);
    // Once this session has read the whole folder, a batch re-reads only its own files: the watcher
    // reports every change, and a file changed during a push comes back in a later batch. A
    // whole-folder batch (start-up, .lxpignore, a folder removed, a retry of it) reads everything.
    const touched = new Set(batch.files);
    const project = await loadProject(dir, { cache, unchanged: warm && !batch.all ? (f) => !touched.has(f) : undefined });
    // endpoints.yaml, groups.yaml and experience.yaml: read with each batch (small), checked like views.
    const resources = await loadFolderResources(dir, project, { env: opts.env ?? process.env, dir: path.resolve(dir) });
    // A save caught mid-write is neither reported nor pushed: the scheduler brings it back once
    // it has been still for settleMs (a whole-folder sync reads as it finds; later events follow).
    const settling = batch.all ? new Set<string>() : await settlingFiles(dir, batch.files, opts.settleMs ?? 50);
    const settled = (f: string) => !settling.has(f);
    const back = (outcome: BatchOutcome): BatchOutcome => (settling.size ? { ...outcome, settling: [...settling] } : outcome);
    const issuesByFile = groupIssues([...project.issues, ...resources.files.issues].filter((i) => settled(i.file)));
    // A view file gone from the folder that no sync record names has nothing to push — the old
    // name of a move already pushed as a rename, a file deleted after its view was: the event that
    // says it went often comes after the push that dealt with it. Not planned: no read of develop.
    const gone = (f: string) => f.endsWith('.hbs') && !project.files.includes(f) && !isSynced(store, f);
    const batchFiles = new Set(batch.files.filter((f) => settled(f) && !gone(f)));

    // Files that were bad and are not any more: push them now, whatever file fixed them (a
    // page naming a missing layout is fixed by adding the layout). One in flight in another batch,
    // or waiting for its own, is that batch's to push and to report (it stays bad until then).
    const fixed: string[] = [];
    for (const file of [...bad.keys()]) {
      if (issuesByFile.has(file) || settling.has(file)) continue;
      if (gone(file)) {
        // Deleted, never synced: nothing to push (and no "fixed" to say).
        bad.delete(file);
        continue;
      }
      if (!batch.all && !batchFiles.has(file) && batch.join([file]).length === 0) continue;
      bad.delete(file);
      fixed.push(file);
      // A bad file that was deleted is not "fixed"; its deletion is pushed all the same.
      if (project.files.includes(file) || file in resources.files.texts) emit({ type: 'fixed', file });
    }
    for (const [file, issues] of issuesByFile) {
      const text = issues.map(formatIssue).join('\n');
      if (bad.get(file) !== text || batchFiles.has(file) || batch.all) emit({ type: 'invalid', file, issues });
      bad.set(file, text);
    }

    // A held layout delete is planned again with every batch: a page that stops naming the layout
    // (edited, deleted) is what lets it go. Joined to the batch (see Batch.join), so two batches
    // in flight never both plan it (a second DELETE, or a 404 reported as a failure).
    const held = batch.all ? [] : batch.join([...heldDeletes.keys()].filter((f) => !batchFiles.has(f)));
    const scope = new Set([...batchFiles, ...fixed, ...held]);
    // A batch that pushes nothing leaves the refused files that came with it (unsaved) parked.
    const untried = (): BatchOutcome => {
      const park = batch.rejoined.filter((f) => refusedFiles.has(f));
      return park.length > 0 ? { park } : {};
    };
    if (!batch.all && ![...scope].some((f) => !issuesByFile.has(f) && project.inScope(f))) return back(untried());

    if (batch.all) wholeLeft = undefined;
    const noViewFiles = project.files.length === 0;
    if (!noViewFiles) emptyHold = false;
    let prepared;
    try {
      prepared = await prepare('deploy', {
        dir,
        client,
        target: opts.target,
        project,
        resources,
        store,
        scope: batch.all ? undefined : (f) => scope.has(f) && project.inScope(f),
        // develop is read view by view for these files, not listed whole (the start-up sync lists it).
        scopeFiles: batch.all ? undefined : [...scope].filter((f) => project.inScope(f)),
        skipInvalid: true,
        // Never delete anything — views, endpoints, groups… — from a folder with no view files,
        // which deploy refuses whole.
        hold: { emptyFolder: batch.all && noViewFiles, everyDelete: !batch.all && noViewFiles && emptyHold },
        // Nor a layout a page still names (the folder's, valid or not, or develop's own: the pages
        // would lose their layout remotely), nor a page develop still replies with from what the
        // folder leaves alone (an endpoint without endpoints.yaml…): deploy refuses those.
        holdInUse: true,
        watch: true,
      });
    } catch (err) {
      throw refusedToken(err);
    }
    if ('issues' in prepared) {
      // What the plan would send cannot be (a name the target lacks, a certificate not set): nothing is pushed until it changes.
      for (const [file, issues] of groupIssues(prepared.issues)) {
        const text = issues.map(formatIssue).join('\n');
        if (bad.get(file) !== text) emit({ type: 'invalid', file, issues });
        bad.set(file, text);
      }
      return back(untried());
    }
    const { plan } = prepared;

    if (batch.all) {
      const differences = plan.changes.filter((c) => c.kind !== 'in-sync').length;
      emit({ type: 'status', all: true, differences, inSync: plan.inSync, conflicts: plan.conflicts, unit: countUnit(plan) });
      emptyHold = plan.changes.some((c) => c.held === 'empty-folder');
    }
    const heldEmpty = plan.changes.filter((c) => c.held === 'empty-folder');
    if (heldEmpty.length > 0) {
      emit({ type: 'error', message: `${dir} has no view files: not deleting ${countDeletes(heldEmpty)} (check --dir; lxp deploy --force does it)` });
    }
    // Held while a pull is unfinished: deletes (what the folder lacks), and pushes of the experience files.
    const heldDeletesForPull = plan.changes.filter((c) => c.held === 'unfinished-pull');
    const heldFiles = [...new Set(plan.changes.filter((c) => c.held === 'unfinished-pull-file').map((c) => c.file))].sort();
    if (heldDeletesForPull.length > 0 || heldFiles.length > 0) {
      const what = [...(heldDeletesForPull.length ? [`not deleting ${countDeletes(heldDeletesForPull)}`] : []), ...(heldFiles.length ? [`not pushing ${heldFiles.join(', ')}`] : [])];
      emit({ type: 'error', message: `a pull into ${dir} did not finish: ${what.join('; ')} (lxp pull finishes it)` });
    }

    // Layout deletes held because pages name them, page deletes held because develop still replies
    // with them, group deletes held because develop's endpoints still list them: reported once per
    // reason, re-planned every batch.
    const holding = plan.changes.filter((c) => c.held === 'layout-in-use' || c.held === 'page-in-use' || c.held === 'group-in-use');
    const heldNow = new Map<string, string[]>();
    for (const c of holding) {
      const reason = c.reason ?? '';
      if (heldSaid.get(c.key)?.reason !== reason) emit({ type: 'skipped', resource: c.resource, ...(c.viewType ? { viewType: c.viewType } : {}), name: c.name, file: c.file, reason });
      heldSaid.set(c.key, { file: c.file, reason });
      heldNow.set(c.file, [...(heldNow.get(c.file) ?? []), c.resource === 'view' ? reason : `${c.resource} "${c.name}" is ${reason}`]);
    }
    for (const [file, reasons] of heldNow) heldDeletes.set(file, reasons.join('; '));
    // A held delete this push did not plan (in flight in another batch) stays held.
    const planned = (file: string) => batch.all || scope.has(file);
    for (const file of [...heldDeletes.keys()]) if (planned(file) && !heldNow.has(file)) heldDeletes.delete(file);
    for (const [key, { file }] of [...heldSaid]) if (planned(file) && !holding.some((c) => c.key === key)) heldSaid.delete(key);

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
    const saved = new Set(batch.files.filter((f) => !batch.rejoined.includes(f)));
    /** Reported once per message; again when the file itself was saved (the user wants to hear about their save). */
    const firstTime = (r: ChangeResult): boolean => {
      const again = refusalsReported.get(r.key) === r.error && !saved.has(r.file) && !batch.all;
      refusalsReported.set(r.key, r.error ?? '');
      return !again;
    };
    /** This push's raced refusals met for the first time: re-planned, not reported (that plan says what happened). */
    const replanKeys = new Set<string>();
    const onResult = (r: ChangeResult) => {
      const c = changeByKey.get(r.key);
      if (r.raced && racedBefore.get(r.key) !== r.error) {
        replanKeys.add(r.key);
        racedBefore.set(r.key, r.error ?? '');
        return;
      }
      if (r.status === 'skipped' && c?.dependsOn.some((k) => replanKeys.has(k))) return;
      if (r.status === 'done') refusalsReported.delete(r.key);
      if (r.status === 'done' && sendsRequest(r)) {
        const end = now();
        const since = c ? sinceOf(c) : undefined;
        emit({
          type: 'push',
          action: r.action,
          resource: r.resource,
          ...(r.viewType ? { viewType: r.viewType } : {}),
          name: r.name,
          file: r.file,
          ...(r.fromName !== undefined ? { fromName: r.fromName } : {}),
          ...(r.swap !== undefined ? { swap: r.swap } : {}),
          ...(c?.neverSynced && r.action === 'update' ? { neverSynced: { replaced: changedFields(c) } } : {}),
          ...(r.id ?? c?.id ? { id: r.id ?? c?.id } : {}),
          ms: end - (startedAt.get(r.key) ?? end),
          ...(since !== undefined ? { sinceChangeMs: Math.max(0, end - since) } : {}),
          at: Date.now(),
        });
      } else if (r.status === 'conflict') {
        leftAlone.set(r.file, { file: r.file, why: 'conflict', reason: r.error ?? 'changed on both sides' });
        emit({ type: 'conflict', resource: r.resource, ...(r.viewType ? { viewType: r.viewType } : {}), name: r.name, file: r.file, reason: r.error ?? 'changed on both sides' });
      } else if (r.status === 'skipped' && r.action === 'skip') {
        // Something only develop has (made in the UI) left alone is nothing of the folder's unpushed.
        // Nor is a file a pull that did not finish never wrote (its delete is held, not the file's push).
        // (A delete held because something still names it is in heldDeletes, with every reason of its file.)
        const inUse = c?.held === 'layout-in-use' || c?.held === 'page-in-use' || c?.held === 'group-in-use';
        if (c?.kind !== 'new-remote' && c?.held !== 'unfinished-pull' && !inUse) leftAlone.set(r.file, { file: r.file, why: 'skipped', reason: r.error ?? '' });
        // Held deletes are reported above, once per reason; the empty folder as one error.
        if (!c?.held) emit({ type: 'skipped', resource: r.resource, ...(r.viewType ? { viewType: r.viewType } : {}), name: r.name, file: r.file, reason: r.error ?? '' });
      } else if (r.refused) {
        if (firstTime(r)) emit({ type: 'refused', action: r.action, resource: r.resource, ...(r.viewType ? { viewType: r.viewType } : {}), name: r.name, file: r.file, error: r.error ?? 'refused' });
      } else if (isFailure(r)) {
        // Not attempted because a change it needs was refused: said once, as the refusal is.
        if (r.status === 'skipped' && !firstTime(r)) return;
        emit({ type: 'failed', action: r.action, resource: r.resource, ...(r.viewType ? { viewType: r.viewType } : {}), name: r.name, file: r.file, error: r.error ?? 'failed' });
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
    const failed = results.filter((r) => isFailure(r) && !(r.status === 'skipped' && plan.conflicts > 0));
    // Refused changes are named apart (notPushed, `refused`); the rest would go with a retry.
    if (batch.all) wholeLeft = [...new Set(failed.filter((r) => !r.refused).map((r) => r.file))].sort();
    // A change the API refused as sent (400, 404, 409, 413…) fails again however often it is sent:
    // its file is parked until a save, not retried after a backoff. So are the changes not
    // attempted because they need it — unless something failed that a retry can pass, which
    // they may need instead: then they go with the retry.
    const transient = failed.filter((r) => !r.refused && r.status === 'failed');
    // A change refused because develop changed meanwhile is planned again at once (with what
    // waits on it, unless a retry takes that); a second such refusal is a refusal as any other.
    for (const r of results) if (!replanKeys.has(r.key) && !(r.raced && racedBefore.get(r.key) === r.error)) racedBefore.delete(r.key);
    const replan = new Set(failed.filter((r) => replanKeys.has(r.key)).map((r) => r.file));
    const refusedNow = new Map<string, string>();
    for (const r of failed) {
      if (replan.has(r.file) || (!r.refused && (transient.length > 0 || r.status === 'failed'))) continue;
      if (r.status === 'skipped' && replan.size > 0) {
        replan.add(r.file);
        continue;
      }
      const why = `${r.action} ${r.viewType ?? r.resource} "${r.name}": ${r.error ?? 'refused'}`;
      refusedNow.set(r.file, refusedNow.has(r.file) ? `${refusedNow.get(r.file)}; ${why}` : why);
    }
    if (batch.all) refusedFiles.clear();
    else for (const f of scope) refusedFiles.delete(f);
    for (const [file, why] of refusedNow) refusedFiles.set(file, why);
    if (failed.length > 0) {
      const park = [...refusedNow.keys()];
      // Retry the rest of the batch: what succeeded plans to nothing next time, what failed is sent again.
      // Once a stop sent nothing more (Ctrl-C), no retry comes: what is handed back is close()'s
      // `pending`, so only the files of the changes not applied — not those that landed.
      const stopped = failed.some((r) => notSent(r.error));
      const unapplied = (f: string) => failed.some((r) => !r.refused && (r.file === f || changeByKey.get(r.key)?.synced?.file === f));
      const retry = transient.length > 0 ? [...scope].filter((f) => !refusedNow.has(f) && !replan.has(f) && (!stopped || unapplied(f))) : [];
      return back({
        ...(retry.length > 0 || (batch.all && transient.length > 0) ? { retry, retryAll: batch.all && transient.length > 0, error: transient[0]?.error } : {}),
        ...(park.length ? { park } : {}),
        ...(replan.size ? { replan: [...replan].sort() } : {}),
      });
    }
    // Records a clean whole-folder push as a full sync, as deploy does.
    await finish('deploy', { dir, client, target: opts.target }, prepared, results);
    return back({});
  }

  return Object.assign(push, {
    async unread(): Promise<string[]> {
      // Nothing read yet (the start-up sync did not run): the whole folder is pending already.
      if (!cache) return [];
      const read = cache;
      const now = new Map(read);
      const project = await loadProject(dir, { cache: now });
      return project.files.filter((f) => now.get(f)?.hash !== read.get(f)?.hash).sort();
    },
    wholeSyncLeft: () => wholeLeft,
    notPushed(): NotPushed[] {
      const out = new Map(leftAlone);
      for (const [file, text] of bad) if (!out.has(file)) out.set(file, { file, why: 'invalid', reason: text });
      for (const [file, reason] of refusedFiles) if (!out.has(file)) out.set(file, { file, why: 'refused', reason });
      return [...out.values()].sort((a, b) => a.file.localeCompare(b.file));
    },
  });
}
