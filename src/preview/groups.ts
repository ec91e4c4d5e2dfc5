// The groups behind `group` and `device` access when the experience is served from the folder.
// Endpoints name groups; users belong to groups of the application (the local server's, with
// their ids). So: a group's id is the application's group of that name (a group the
// application does not have yet keeps its name as a stand-in id, which no user can hold); the
// tree — who is whose parent — is groups.yaml's when the folder has one (the tree being
// developed), else the application's; a group's devices are groups.yaml's `deviceIds` when it
// names them, else the application's, and its members reach its descendants' devices too. Pure.
import type { GroupContent } from '../project/resources/index.js';
import type { UserDirectory } from '../runtime/index.js';

/** A group of the application (the local server's). */
export interface ApplicationGroup {
  id: string;
  name: string;
  parentId: string | null;
  deviceIds: string[];
}

export interface GroupAccess extends Required<Pick<UserDirectory, 'ancestorsOf' | 'devicesOf'>> {
  /** The id endpoints use for the group `name`. */
  idOf(name: string): string;
}

export function groupAccess(folder: readonly GroupContent[] | undefined, application: readonly ApplicationGroup[]): GroupAccess {
  // Two groups of one name (made outside lxp): the first, as a deploy pairs names with ids.
  const byName = new Map<string, ApplicationGroup>();
  for (const g of application) if (!byName.has(g.name)) byName.set(g.name, g);
  const byId = new Map(application.map((g) => [g.id, g]));
  const folderByName = new Map((folder ?? []).map((g) => [g.name, g]));
  const idOf = (name: string) => byName.get(name)?.id ?? name;
  const nameOf = (id: string) => byId.get(id)?.name ?? id;

  const ancestorsOf = (id: string): string[] => {
    const out: string[] = [];
    if (folder) {
      let parent = folderByName.get(nameOf(id))?.parent ?? null;
      while (parent !== null && !out.includes(idOf(parent))) {
        out.push(idOf(parent));
        parent = folderByName.get(parent)?.parent ?? null;
      }
      return out;
    }
    let parent = byId.get(id)?.parentId ?? null;
    while (parent !== null && byId.has(parent) && !out.includes(parent) && parent !== id) {
      out.push(parent);
      parent = byId.get(parent)!.parentId;
    }
    return out;
  };

  const ownDevices = (id: string): string[] => folderByName.get(nameOf(id))?.deviceIds ?? byId.get(id)?.deviceIds ?? [];
  // A group's members reach its descendants' devices too (Losant's groups page: members of a
  // parent group "will automatically be associated with the child group's devices").
  const allIds = new Set([...(folder ?? []).map((g) => idOf(g.name)), ...application.map((g) => g.id)]);
  const devicesOf = (id: string): string[] => {
    const out = new Set(ownDevices(id));
    for (const other of allIds) if (other !== id && ancestorsOf(other).includes(id)) for (const d of ownDevices(other)) out.add(d);
    return [...out];
  };

  return { idOf, ancestorsOf, devicesOf };
}
