// An official-CLI workspace imported with --target into a folder: what the folder's sync state
// (.lxp/, for that target and application) records for each view file the import writes, and what
// the import's report then says the next deploy and pull do with it — worked out with the very
// rule status, deploy and pull use (sync/three-way.ts), so every line of the report is true for a
// folder that already has sync state as much as for a new one (review 10b, F11). Pure.
//
// - A file that holds exactly the develop view it was matched to is recorded in sync (review 10, F16).
// - A file that differs from it (the body edited since the download, a layout deleted in Losant) is
//   recorded against develop's view as read now — the import's base: the file is a change made in
//   the folder, so `lxp status` says "changed locally", the next deploy sends it, a pull keeps it, and
//   an edit made in Losant after the import is a conflict, never overwritten without --force.
// - Unless the folder already records that view in that file: then the record stays — it knows
//   more than the import (develop changed since the folder last synced it, and the file holds what
//   the folder had then: "changed remotely"; or both changed: a conflict) — and the report says so.
// - Views of develop with no file in the workspace: what the next deploy does about each, given
//   its record (or none) and whether the folder ever finished a whole sync.
// (Which file each view goes to — the folder's own file of it, when its record names one — is
// decided before: src/import/folder-files.ts.) One case no file choice solves is refused, nothing
// written: the folder's file of a view develop renamed since still has the old name, which a view
// this import writes now has — two files would name one view (the fix10f leftover).
import { parseViewFile } from '../project/parse.js';
import { hashContent, MANAGED_TAG } from '../project/view.js';
import { plural } from '../project/plural.js';
import type { StateEntry, TargetState } from '../sync/state.js';
import { classify } from '../sync/three-way.js';
import type { PlannedFile } from './folder-files.js';
import type { ImportedView, RemoteOnlyView } from './imported.js';
import type { ReportItem } from './report.js';

export interface SyncFate {
  /** Records to make (each replaces any other record of its file). */
  records: StateEntry[];
  /** Of them: files that hold exactly develop's view (in sync), and files recorded against it that differ (changed locally). */
  inSync: number;
  changedLocally: number;
  /** Files the import kept whose view changed in Losant since the folder last synced it: a whole pull takes develop's over them. */
  changedRemotely: number;
  /** Files in conflict with develop (both changed since the folder's last sync): deploy and pull refuse to run until settled. */
  conflicts: number;
  /** Views of develop without a file that the next deploy deletes; of them, those a plain whole pull brings in. */
  deletedByDeploy: number;
  wholePullBringsIn: number;
  report: ReportItem[];
  /** Why the import cannot be written as it is (empty: it can). */
  refusals: string[];
}

const differing = (d: readonly string[]) => `the ${d.join(' and ')} differs`;

/**
 * What the import records and says, for the views it matched and those of develop it did not.
 * `present`: whether a file is in the folder once the import is written (written, kept, or not removed as an earlier import's).
 */
