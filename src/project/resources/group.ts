// Groups (groups.yaml): the model, its identity (the name) and hash, and its wire form.
//
// A group is identified by its name, unique in the file; its parent is the group it is nested
// under. Users and device lists are data, not code: the wire form never carries
// experienceUserIds (nor experienceEndpointIds: endpoints name their groups), and carries
// deviceIds only when the file names them — a group without `deviceIds` keeps its devices.
import { parseJsonExact, jsonTextOf } from '../exact-number.js';
import { canonicalJson, sha256, sortedSet } from './canonical.js';
import { UnresolvedNameError, type Dependency, type FolderKind, type FromWire, type NameMap, type NameResolver, type WireContext } from './kind.js';
import { MANAGED_TAG, MANAGED_TAG_VALUE, userTags } from './tags.js';

export const GROUPS_FILE = 'groups.yaml';

export interface DeviceTag {
  key: string;
  /** Absent: any value of the key. */
  value?: string;
}

export interface GroupContent {
  name: string;
  /** The name of the group it is nested under; null at the top. */
  parent: string | null;
  description: string;
  tags: Record<string, string>;
  /** Sorted by key, then value (the order carries no meaning). */
  deviceTags: DeviceTag[];
  /** An advanced device query: a JSON value (sent as JSON) or a string sent as it is; null = none. */
  deviceQuery: unknown;
  /** null: the folder leaves the group's devices alone. Sorted, lower case. */
  deviceIds: string[] | null;
}

export interface GroupWire {
  name: string;
  description: string;
  groupTags: Record<string, string>;
  deviceTags: DeviceTag[];
  deviceQueryJson: string | null;
  parentId: string | null;
  deviceIds?: string[];
}

export interface GroupRemote {
  id?: string;
  name: string;
  description?: string;
  groupTags?: Record<string, string>;
  deviceTags?: { key?: string; value?: string }[];
  deviceQueryJson?: string | null;
  deviceIds?: string[];
  parentId?: string | null;
}

export function sortedDeviceTags(tags: readonly DeviceTag[]): DeviceTag[] {
  const seen = new Map<string, DeviceTag>();
  for (const t of tags) seen.set(canonicalJson([t.key, t.value ?? null]), t.value === undefined ? { key: t.key } : { key: t.key, value: t.value });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

function normalized(g: GroupContent): GroupContent {
  return {
    ...g,
    tags: userTags(g.tags),
    deviceTags: sortedDeviceTags(g.deviceTags),
    deviceIds: g.deviceIds === null ? null : sortedSet(g.deviceIds.map((id) => id.toLowerCase())),
  };
}

/** The JSON text the API stores for a device query. */
export function deviceQueryJson(q: unknown): string | null {
  if (q === null || q === undefined) return null;
  return typeof q === 'string' ? q : jsonTextOf(q);
}

/** A group as lxp writes it in groups.yaml (without children: the writer nests them). */
export function groupToYaml(g: GroupContent): Record<string, unknown> {
  const out: Record<string, unknown> = { name: g.name };
  if (g.description !== '') out.description = g.description;
  if (Object.keys(g.tags).length > 0) out.tags = userTags(g.tags);
  if (g.deviceTags.length > 0) out.deviceTags = sortedDeviceTags(g.deviceTags);
  if (g.deviceQuery !== null && g.deviceQuery !== undefined) out.deviceQuery = g.deviceQuery;
  if (g.deviceIds !== null) out.deviceIds = sortedSet(g.deviceIds);
  return out;
}

export function groupYamlDefault(key: string): unknown {
  const d: Record<string, unknown> = { description: '', tags: {}, deviceTags: [], deviceQuery: null, children: [] };
  return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : undefined;
}

export const groupKind: FolderKind<GroupContent, GroupWire, GroupRemote> = {
  kind: 'group',
  file: GROUPS_FILE,
  label: (g) => `group "${g.name}"`,
  identity: (g) => g.name,
  hash: (g) => sha256(canonicalJson(normalized(g))),
  hashWithoutIdentity: (g) => sha256(canonicalJson({ ...normalized(g), name: '' })),
  dependencies: (g): Dependency[] => (g.parent === null ? [] : [{ kind: 'group', name: g.parent }]),
  mapNames: (g: GroupContent, map: NameMap): GroupContent => (g.parent === null ? g : { ...g, parent: map.group(g.parent) }),
  toWire(g: GroupContent, ctx: WireContext): GroupWire {
    let parentId: string | null = null;
    if (g.parent !== null) {
      const id = ctx.ids.groupId(g.parent);
      if (id === undefined) throw new UnresolvedNameError('group', g.parent);
      parentId = id;
    }
    const wire: GroupWire = {
      name: g.name,
      description: g.description,
      groupTags: { ...userTags(g.tags), [MANAGED_TAG]: MANAGED_TAG_VALUE },
      deviceTags: sortedDeviceTags(g.deviceTags),
      deviceQueryJson: deviceQueryJson(g.deviceQuery),
      parentId,
    };
    if (g.deviceIds !== null) wire.deviceIds = sortedSet(g.deviceIds.map((id) => id.toLowerCase()));
    return wire;
  },
  fromWire(r: GroupRemote, names: NameResolver): FromWire<GroupContent> {
    const unresolved: string[] = [];
    let parent: string | null = null;
    if (r.parentId) {
      const name = names.groupName(r.parentId);
      if (name === undefined) unresolved.push(`group:${r.parentId}`);
      parent = name ?? r.parentId;
    }
    let deviceQuery: unknown = null;
    if (typeof r.deviceQueryJson === 'string' && r.deviceQueryJson !== '') {
      try {
        // Exactly: a number a double cannot hold stays develop's (never pulled as another number).
        deviceQuery = parseJsonExact(r.deviceQueryJson);
      } catch {
        deviceQuery = r.deviceQueryJson;
      }
    }
    const content: GroupContent = {
      name: r.name,
      parent,
      description: r.description ?? '',
      tags: userTags(r.groupTags),
      deviceTags: sortedDeviceTags((r.deviceTags ?? []).filter((t): t is DeviceTag => typeof t.key === 'string')),
      deviceQuery,
      deviceIds: sortedSet((r.deviceIds ?? []).map((id) => id.toLowerCase())),
    };
    return { content, unresolved };
  },
  isManaged: (r) => r.groupTags?.[MANAGED_TAG] === MANAGED_TAG_VALUE,
  alignRemote: (remote, local) => (leavesDevices(local) ? { ...remote, deviceIds: null } : remote),
  leavesAlone: {
    by: leavesDevices,
    // A group is created without devices (the API's default when the body names none).
    afterPush: (local, remote) => (local.deviceIds !== null ? local : { ...local, deviceIds: remote?.deviceIds ?? [] }),
  },
};

/** A folder's group without `deviceIds` (or none at all) leaves the group's devices alone. */
function leavesDevices(local: GroupContent | undefined): boolean {
  return local === undefined || local.deviceIds === null;
}
