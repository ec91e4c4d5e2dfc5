// /experience/endpoints: routes of the experience, versioned like views. A route must be one
// Losant accepts and must not conflict with another route of the same method in develop (the
// rule of hapi's router, through src/routing, which the experience runtime matches with too);
// a static reply of type page must name a page.
import type { FastifyInstance } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, createdBy, param, requireVersion, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { endpointToWire } from './wire.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import { oneOf, parseFilter, parseSort, queryString, sortAndPage, type Query } from '../list-query.js';
import { globToRegExp } from '../glob.js';
import type { EndpointDoc, EndpointRecord } from '../store/endpoints.js';
import { linkedResourcesOfEndpoint } from './linked-resources.js';
import { findConflict, routeProblem } from '../../routing/index.js';

const SORT_FIELDS = ['order', 'method', 'route', 'id', 'creationDate', 'requestCount', 'lastUpdated'] as const;
const STAT_GROUPINGS = ['statusCode', 'endpointId', 'version', 'domain'] as const;

type Reply = { type: 'page' | 'redirect'; value: string; statusCode?: number } | null;
interface EndpointBody {
  description?: string;
  route?: string;
  enabled?: boolean;
  method?: string;
  access?: string;
  deviceIdTemplate?: string;
  endpointTags?: Record<string, string>;
  experienceGroupIds?: string[];
  staticReply?: Reply;
  unauthorizedReply?: Reply;
}

