// /experience/groups: a tree of groups (parentId, ancestorIds). Membership is kept on the
// members: a user's experienceGroupIds and a develop endpoint's experienceGroupIds. A group's
// experienceUserIds / experienceEndpointIds are read from them and written through to them.
import type { FastifyInstance } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, param, type ServerContext } from '../context.js';
import { notFound, validationError } from '../errors.js';
import { iso } from '../clock.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import { listEcho, parseListQuery, queryString, sortAndPage, type Query } from '../list-query.js';
import { globToRegExp } from '../glob.js';
import type { Store } from '../store/index.js';
import type { StoredRecord } from '../store/records.js';
import { ancestorIds, selfAndDescendants, type GroupDoc, type GroupRecord, type UserDoc } from './people-types.js';

const SORT_FIELDS = ['name', 'id', 'creationDate', 'lastUpdated'] as const;

interface GroupBody {
  name?: string;
  description?: string;
  experienceUserIds?: string[];
  experienceEndpointIds?: string[];
  groupTags?: Record<string, string>;
  deviceIds?: string[];
  deviceTags?: GroupDoc['deviceTags'];
  deviceQueryJson?: string | null;
  parentId?: string | null;
}

const lower = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];

/** Makes exactly `memberIds` (users, or develop endpoints) members of a group. */
export function setGroupMembers(store: Store, appId: string, groupId: string, kind: 'user' | 'endpoint', memberIds: string[]): void {
  const wanted = new Set(memberIds);
  const flip = (ids: string[]): string[] => (ids.includes(groupId) ? ids.filter((g) => g !== groupId) : [...ids, groupId]);
  if (kind === 'user') {
    for (const u of store.records.all<UserDoc>('user', appId)) {
      const has = u.doc.experienceGroupIds.includes(groupId);
      if (has === wanted.has(u.id)) continue;
      const next = flip(u.doc.experienceGroupIds);
      store.records.put({ ...u, updated: store.clock.next(), doc: { ...u.doc, experienceGroupIds: next } });
    }
  } else {
    const develop = store.develop(appId);
    for (const e of store.endpoints.all(appId, develop.id)) {
      const has = e.doc.experienceGroupIds.includes(groupId);
      if (has === wanted.has(e.id)) continue;
      const next = flip(e.doc.experienceGroupIds);
      store.endpoints.put({ ...e, updated: store.clock.next(), doc: { ...e.doc, experienceGroupIds: next } });
    }
  }
}

/** Removes a group: members leave it, children move up to its parent. */
export function deleteGroup(store: Store, appId: string, group: GroupRecord): void {
  setGroupMembers(store, appId, group.id, 'user', []);
  setGroupMembers(store, appId, group.id, 'endpoint', []);
  for (const child of store.records.all<GroupDoc>('group', appId)) {
    if (child.doc.parentId === group.id) {
      store.records.put({ ...child, updated: store.clock.next(), doc: { ...child.doc, parentId: group.doc.parentId } });
    }
  }
  store.records.delete('group', appId, group.id);
}

