// Endpoints (endpoints.yaml): the model, its identity and hash, and its wire form.
//
// Identity: the endpoint's `key` when the file gives one, else "METHOD route" (e.g.
// "GET /devices/{id}"). Keys cannot hold a space, so the two never collide. lxp records the
// key on the remote endpoint as the tag lxp-key (and marks every endpoint it manages with
// lxp-managed), so a fresh checkout without .lxp/ still finds an endpoint whose route or method
// changed, and workflows triggered by its id keep working.
import { canonicalJson, sha256, sortedSet } from './canonical.js';
import { UnresolvedNameError, type Dependency, type FolderKind, type FromWire, type NameMap, type NameResolver, type WireContext } from './kind.js';
import { mapReply, replyFromWire, replyToWire, replyToYaml, type Reply, type WireReply } from './reply.js';
import { KEY_TAG, MANAGED_TAG, MANAGED_TAG_VALUE, userTags } from './tags.js';

export const ENDPOINTS_FILE = 'endpoints.yaml';
export const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options'] as const;
export type Method = (typeof METHODS)[number];
export const ACCESS = ['public', 'authenticated', 'group', 'device'] as const;
export type Access = (typeof ACCESS)[number];

export interface EndpointContent {
  key: string | null;
  method: Method;
  route: string;
  /** '' when absent. */
  description: string;
  enabled: boolean;
  access: Access;
  /** Group names, sorted (the order carries no meaning). */
  groups: string[];
  deviceIdTemplate: string | null;
  /** Without lxp's reserved tags; keys sorted. */
  tags: Record<string, string>;
  /** null: a workflow replies. */
  reply: Reply | null;
  /** null: the experience's default unauthorized reply. */
  unauthorized: Reply | null;
}

/** The request body of POST/PATCH …/experience/endpoints. */
export interface EndpointWire {
  route: string;
  method: Method;
  description: string;
  enabled: boolean;
  access: Access;
  endpointTags: Record<string, string>;
  experienceGroupIds: string[];
  staticReply: WireReply | null;
  unauthorizedReply: WireReply | null;
  deviceIdTemplate?: string;
}

/** What the API answers for one endpoint (the fields lxp reads). */
export interface EndpointRemote {
  id?: string;
  route: string;
  method: string;
  description?: string;
  enabled?: boolean;
  access?: string;
  endpointTags?: Record<string, string>;
  experienceGroups?: { id: string; name?: string }[];
  experienceGroupIds?: string[];
  staticReply?: WireReply | null;
  unauthorizedReply?: WireReply | null;
  deviceIdTemplate?: string;
}

export function endpointIdentity(e: { key: string | null; method: string; route: string }): string {
  return e.key ?? `${e.method.toUpperCase()} ${e.route}`;
}

/** Defaults filled in: what an entry that says only `route:` means. */
export function endpointDefaults(route: string): EndpointContent {
  return { key: null, method: 'get', route, description: '', enabled: true, access: 'public', groups: [], deviceIdTemplate: null, tags: {}, reply: null, unauthorized: null };
}

function normalized(e: EndpointContent): EndpointContent {
  return { ...e, groups: sortedSet(e.groups), tags: userTags(e.tags) };
}

/** An entry of endpoints.yaml as lxp writes it: defaults left out, keys in a fixed order. */
export function endpointToYaml(e: EndpointContent): Record<string, unknown> {
  const out: Record<string, unknown> = { route: e.route };
  if (e.method !== 'get') out.method = e.method;
  if (e.access !== 'public') out.access = e.access;
  if (e.groups.length > 0) out.groups = sortedSet(e.groups);
  if (e.deviceIdTemplate !== null) out.deviceIdTemplate = e.deviceIdTemplate;
  if (e.description !== '') out.description = e.description;
  if (!e.enabled) out.enabled = false;
  if (Object.keys(e.tags).length > 0) out.tags = userTags(e.tags);
  if (e.reply !== null) out.reply = replyToYaml(e.reply);
  if (e.unauthorized !== null) out.unauthorized = replyToYaml(e.unauthorized);
  if (e.key !== null) out.key = e.key;
  return out;
}

