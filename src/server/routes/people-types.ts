// Documents of experience users and groups as the record store keeps them, and the group tree.
import type { StoredRecord } from '../store/records.js';

export interface UserDoc {
  email: string;
  firstName: string;
  lastName: string;
  /** scrypt$salt$hash: the password itself is never stored or returned. */
  passwordHash: string;
  passwordLastUpdated: number;
  tokenCutoff?: string;
  userTags: Record<string, string>;
  experienceGroupIds: string[];
}

export interface GroupDoc {
  name: string;
  description: string;
  groupTags: Record<string, string>;
  deviceIds: string[];
  deviceTags: Array<{ key?: string; value?: string }>;
  deviceQueryJson?: string | null;
  parentId: string | null;
}

export type GroupRecord = StoredRecord<GroupDoc>;

/** Ids from the group's parent up to the root (a broken or cyclic chain simply stops). */
export function ancestorIds(groups: Map<string, GroupRecord>, group: GroupRecord): string[] {
  const out: string[] = [];
  let parent = group.doc.parentId;
  while (parent && groups.has(parent) && !out.includes(parent) && parent !== group.id) {
    out.push(parent);
    parent = groups.get(parent)!.doc.parentId;
  }
  return out;
}

/** The group and every group below it. */
export function selfAndDescendants(groups: Map<string, GroupRecord>, rootId: string): Set<string> {
  const out = new Set<string>([rootId]);
  for (const g of groups.values()) if (ancestorIds(groups, g).includes(rootId)) out.add(g.id);
  return out;
}
