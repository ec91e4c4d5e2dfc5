// Group names → ids, for what a run names without covering groups.yaml: endpoints' `groups:`
// in a run narrowed to endpoints.yaml, a watch push, a release's checks. Losant lets two groups
// share a name (lxp's pairing refuses to guess, see plan-resources.ts), so a name develop has
// more than once resolves to the one this folder's last sync recorded, else the one lxp manages
// when exactly one is, else to nothing — never to whichever the list happened to give last
// (that re-pointed a group-only endpoint at a stray group someone made by hand).
import type { ApiGroup } from '../api/types.js';
import { FOLDER_KINDS } from './kinds.js';
import { soleOrManaged } from './sole-managed.js';
import type { ResourceEntry } from './state.js';

export function groupIdsByName(groups: readonly ApiGroup[], recorded: Readonly<Record<string, ResourceEntry | null>> | undefined): Map<string, string> {
  const byName = new Map<string, ApiGroup[]>();
  for (const g of groups) {
    const list = byName.get(g.name);
    if (list) list.push(g);
    else byName.set(g.name, [g]);
  }
  const recordedIds = new Set(Object.values(recorded ?? {}).flatMap((e) => (e ? [e.id] : [])));
  const ids = new Map<string, string>();
  for (const [name, list] of byName) {
    // The one this folder's last sync recorded, else the rule pairing uses (plan-resources.ts).
    const recordedOne = list.filter((g) => recordedIds.has(g.id));
    const pick = list.length > 1 && recordedOne.length === 1 ? recordedOne[0] : soleOrManaged(list, (g) => FOLDER_KINDS.group.isManaged(g));
    if (pick) ids.set(name, pick.id);
  }
  return ids;
}