/** What a key left out of an entry stands for (so that a file spelling out a default is left alone). */
export function endpointYamlDefault(key: string): unknown {
  const d: Record<string, unknown> = { method: 'get', access: 'public', groups: [], deviceIdTemplate: null, description: '', enabled: true, tags: {}, reply: null, unauthorized: null, key: null };
  return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : undefined;
}

export const endpointKind: FolderKind<EndpointContent, EndpointWire, EndpointRemote> = {
  kind: 'endpoint',
  file: ENDPOINTS_FILE,
  label: (e) => `endpoint ${e.method.toUpperCase()} ${e.route}${e.key ? ` (${e.key})` : ''}`,
  identity: endpointIdentity,
  hash: (e) => sha256(canonicalJson(normalized(e))),
  hashWithoutIdentity: (e) => sha256(canonicalJson({ ...normalized(e), key: null, method: '', route: '' })),
  dependencies(e): Dependency[] {
    const deps: Dependency[] = e.groups.map((name) => ({ kind: 'group', name }));
    for (const r of [e.reply, e.unauthorized]) if (r && 'page' in r) deps.push({ kind: 'view', viewType: 'page', name: r.page });
    return deps;
  },
  mapNames: (e: EndpointContent, map: NameMap): EndpointContent => ({
    ...e,
    groups: sortedSet(e.groups.map((g) => map.group(g))),
    reply: mapReply(e.reply, map),
    unauthorized: mapReply(e.unauthorized, map),
  }),
  toWire(e: EndpointContent, ctx: WireContext): EndpointWire {
    const endpointTags: Record<string, string> = { ...userTags(e.tags), [MANAGED_TAG]: MANAGED_TAG_VALUE };
    if (e.key !== null) endpointTags[KEY_TAG] = e.key;
    const wire: EndpointWire = {
      route: e.route,
      method: e.method,
      description: e.description,
      enabled: e.enabled,
      access: e.access,
      endpointTags,
      experienceGroupIds: sortedSet(e.groups).map((name) => {
        const id = ctx.ids.groupId(name);
        if (id === undefined) throw new UnresolvedNameError('group', name);
        return id;
      }),
      staticReply: replyToWire(e.reply, ctx.ids),
      unauthorizedReply: replyToWire(e.unauthorized, ctx.ids),
    };
    if (e.deviceIdTemplate !== null) wire.deviceIdTemplate = e.deviceIdTemplate;
    return wire;
  },
  fromWire(r: EndpointRemote, names: NameResolver): FromWire<EndpointContent> {
    const unresolved: string[] = [];
    const groupIds = r.experienceGroups?.map((g) => g.id) ?? r.experienceGroupIds ?? [];
    const groups = groupIds.map((id) => {
      const name = names.groupName(id) ?? r.experienceGroups?.find((g) => g.id === id)?.name;
      if (name === undefined) unresolved.push(`group:${id}`);
      return name ?? id;
    });
    const content: EndpointContent = {
      key: r.endpointTags?.[KEY_TAG] ?? null,
      method: (METHODS as readonly string[]).includes(r.method) ? (r.method as Method) : 'get',
      route: r.route,
      description: r.description ?? '',
      enabled: r.enabled ?? true,
      access: (ACCESS as readonly string[]).includes(r.access ?? '') ? (r.access as Access) : 'public',
      groups: sortedSet(groups),
      deviceIdTemplate: r.deviceIdTemplate ? r.deviceIdTemplate : null,
      tags: userTags(r.endpointTags),
      reply: replyFromWire(r.staticReply, names, unresolved),
      unauthorized: replyFromWire(r.unauthorizedReply, names, unresolved),
    };
    return { content, unresolved };
  },
  isManaged: (r) => r.endpointTags?.[MANAGED_TAG] === MANAGED_TAG_VALUE || r.endpointTags?.[KEY_TAG] !== undefined,
  alignRemote: (remote) => remote,
};