export function registerGroupRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  const groupsOf = (appId: string) => new Map(store.records.all<GroupDoc>('group', appId).map((g) => [g.id, g]));

  function toWire(g: GroupRecord, groups: Map<string, GroupRecord>, query: Query = {}): Record<string, unknown> {
    const users = store.records.all<UserDoc>('user', g.appId).filter((u) => u.doc.experienceGroupIds.includes(g.id));
    const endpoints = store.endpoints
      .all(g.appId, store.develop(g.appId).id)
      .filter((e) => e.doc.experienceGroupIds.includes(g.id));
    const out: Record<string, unknown> = {
      id: g.id,
      experienceGroupId: g.id,
      applicationId: g.appId,
      creationDate: iso(g.created),
      lastUpdated: iso(g.updated),
      name: g.doc.name,
      description: g.doc.description,
      experienceUserIds: users.map((u) => u.id),
      experienceEndpointIds: endpoints.map((e) => e.id),
      groupTags: g.doc.groupTags,
      deviceIds: g.doc.deviceIds,
      deviceTags: g.doc.deviceTags,
      parentId: g.doc.parentId,
      ancestorIds: ancestorIds(groups, g),
    };
    if (g.doc.deviceQueryJson !== undefined) out.deviceQueryJson = g.doc.deviceQueryJson;
    // The local server has no devices; the counts are answered when asked for, as zero.
    if (queryString(query, 'includeDirectDeviceCount') === 'true') out.directDeviceCount = 0;
    if (queryString(query, 'includeTotalDeviceCount') === 'true') out.totalDeviceCount = 0;
    return out;
  }

  function requireGroup(appId: string, id: string): GroupRecord {
    const g = store.records.get<GroupDoc>('group', appId, id);
    if (!g) throw notFound('Experience group was not found');
    return g;
  }

  function checkParent(appId: string, parentId: string | null | undefined, selfId?: string): string | null | undefined {
    if (parentId === undefined || parentId === null) return parentId;
    const id = parentId.toLowerCase();
    const groups = groupsOf(appId);
    if (!groups.has(id)) throw validationError('experienceGroup.parentId names no experience group');
    if (selfId && selfAndDescendants(groups, selfId).has(id)) {
      throw validationError('experienceGroup.parentId would make the group its own ancestor');
    }
    return id;
  }

  function checkMembers(appId: string, body: GroupBody): void {
    if (body.experienceUserIds) {
      body.experienceUserIds = lower(body.experienceUserIds);
      body.experienceUserIds.forEach((id, i) => {
        if (!store.records.get('user', appId, id)) throw validationError(`experienceGroup.experienceUserIds[${i}] names no experience user`);
      });
    }
    if (body.experienceEndpointIds) {
      body.experienceEndpointIds = lower(body.experienceEndpointIds);
      const develop = store.develop(appId);
      body.experienceEndpointIds.forEach((id, i) => {
        if (!store.endpoints.get(appId, develop.id, id)) {
          throw validationError(`experienceGroup.experienceEndpointIds[${i}] names no experience endpoint`);
        }
      });
    }
  }

  app.get(`${EXPERIENCE}/groups`, async (req) => {
    const appId = appIdOf(req);
    const query = req.query as Query;
    const q = parseListQuery(query, SORT_FIELDS, 'name', ['name'] as const);
    const groups = groupsOf(appId);
    let items = [...groups.values()];
    if (q.filterField && q.filter) {
      const re = globToRegExp(q.filter);
      items = items.filter((g) => re.test(g.doc.name));
    }
    const key = (g: GroupRecord): string | number => {
      switch (q.sortField) {
        case 'creationDate': return g.created;
        case 'lastUpdated': return g.updated;
        case 'id': return g.id;
        default: return g.doc.name.toLowerCase();
      }
    };
    const page = sortAndPage(items, key, q.sortDirection, q.offset, q.perPage);
    return { items: page.map((g) => toWire(g, groups)), count: page.length, totalCount: items.length, ...listEcho(q), applicationId: appId };
  });

  app.post(`${EXPERIENCE}/groups`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<GroupBody & { name: string }>('experienceGroupPost', 'experienceGroup', req.body);
    const rec = store.tx(() => {
      const parentId = checkParent(appId, body.parentId) ?? null;
      checkMembers(appId, body);
      const now = store.clock.next();
      const r: StoredRecord<GroupDoc> = {
        kind: 'group',
        appId,
        id: newObjectId(),
        uniqueKey: null,
        created: now,
        updated: now,
        doc: {
          name: body.name,
          description: body.description ?? '',
          groupTags: body.groupTags ?? {},
          deviceIds: lower(body.deviceIds ?? []),
          deviceTags: body.deviceTags ?? [],
          parentId,
          ...(body.deviceQueryJson !== undefined ? { deviceQueryJson: body.deviceQueryJson } : {}),
        },
      };
      store.records.put(r);
      if (body.experienceUserIds) setGroupMembers(store, appId, r.id, 'user', body.experienceUserIds);
      if (body.experienceEndpointIds) setGroupMembers(store, appId, r.id, 'endpoint', body.experienceEndpointIds);
      return r;
    });
    reply.code(201);
    return toWire(rec, groupsOf(appId));
  });

  app.get(`${EXPERIENCE}/groups/:experienceGroupId`, async (req) => {
    const appId = appIdOf(req);
    return toWire(requireGroup(appId, param(req, 'experienceGroupId')), groupsOf(appId), req.query as Query);
  });

  app.patch(`${EXPERIENCE}/groups/:experienceGroupId`, async (req) => {
    const appId = appIdOf(req);
    const body = validateBody<GroupBody>('experienceGroupPatch', 'experienceGroup', req.body);
    const rec = store.tx(() => {
      const g = requireGroup(appId, param(req, 'experienceGroupId'));
      const parentId = checkParent(appId, body.parentId, g.id);
      checkMembers(appId, body);
      const doc: GroupDoc = { ...g.doc };
      if (body.name !== undefined) doc.name = body.name;
      if (body.description !== undefined) doc.description = body.description;
      if (body.groupTags !== undefined) doc.groupTags = body.groupTags;
      if (body.deviceIds !== undefined) doc.deviceIds = lower(body.deviceIds);
      if (body.deviceTags !== undefined) doc.deviceTags = body.deviceTags;
      if (body.deviceQueryJson !== undefined) doc.deviceQueryJson = body.deviceQueryJson;
      if (parentId !== undefined) doc.parentId = parentId;
      const r = { ...g, updated: store.clock.next(), doc };
      store.records.put(r);
      if (body.experienceUserIds) setGroupMembers(store, appId, g.id, 'user', body.experienceUserIds);
      if (body.experienceEndpointIds) setGroupMembers(store, appId, g.id, 'endpoint', body.experienceEndpointIds);
      return r;
    });
    return toWire(rec, groupsOf(appId));
  });

  app.delete(`${EXPERIENCE}/groups/:experienceGroupId`, async (req) => {
    const appId = appIdOf(req);
    store.tx(() => deleteGroup(store, appId, requireGroup(appId, param(req, 'experienceGroupId'))));
    return SUCCESS;
  });
}