export function registerEndpointRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;
  const groupNames = (appId: string) =>
    new Map(store.records.all<{ name: string }>('group', appId).map((g) => [g.id, g.doc.name]));

  function checkBody(appId: string, versionId: string, body: EndpointBody): void {
    const problem = body.route === undefined ? undefined : routeProblem(body.route);
    if (problem) throw validationError(`experienceEndpoint.route "${body.route}" is invalid: ${problem}`);
    if (body.experienceGroupIds) {
      const known = groupNames(appId);
      body.experienceGroupIds.forEach((id, i) => {
        if (!known.has(id.toLowerCase())) throw validationError(`experienceEndpoint.experienceGroupIds[${i}] names no experience group`);
      });
      body.experienceGroupIds = [...new Set(body.experienceGroupIds.map((id) => id.toLowerCase()))];
    }
    for (const field of ['staticReply', 'unauthorizedReply'] as const) {
      const r = body[field];
      if (r?.type === 'page') {
        const page = store.views.get(appId, versionId, r.value.toLowerCase());
        if (!page || page.viewType !== 'page') throw validationError(`experienceEndpoint.${field}.value does not name a page`);
      }
    }
  }

  function checkUniqueRoute(appId: string, versionId: string, method: string, route: string, selfId?: string): void {
    const clash = store.endpoints.findByRoute(appId, versionId, method, route);
    if (clash && clash.id !== selfId) {
      throw alreadyExists(`An experience endpoint for ${method.toUpperCase()} ${route} already exists`);
    }
    const others = store.endpoints.all(appId, versionId).filter((e) => e.id !== selfId);
    const conflict = findConflict(others, { method, route });
    if (conflict) {
      throw validationError(
        `experienceEndpoint.route ${method.toUpperCase()} ${route} conflicts with the existing endpoint ${conflict.method.toUpperCase()} ${conflict.route}`,
      );
    }
  }

  app.get(`${EXPERIENCE}/endpoints`, async (req) => {
    const appId = appIdOf(req);
    const query = req.query as Query;
    const { sortField, sortDirection } = parseSort(query, SORT_FIELDS, 'order');
    const { filterField, filter } = parseFilter(query, ['method', 'route'] as const);
    const version = requireVersion(ctx, appId, queryString(query, 'version'));
    const groupId = queryString(query, 'experienceGroupId')?.toLowerCase();
    let items = store.endpoints.all(appId, version.id);
    if (filterField && filter) {
      const re = globToRegExp(filter);
      items = items.filter((e) => re.test(filterField === 'method' ? e.method : e.route));
    }
    if (groupId) items = items.filter((e) => e.doc.experienceGroupIds.includes(groupId));
    const key = (e: EndpointRecord): string | number => {
      switch (sortField) {
        case 'order': return e.ord;
        case 'method': return e.method;
        case 'route': return e.route;
        case 'creationDate': return e.created;
        case 'lastUpdated': return e.updated;
        case 'requestCount': return 0; // no traffic is served locally
        default: return e.id;
      }
    };
    const sorted = sortAndPage(items, key, sortDirection, 0, items.length);
    const names = groupNames(appId);
    const out: Record<string, unknown> = {
      items: sorted.map((e) => endpointToWire(e, names)),
      count: sorted.length,
      totalCount: sorted.length,
      sortField,
      sortDirection,
      applicationId: appId,
      version: version.name,
    };
    if (filterField) out.filterField = filterField;
    if (filter) out.filter = filter;
    if (groupId) out.experienceGroupId = groupId;
    return out;
  });

  app.get(`${EXPERIENCE}/endpoints/stats`, async (req) => {
    oneOf(req.query as Query, 'statGrouping', STAT_GROUPINGS);
    // The local server serves no experience traffic: every grouping is empty.
    return {};
  });

  app.post(`${EXPERIENCE}/endpoints`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<EndpointBody>('experienceEndpointPost', 'experienceEndpoint', req.body);
    const created = store.tx(() => {
      const develop = store.develop(appId);
      checkBody(appId, develop.id, body);
      checkUniqueRoute(appId, develop.id, body.method!, body.route!);
      const now = store.clock.next();
      const doc: EndpointDoc = {
        description: body.description ?? '',
        enabled: body.enabled ?? true,
        access: body.access ?? 'public',
        endpointTags: body.endpointTags ?? {},
        experienceGroupIds: body.experienceGroupIds ?? [],
        ...createdBy(ctx.actor),
      };
      if (body.deviceIdTemplate !== undefined) doc.deviceIdTemplate = body.deviceIdTemplate;
      if (body.staticReply !== undefined) doc.staticReply = body.staticReply;
      if (body.unauthorizedReply !== undefined) doc.unauthorizedReply = body.unauthorizedReply;
      const rec: EndpointRecord = {
        appId,
        versionId: develop.id,
        id: newObjectId(),
        method: body.method!,
        route: body.route!,
        ord: store.endpoints.nextOrd(appId, develop.id),
        created: now,
        updated: now,
        doc,
      };
      store.endpoints.put(rec);
      return rec;
    });
    reply.code(201);
    return endpointToWire(created, groupNames(appId));
  });

  app.get(`${EXPERIENCE}/endpoints/:experienceEndpointId`, async (req) => {
    const appId = appIdOf(req);
    const version = requireVersion(ctx, appId, queryString(req.query as Query, 'version'));
    const e = store.endpoints.get(appId, version.id, param(req, 'experienceEndpointId'));
    if (!e) throw notFound('Experience endpoint was not found');
    return endpointToWire(e, groupNames(appId));
  });

  app.get(`${EXPERIENCE}/endpoints/:experienceEndpointId/linkedResources`, async (req) => {
    const appId = appIdOf(req);
    const version = requireVersion(ctx, appId, queryString(req.query as Query, 'version'));
    const e = store.endpoints.get(appId, version.id, param(req, 'experienceEndpointId'));
    if (!e) throw notFound('Experience endpoint was not found');
    return linkedResourcesOfEndpoint(ctx, e);
  });

  app.patch(`${EXPERIENCE}/endpoints/:experienceEndpointId`, async (req) => {
    const appId = appIdOf(req);
    const id = param(req, 'experienceEndpointId');
    const body = validateBody<EndpointBody>('experienceEndpointPatch', 'experienceEndpoint', req.body);
    const updated = store.tx(() => {
      const develop = store.develop(appId);
      const e = store.endpoints.get(appId, develop.id, id);
      if (!e) throw notFound('Experience endpoint was not found');
      checkBody(appId, develop.id, body);
      const method = body.method ?? e.method;
      const route = body.route ?? e.route;
      checkUniqueRoute(appId, develop.id, method, route, e.id);
      const doc: EndpointDoc = { ...e.doc, lastUpdatedById: ctx.actor.id, lastUpdatedByType: ctx.actor.type };
      if (body.description !== undefined) doc.description = body.description;
      if (body.enabled !== undefined) doc.enabled = body.enabled;
      if (body.access !== undefined) doc.access = body.access;
      if (body.deviceIdTemplate !== undefined) doc.deviceIdTemplate = body.deviceIdTemplate;
      if (body.endpointTags !== undefined) doc.endpointTags = body.endpointTags;
      if (body.experienceGroupIds !== undefined) doc.experienceGroupIds = body.experienceGroupIds;
      if (body.staticReply !== undefined) doc.staticReply = body.staticReply;
      if (body.unauthorizedReply !== undefined) doc.unauthorizedReply = body.unauthorizedReply;
      const rec = { ...e, method, route, updated: store.clock.next(), doc };
      store.endpoints.put(rec);
      return rec;
    });
    return endpointToWire(updated, groupNames(appId));
  });

  app.delete(`${EXPERIENCE}/endpoints/:experienceEndpointId`, async (req) => {
    const appId = appIdOf(req);
    const id = param(req, 'experienceEndpointId');
    store.tx(() => {
      if (!store.endpoints.delete(appId, store.develop(appId).id, id)) throw notFound('Experience endpoint was not found');
    });
    return SUCCESS;
  });
}
