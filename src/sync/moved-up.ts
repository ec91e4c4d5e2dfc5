// A group a deploy keeps on develop (it has users: deleted only with --prune) though the folder
// dropped it, whose parent the same deploy deletes: develop moves it up (plan-resources.ts's
// sayMovedUp). That move is the deploy's own doing, not an edit in Losant, so once the deletes
// are done the group is recorded as develop then holds it — else the next status would call it
// changed on both sides (deleted locally; changed remotely) and every deploy and pull would stop
// on that conflict (review 10, F10). Develop is read (one list of groups) rather than the move
// predicted: Losant documents no rule for it. A group that changed otherwise meanwhile (an edit
// in Losant during the deploy) is not recorded: that edit is develop's, and shows as one.
import type { ExperienceClient } from '../api/types.js';
import { FOLDER_KINDS } from './kinds.js';
import type { Plan } from './plan.js';
import { recordHashes } from './plan-resources.js';
import { BY_ID } from './remote-resources.js';
import type { ChangeResult } from './results.js';
import type { StateStore } from './state.js';

export async function recordMovedUp(plan: Plan, results: readonly ChangeResult[], client: ExperienceClient, store: StateStore): Promise<void> {
  const done = new Set(results.filter((r) => r.status === 'done').map((r) => r.key));
  const moved = plan.changes.filter((c) => c.movedUp && c.id !== undefined && c.item?.develop !== undefined && c.movedUp.after.every((k) => done.has(k)));
  if (moved.length === 0) return;
  const k = FOLDER_KINDS.group;
  const listed = new Map((await client.listGroups()).map((g) => [g.id, g]));
  const withoutParent = (content: unknown) => k.hash({ ...(content as object), parent: null } as never);
  for (const c of moved) {
    const raw = listed.get(c.id!);
    if (raw === undefined) continue; // deleted meanwhile: the next run says so
    const now = k.fromWire(raw, BY_ID).content;
    const under = c.movedUp!.under === null ? null : plan.groupIds[c.movedUp!.under];
    const parent = (now as { parent: string | null }).parent;
    if (withoutParent(now) !== withoutParent(c.item!.develop) || (parent !== null && parent !== under)) continue;
    if (c.item!.synced && c.item!.synced.id !== c.id) store.removeResource('group', c.item!.synced.id);
    const hashes = recordHashes(k, now);
    store.setResource('group', { id: c.id!, identity: c.name, hash: k.hash(k.alignRemote(now, undefined)), ...(hashes ? { hashes } : {}), lastUpdated: raw.lastUpdated ?? '' });
  }
}