export function syncFate(views: readonly ImportedView[], remoteOnly: readonly RemoteOnlyView[], planned: readonly PlannedFile[], state: TargetState, present: (file: string) => boolean): SyncFate {
  const out: SyncFate = { records: [], inSync: 0, changedLocally: 0, changedRemotely: 0, conflicts: 0, deletedByDeploy: 0, wholePullBringsIn: 0, report: [], refusals: [] };
  const bySource = new Map(views.map((v) => [v.from.file, v]));
  const written = new Set(planned.map((f) => f.file));
  /** What the import writes, by type and name: the file. */
  const writes = new Map<string, string>();
  // Lines about files that differ wait for the count of conflicts: one refuses every whole deploy.
  const pending: { source: string; file: string; kind: 'local' | 'remote' | 'conflict'; what: string; type: string; name: string }[] = [];

  for (const f of planned) {
    const v = f.source === undefined ? undefined : bySource.get(f.source);
    if (!v?.develop) continue;
    const { id, hash, lastUpdated, differs } = v.develop;
    const back = parseViewFile(f.file, f.text).view;
    if (back === undefined) continue;
    const type = back.viewType;
    writes.set(`${type}:${back.name}`, f.file);
    const mine = state.views[id];
    const local = hashContent(back);
    if (local === hash) {
      out.records.push({ id, viewType: type, name: back.name, file: f.file, hash, lastUpdated });
      out.inSync++;
      continue;
    }
    const what = differing(differs.length > 0 ? differs : ['content']);
    const kept = mine && mine.file === f.file ? mine : undefined;
    const kind = kept ? classify({ local, remote: hash, synced: kept.hash, managed: true }, !state.fullSync, 'deploy') : 'changed-local';
    if (kind === 'changed-remote') {
      out.changedRemotely++;
      pending.push({ source: v.from.file, file: f.file, kind: 'remote', what, type, name: back.name });
    } else if (kind === 'conflict') {
      out.conflicts++;
      pending.push({ source: v.from.file, file: f.file, kind: 'conflict', what, type, name: back.name });
    } else {
      // Not the folder's record (none, or develop unchanged since it): develop as read now is the base.
      out.records.push({ id, viewType: type, name: back.name, file: f.file, hash, lastUpdated });
      out.changedLocally++;
      pending.push({ source: v.from.file, file: f.file, kind: 'local', what, type, name: back.name });
    }
  }

  const sends = out.conflicts > 0 ? `a deploy sends it once ${out.conflicts === 1 ? 'the conflict this report lists is' : `the ${out.conflicts} conflicts this report lists are`} settled` : 'the next deploy sends it';
  for (const p of pending) {
    const of = `develop's ${p.type} "${p.name}"`;
    const message =
      p.kind === 'local'
        ? `${p.what} from ${of}: the file is kept, and ${sends} (lxp status: changed locally; a pull keeps it, lxp pull --force ${p.file} takes develop's)`
        : p.kind === 'remote'
          ? `${p.what} from ${of}, which changed in Losant since this folder last synced it (the file holds what the folder had then): the file is kept, and lxp deploy leaves develop's alone (lxp status: changed remotely); lxp pull takes develop's over the file, lxp deploy --force ${p.file} sends the file`
          : `${p.what} from ${of}, and both changed since this folder last synced it: the file is kept, and lxp status shows a conflict — a whole lxp deploy or lxp pull refuses to run (exit 3) until it is settled: lxp deploy --force ${p.file} sends the file, lxp pull --force ${p.file} takes develop's`;
    out.report.push({ kind: 'metadata', file: p.source, message });
  }

  // Views of develop with no file in the workspace: what the next deploy does, as status would plan it.
  const wholePullReplaces = out.changedRemotely > 0 ? ` (a pull of that file: not a whole lxp pull, which would also take develop's over ${plural(out.changedRemotely, 'file')} the import kept)` : '';
  for (const v of remoteOnly) {
    const what = `the ${v.viewType} "${v.name}" of develop has no file in the workspace`;
    const rec = state.views[v.id];
    if (rec && present(rec.file) && !written.has(rec.file)) {
      const clash = rec.name !== v.name ? writes.get(`${v.viewType}:${rec.name}`) : undefined;
      if (clash !== undefined)
        out.refusals.push(
          `${rec.file} is this folder's file of develop's ${v.viewType} "${v.name}", which was "${rec.name}" when this folder last synced it; develop's ${v.viewType} "${rec.name}" is now another one, which this import writes as ${clash}: two files would name it. Bring the rename in first (lxp pull ${rec.file}), then import again`,
        );
      out.report.push({ kind: 'remote-only', message: `${what}: not imported; the folder's own file ${rec.file} (kept, not the workspace's) is its file` });
      continue;
    }
    if (rec) {
      // The folder synced it, and its file is gone: as status plans a view deleted from the folder.
      const kind = classify({ remote: v.hash, synced: rec.hash, managed: v.managed }, !state.fullSync, 'deploy');
      if (kind === 'deleted-local') {
        out.deletedByDeploy++;
        out.report.push({ kind: 'remote-only-managed', message: `${what}, and this folder's sync record has it in ${rec.file}, which is not in the folder: not imported, and the next lxp deploy deletes it from develop unless lxp pull --force ${rec.file} brings it back first` });
      } else out.report.push({ kind: 'remote-only', message: `${what}, and this folder's sync record has it in ${rec.file}, which is not in the folder, while develop changed it since: not imported; lxp status shows a conflict, and a whole lxp deploy or lxp pull refuses to run until lxp pull --force ${rec.file} brings it back (or lxp deploy --force deletes it)` });
      continue;
    }
    const kind = classify({ remote: v.hash, managed: v.managed }, !state.fullSync, 'deploy');
    if (kind === 'deleted-local') {
      // A fresh checkout's rule (docs/commands.md): lxp manages it, the folder has neither its file nor a record.
      out.deletedByDeploy++;
      out.wholePullBringsIn++;
      out.report.push({ kind: 'remote-only-managed', message: `${what} and lxp manages it (tag ${MANAGED_TAG}): not imported, and the next lxp deploy from this folder deletes it unless lxp pull brings it in first${wholePullReplaces}` });
    } else if (v.managed)
      out.report.push({ kind: 'remote-only', message: `${what} and lxp manages it (tag ${MANAGED_TAG}), but this folder has no sync record of it: not imported; lxp deploy leaves it alone (lxp status: new remotely, not from this folder), and lxp pull brings it in` });
    else out.report.push({ kind: 'remote-only', message: `${what}: not imported; made in Losant (no ${MANAGED_TAG} tag), so lxp deploy leaves it alone (lxp pull brings it in)` });
  }
  return out;
}
