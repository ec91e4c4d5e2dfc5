// What the sync commands add to the --json envelope: the plan and each change's outcome. Bodies
// are left out (they can be large and are in the folder anyway); `lxp diff --json` adds each
// view's patch.
import type { ClientStats } from '../../api/types.js';
import type { Plan, PlannedChange } from '../../sync/plan.js';
import type { ChangeResult } from '../../sync/results.js';
import type { SyncReport } from '../../sync/run.js';
import { diffOf } from './diff.js';
import { countActions } from './text.js';

export interface JsonChange {
  action: string;
  kind: string;
  /** view, endpoint, group, settings, slug or domain. */
  resource: string;
  /** Views: layout, page or component. */
  viewType?: string;
  name: string;
  file: string;
  /** The other kinds: the line of the entry in its file. */
  line?: number;
  fromName?: string;
  id?: string;
  reason?: string;
  /** `changed-local` with no sync record with this target: the sides differ and nothing says which one changed (status: "never synced"). */
  neverSynced?: true;
  /** Endpoints, groups: the ids of the others develop has with the same identity (see docs/experience-files.md, "Groups develop has twice"). */
  twins?: string[];
  /** Endpoints, groups: refused because another resource would take the same identity in this run (docs/experience-files.md, "Two resources claiming one name"). */
  collision?: true;
  /** Views: a layout or page deleted on develop that develop still names — what names it (`pages`, `endpoint "rp"`); pull keeps its file. */
  stillNamedBy?: string;
  /** Groups (pull): the parent this pull removes (deleted on develop); the entry, kept, moves to the top level of groups.yaml. */
  parentGone?: string;
  /** Groups (deploy): a group kept on develop (it has users) whose parent the deploy deletes: the group develop moves it under (null: the top level); `parentGone` names the parent. */
  movesUnder?: string | null;
  /** Endpoints whose routes swap: `away` is the added first step to the endpoint's temporary route (kind `in-sync`: not a difference of its own), `back` its move from there. */
  swap?: 'away' | 'back';
  /** An endpoint at its own temporary route (`/lxp-swap-<id>`), where a deploy swapping routes that did not finish left it: that route. */
  parkedAt?: string;
  /** Action `repoint` (or a skip saying why not): each reply field naming a re-created page by its deleted id (`from`), and the page. */
  repoint?: Array<{ field: string; page: string; from: string }>;
  /** An endpoint made in the UI whose reply names pages deleted in Losant: their ids. */
  pageGone?: string[];
  /** develop's endpoint or settings that no entry of the folder holds (made in the UI; settings experience.yaml leaves alone): `file` is only where its kind would go. */
  notInFolder?: true;
  status: string;
  error?: string;
  warning?: string;
  diff?: string;
}

/**
 * Each planned change with its result, as --json shows it. A change without a result is
 * `conflict`, or `unapplied` — `planned` for a dry run, status or diff, else `not-applied`.
 */
export function changesToJson(plan: Plan | undefined, results: readonly ChangeResult[], unapplied: 'planned' | 'not-applied', opts: { withDiffs?: boolean } = {}): JsonChange[] {
  const byKey = new Map(results.map((r) => [r.key, r]));
  return (plan?.changes ?? []).map((c: PlannedChange) => {
    const r = byKey.get(c.key);
    const status = r?.status ?? (c.action === 'conflict' ? 'conflict' : unapplied);
    const out: JsonChange = { action: c.action, kind: c.kind, resource: c.resource, ...(c.viewType ? { viewType: c.viewType } : {}), name: c.name, file: c.file, status };
    if (c.item?.line !== undefined) out.line = c.item.line;
    if (c.fromName !== undefined) out.fromName = c.fromName;
    if (r?.id ?? c.id) out.id = r?.id ?? c.id;
    if (c.reason) out.reason = c.reason;
    if (c.neverSynced) out.neverSynced = true;
    if (c.twins) out.twins = c.twins;
    if (c.collision) out.collision = true;
    if (c.stillNamedBy) out.stillNamedBy = c.stillNamedBy;
    if (c.parentGone) out.parentGone = c.parentGone;
    if (c.movedUp) {
      out.parentGone = c.movedUp.parentGone;
      out.movesUnder = c.movedUp.under;
    }
    if (c.swap) out.swap = c.swap;
    if (c.parkedAt) out.parkedAt = c.parkedAt;
    if (c.repoint) out.repoint = c.repoint.replies.map((x) => ({ field: x.field, page: x.page, from: x.from }));
    if (c.pageGone) out.pageGone = c.pageGone;
    if (c.notInFolder) out.notInFolder = true;
    if (r?.error) out.error = r.error;
    if (r?.warning) out.warning = r.warning;
    if (opts.withDiffs && c.kind !== 'in-sync') out.diff = diffOf(c);
    return out;
  });
}

export function reportToJson(report: SyncReport, opts: { withDiffs?: boolean; requests?: ClientStats } = {}) {
  const planned = report.outcome === 'dry-run' || report.command === 'status' || report.command === 'diff';
  const changes = changesToJson(report.plan, report.results, planned ? 'planned' : 'not-applied', opts);
  return {
    dryRun: report.dryRun,
    issues: report.issues,
    warnings: report.warnings,
    // A pull (or its dry run): names the folder gives that it lacks, and what develop holds that lxp
    // refuses in the files it writes (status and deploy refuse the folder until it is fixed).
    ...(report.lacking ? { lacking: report.lacking } : {}),
    ...(report.leftInvalid ? { leftInvalid: report.leftInvalid } : {}),
    plan: report.plan
      ? {
          direction: report.plan.direction,
          fresh: report.plan.fresh,
          scoped: report.plan.scoped,
          unfinishedPull: report.plan.unfinishedPull === true,
          inSync: report.plan.inSync,
          conflicts: report.plan.conflicts,
          differences: report.plan.changes.filter((c) => c.kind !== 'in-sync').length,
          actions: countActions(report.plan.changes),
        }
      : null,
    changes,
    // requests, retries, throttled, recoveredCreates, and concurrency {mode, limit, peak, lowest}.
    ...(opts.requests ? { requests: opts.requests } : {}),
  };
}
