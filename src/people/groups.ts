// The application's experience groups as a tree, and groups named by people: `--group NAME` and
// the users CSV's `groups` cell. Pure: the groups (and users) the API listed in, answers out.
//
// Losant does not make group names unique (two customers may each have an "Admins" group), so a
// name is resolved like this: a group with exactly that name; else a path from a root, the names
// joined by "/" ("Customers/Admins"); else a group id. A name that matches no group, or more than
// one, is refused with the candidates named, before anything is sent.
import type { ApiGroup, ApiUser } from '../api/types.js';
import { closestName } from '../project/did-you-mean.js';

export const PATH_SEPARATOR = '/';

/** Twins a path cannot tell apart (Losant lets two groups share a name under one parent). */
const samePaths = (groups: GroupNode[]) => new Set(groups.map((g) => g.path)).size < groups.length;

export interface GroupNode {
  id: string;
  name: string;
  description: string;
  parentId: string | null;
  /** Names from the root down to this group, joined by "/". */
  path: string;
  depth: number;
  children: GroupNode[];
}

/** A group as lxp reports it on users (--json and text). */
export interface GroupRef {
  id: string;
  name: string;
  path: string;
}

/** A name resolved: the group, or why not (with the candidates named). */
export type Resolution = { ok: true; group: GroupNode } | { ok: false; reason: 'not-found' | 'ambiguous'; message: string };

const OBJECT_ID = /^[0-9a-f]{24}$/i;

