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

export function groupIdsByName(
  groups: readonly ApiGroup[],
  recorded: Readonly<Record<string, ResourceEntry | null>> | undefined,
  /** groupNamesInFolder() of the same groups, when groups.yaml is there. */
  namesInFolder?: ReadonlyMap<string, string>,
): Map<string, string> {
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
  // A group renamed on develop that groups.yaml still calls by its old name (not pulled yet): the
  // folder's name resolves to it as long as no group of develop has taken that name.
  if (namesInFolder) for (const [id, name] of namesInFolder) if (!ids.has(name)) ids.set(name, id);
  return ids;
}

/**
 * Group ids → the names the folder gives them, for a pull that writes endpoints.yaml without
 * covering groups.yaml (`lxp pull endpoints.yaml`): the name this target's last sync recorded,
 * while groups.yaml still holds it (a group renamed on develop keeps the folder's name until
 * groups.yaml is pulled too, so the two files agree), else develop's name — never the id (a
 * narrowed pull once wrote raw ids into endpoints.yaml, which no command then accepted).
 */
export function groupNamesInFolder(
  groups: readonly ApiGroup[],
  recorded: Readonly<Record<string, ResourceEntry | null>> | undefined,
  folderNames: ReadonlySet<string> | undefined,
): Map<string, string> {
  const recordedName = new Map(Object.values(recorded ?? {}).flatMap((e) => (e ? [[e.id, e.identity] as const] : [])));
  const names = new Map<string, string>();
  for (const g of groups) {
    const was = recordedName.get(g.id);
    names.set(g.id, was !== undefined && folderNames?.has(was) ? was : g.name);
  }
  return names;
}
