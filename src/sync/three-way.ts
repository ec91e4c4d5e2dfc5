// The three-way rule every kind shares, on content hashes alone. PURE.
//
// Classification of one resource (L = folder, R = remote, S = last sync record):
//
//   L R S   L==R → in sync; both differ from S → conflict; else changed locally / remotely
//   L R -   L==R → in sync; fresh folder → changed locally (the folder is the truth: "never synced"
//           to people, as nothing says which side changed); else conflict
//   L - S   L==S → deleted remotely; else conflict
//   L - -   new locally
//   - R S   R==S → deleted locally; else conflict
//   - R -   managed by lxp and the folder is fresh (deploy/status) → deleted locally; else new remotely
//   - - S   stale record → forgotten
//
// "Fresh" means this folder never completed a whole-folder sync of this kind with this target
// (e.g. a CI checkout without .lxp/): resources lxp manages (its reserved tag) that the folder
// does not have are deleted by deploy, while those made by hand in the UI (no tag) are never
// deleted without --prune.
//
// decide() turns a classification into what a deploy or a pull does, before each kind says how
// (which request, which file).
import type { ChangeKind, Direction } from './change.js';

export interface Hashes {
  /** The folder's content hash; undefined when the folder has none. */
  local?: string;
  /** The remote's; undefined when there is no remote resource. */
  remote?: string;
  /** The last sync's; undefined when there is no record. */
  synced?: string;
  /** The remote resource carries lxp's managed tag. */
  managed: boolean;
}

export function classify(h: Hashes, fresh: boolean, direction: Direction): ChangeKind | 'stale' {
  const { local: l, remote: r, synced: s } = h;
  if (l && r) {
    if (l === r) return 'in-sync';
    if (s === undefined) return fresh ? 'changed-local' : 'conflict';
    if (l !== s && r !== s) return 'conflict';
    return l !== s ? 'changed-local' : 'changed-remote';
  }
  if (l) {
    if (s === undefined) return 'new-local';
    return l === s ? 'deleted-remote' : 'conflict';
  }
  if (r) {
    if (s !== undefined) return r === s ? 'deleted-local' : 'conflict';
    // Pull brings the folder to the remote: a resource the folder lacks is new to the folder.
    return fresh && h.managed && direction === 'deploy' ? 'deleted-local' : 'new-remote';
  }
  return 'stale';
}

export const REASONS = {
  changedRemoteDeploy: 'changed remotely: pull it, or deploy --force to overwrite it',
  deletedRemoteDeploy: 'deleted remotely: pull to delete the file, or deploy --force to re-create it',
  newRemoteDeploy: 'not from this folder: left alone (deploy --prune deletes it)',
  conflict: "changed on both sides since the last sync: deploy --force keeps the folder's version, pull --force takes develop's",
  conflictNoState: "on both sides with different content and no sync record: deploy --force keeps the folder's version, pull --force takes develop's",
  newLocalPull: 'not deployed yet: kept (pull --prune removes it from the folder)',
  changedLocalPull: 'changed locally: kept (pull --force overwrites it)',
  deletedLocalPull: 'deleted locally: not restored (pull --force restores it)',
  neverSyncedDeploy: "never synced with this target: the folder's replaces develop's",
  neverSyncedPull: "never synced with this target: the folder's kept (pull --force takes develop's)",
} as const;

/**
 * A difference with no sync record, classified `changed-local` because the folder is fresh: the
 * two sides differ and nothing says which one changed (a new folder, a fresh checkout). Deploy
 * still treats the folder as the truth; people are told it was never synced, not "changed locally".
 */
export function neverSynced(kind: ChangeKind | 'stale', hasSync: boolean): boolean {
  return kind === 'changed-local' && !hasSync;
}

/**
 * What to do, in the abstract: `push` the folder's side over the remote (create or update; with
 * a reason when the folder never synced it),
 * `take` the remote's into the folder (write, or remove when the remote has none), `delete` the
 * remote resource, `remove` the folder's, leave it (`skip`, with why), refuse (`conflict`), or
 * nothing to send (`in-sync`: a kind may still record or mark it).
 */
export type Decision =
  | { do: 'in-sync' }
  | { do: 'push'; reason?: string }
  | { do: 'take' }
  | { do: 'delete' }
  | { do: 'remove' }
  | { do: 'skip'; reason: string }
  | { do: 'conflict'; reason: string };

export function decide(kind: ChangeKind, direction: Direction, opts: { force: boolean; prune: boolean; hasLocal: boolean; hasSync: boolean }): Decision {
  const { force, prune } = opts;
  const conflict = (): Decision => ({ do: 'conflict', reason: opts.hasSync ? REASONS.conflict : REASONS.conflictNoState });
  if (direction === 'deploy') {
    switch (kind) {
      case 'in-sync':
        return { do: 'in-sync' };
      case 'new-local':
        return { do: 'push' };
      case 'changed-local':
        return opts.hasSync ? { do: 'push' } : { do: 'push', reason: REASONS.neverSyncedDeploy };
      case 'deleted-local':
        return { do: 'delete' };
      case 'changed-remote':
        return force ? { do: 'push' } : { do: 'skip', reason: REASONS.changedRemoteDeploy };
      case 'deleted-remote':
        return force ? { do: 'push' } : { do: 'skip', reason: REASONS.deletedRemoteDeploy };
      case 'new-remote':
        return prune ? { do: 'delete' } : { do: 'skip', reason: REASONS.newRemoteDeploy };
      case 'conflict':
        if (!force) return conflict();
        return opts.hasLocal ? { do: 'push' } : { do: 'delete' };
    }
  }
  switch (kind) {
    case 'in-sync':
      return { do: 'in-sync' };
    case 'new-remote':
    case 'changed-remote':
    case 'deleted-remote':
      return { do: 'take' };
    case 'new-local':
      return prune ? { do: 'remove' } : { do: 'skip', reason: REASONS.newLocalPull };
    case 'changed-local':
      return force ? { do: 'take' } : { do: 'skip', reason: opts.hasSync ? REASONS.changedLocalPull : REASONS.neverSyncedPull };
    case 'deleted-local':
      return force ? { do: 'take' } : { do: 'skip', reason: REASONS.deletedLocalPull };
    case 'conflict':
      return force ? { do: 'take' } : conflict();
  }
}