const byName = (a: GroupNode, b: GroupNode) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export class GroupTree {
  readonly roots: GroupNode[] = [];
  readonly byId = new Map<string, GroupNode>();

  constructor(groups: readonly ApiGroup[]) {
    for (const g of groups) {
      this.byId.set(g.id.toLowerCase(), { id: g.id, name: g.name, description: g.description ?? '', parentId: g.parentId ?? null, path: '', depth: 0, children: [] });
    }
    for (const node of this.byId.values()) {
      const parent = node.parentId ? this.byId.get(node.parentId.toLowerCase()) : undefined;
      // A parent the list does not hold, or a chain that loops, makes a root rather than losing the group.
      if (parent && !this.#isBelow(parent, node)) parent.children.push(node);
      else this.roots.push(node);
    }
    const place = (nodes: GroupNode[], prefix: string, depth: number) => {
      nodes.sort(byName);
      for (const n of nodes) {
        n.path = prefix ? `${prefix}${PATH_SEPARATOR}${n.name}` : n.name;
        n.depth = depth;
        place(n.children, n.path, depth + 1);
      }
    };
    place(this.roots, '', 0);
  }

  /** True when `node` is `ancestor` or below it, following parentIds (a loop stops the walk). */
  #isBelow(node: GroupNode, ancestor: GroupNode): boolean {
    const seen = new Set<string>();
    for (let n: GroupNode | undefined = node; n && !seen.has(n.id); n = n.parentId ? this.byId.get(n.parentId.toLowerCase()) : undefined) {
      if (n === ancestor) return true;
      seen.add(n.id);
    }
    return false;
  }

  /** Every group, depth first, in the tree's order (roots and children by name). */
  all(): GroupNode[] {
    const out: GroupNode[] = [];
    const walk = (nodes: GroupNode[]) => nodes.forEach((n) => (out.push(n), walk(n.children)));
    walk(this.roots);
    return out;
  }

  get(id: string): GroupNode | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** Ids of the group's parent, its parent, … up to a root. */
  ancestorIds(node: GroupNode): string[] {
    const out: string[] = [];
    for (let p = node.parentId ? this.get(node.parentId) : undefined; p && !out.includes(p.id) && p !== node; p = p.parentId ? this.get(p.parentId) : undefined) out.push(p.id);
    return out;
  }

  /** The group and every group below it. */
  selfAndBelow(node: GroupNode): GroupNode[] {
    const out: GroupNode[] = [];
    const walk = (n: GroupNode) => (out.push(n), n.children.forEach(walk));
    walk(node);
    return out;
  }

  ref(node: GroupNode): GroupRef {
    return { id: node.id, name: node.name, path: node.path };
  }

  /** The group a person meant by `name` (see the top of this file). */
  resolve(name: string): Resolution {
    const wanted = name.trim();
    const all = this.all();
    const named = all.filter((g) => g.name === wanted);
    // A name with "/" can also spell another group's path ("Sales/EU": that name, or EU under Sales): never pick one silently.
    const spelled = named.length === 1 ? all.filter((g) => g.path === wanted && g !== named[0]) : [];
    if (spelled.length > 0) {
      return {
        ok: false,
        reason: 'ambiguous',
        message: `"${wanted}" names ${spelled.length + 1} groups: the group named "${wanted}" (id ${named[0].id}) and ${spelled.map((g) => `the group at that path (id ${g.id})`).join(', ')} — name one by its id`,
      };
    }
    if (named.length === 1) return { ok: true, group: named[0] };
    if (named.length > 1) {
      return {
        ok: false,
        reason: 'ambiguous',
        message: samePaths(named)
          ? `${named.length} groups are named "${wanted}", with the same path: ${named.map((g) => `"${g.path}" (id ${g.id})`).join(', ')} — name one by its id`
          : `${named.length} groups are named "${wanted}": ${named.map((g) => `"${g.path}"`).join(', ')} — name one by its path (e.g. "${named[0].path}") or its id`,
      };
    }
    const byPath = all.filter((g) => g.path === wanted);
    if (byPath.length === 1) return { ok: true, group: byPath[0] };
    if (OBJECT_ID.test(wanted)) {
      const g = this.get(wanted);
      if (g) return { ok: true, group: g };
    }
    return { ok: false, reason: 'not-found', message: `no group named "${wanted}"${this.#suggest(wanted, all)}` };
  }

  /**
   * The closest groups: same letters in another case, else a typo away (the did-you-mean every
   * lxp message uses), else containing what was typed; failing all, the groups there are.
   */
  #suggest(wanted: string, all: GroupNode[]): string {
    if (all.length === 0) return ' (the application has no groups)';
    const lower = wanted.toLowerCase();
    const close = all.filter((g) => g.name.toLowerCase() === lower || g.path.toLowerCase() === lower);
    const typo = close.length ? undefined : closestName(wanted, new Set(all.flatMap((g) => [g.name, g.path])));
    const typos = typo === undefined ? [] : all.filter((g) => g.name === typo || g.path === typo);
    const near = close.length ? close : typos.length ? typos : all.filter((g) => lower.length >= 3 && g.name.toLowerCase().includes(lower));
    const list = (gs: GroupNode[], max: number) => gs.slice(0, max).map((g) => `"${g.path}"`).join(', ') + (gs.length > max ? `, … (${gs.length} in all)` : '');
    if (near.length) return ` (did you mean ${list(near, 5)}?)`;
    return ` (groups: ${list(all, 10)})`;
  }
}

export interface GroupCount {
  /** Direct members. */
  users: number;
  /** Distinct members of the group and of every group below it. */
  usersWithSubgroups: number;
}

/** User counts of every group, from the users' own memberships (exact, however large a group is). */
export function countUsers(tree: GroupTree, users: readonly ApiUser[]): Map<string, GroupCount> {
  const members = new Map<string, Set<string>>();
  for (const u of users) {
    for (const g of u.experienceGroups ?? []) {
      const node = tree.get(g.id);
      if (!node) continue;
      let set = members.get(node.id);
      if (!set) members.set(node.id, (set = new Set()));
      set.add(u.id);
    }
  }
  const counts = new Map<string, GroupCount>();
  for (const node of tree.all()) {
    const below = new Set<string>();
    for (const n of tree.selfAndBelow(node)) for (const id of members.get(n.id) ?? []) below.add(id);
    counts.set(node.id, { users: members.get(node.id)?.size ?? 0, usersWithSubgroups: below.size });
  }
  return counts;
}
