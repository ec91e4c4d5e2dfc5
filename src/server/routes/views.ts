// /experience/views: layouts, pages and components of develop (writable) and of every version
// (read with ?version=). Names are unique per (version, viewType); bodies must parse as Handlebars.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, createdBy, param, requireVersion, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { newObjectId } from '../ids.js';
import { assertHandlebars, validateBody } from '../validate.js';
import { listEcho, oneOf, parseListQuery, queryString, type Query } from '../list-query.js';
import { VIEW_SORT_COLUMNS, type ViewRecord, type ViewSortField, type ViewType } from '../store/views.js';
import { listJson, viewJson } from '../store/view-wire.js';
import { linkedResourcesOfView } from './linked-resources.js';
import { OutputBuffers } from '../out-buffers.js';

const VIEW_TYPES = ['layout', 'page', 'component'] as const;
const SORT_FIELDS = Object.keys(VIEW_SORT_COLUMNS) as ViewSortField[];

interface ViewPost {
  name: string;
  viewType: ViewType;
  description?: string;
  layoutId?: string | null;
  body?: string;
  viewTags?: Record<string, string>;
  headers?: { 'content-type'?: string };
}
type ViewPatch = Partial<Omit<ViewPost, 'viewType'>>;

/** Sends JSON the store built already (see store/view-wire.ts). */
const sendJson = (reply: FastifyReply, json: Buffer) => reply.type('application/json; charset=utf-8').send(json);

export function registerViewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;
  const listBuffers = new OutputBuffers();

  /** layoutId must name a layout of develop, and only pages have one. Returns the layout's id and name. */
  function checkLayout(appId: string, versionId: string, viewType: ViewType, layoutId: string | null | undefined): { id: string | null; name?: string } {
    if (layoutId === undefined || layoutId === null) return { id: null };
    if (viewType !== 'page') throw validationError(`experienceView.layoutId is only allowed on pages, not on a ${viewType}`);
    const id = layoutId.toLowerCase();
    const layout = store.views.get(appId, versionId, id);
    if (!layout || layout.viewType !== 'layout') {
      throw validationError(`experienceView.layoutId "${layoutId}" does not name a layout of this experience`);
    }
    return { id, name: layout.name };
  }

  function checkUniqueName(appId: string, versionId: string, viewType: ViewType, name: string, selfId?: string): void {
    const clash = store.views.idByName(appId, versionId, viewType, name);
    if (clash !== undefined && clash !== selfId) {
      throw alreadyExists(`An experience ${viewType} named "${name}" already exists`);
    }
  }

  app.get(`${EXPERIENCE}/views`, async (req, reply) => {
    const appId = appIdOf(req);
    const query = req.query as Query;
    const q = parseListQuery(query, SORT_FIELDS, 'name', ['name'] as const);
    const viewType = oneOf(query, 'viewType', VIEW_TYPES);
    const version = requireVersion(ctx, appId, queryString(query, 'version'));
    const { items, total } = store.views.listWire(appId, version.id, {
      offset: q.offset,
      limit: q.perPage,
      direction: q.sortDirection,
      sortField: q.sortField,
      viewType,
      nameGlob: q.filterField === 'name' ? q.filter : undefined,
    });
    const rest: Record<string, unknown> = {
      count: items.length,
      totalCount: total,
      ...listEcho(q),
      applicationId: appId,
      version: version.name,
    };
    if (viewType) rest.viewType = viewType;
    const json = listJson(items, rest, (size) => {
      const buf = listBuffers.acquire(size);
      reply.raw.once('close', () => listBuffers.release(buf));
      return buf;
    });
    return sendJson(reply, json);
  });

  app.post(`${EXPERIENCE}/views`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<ViewPost>('experienceViewPost', 'experienceView', req.body);
    if (body.body !== undefined) assertHandlebars('experienceView.body', body.body);
    const created = store.tx(() => {
      const developId = store.developId(appId);
      const layout = checkLayout(appId, developId, body.viewType, body.layoutId);
      checkUniqueName(appId, developId, body.viewType, body.name);
      const now = store.clock.next();
      const rec: ViewRecord = {
        appId,
        versionId: developId,
        id: newObjectId(),
        viewType: body.viewType,
        name: body.name,
        layoutId: layout.id,
        created: now,
        updated: now,
        doc: {
          description: body.description ?? '',
          body: body.body ?? '',
          viewTags: body.viewTags ?? {},
          // Losant keeps headers on pages only (they set the response type); it clears them on
          // layouts and components when they are saved.
          ...(body.headers && body.viewType === 'page' ? { headers: body.headers } : {}),
          ...createdBy(ctx.actor),
        },
      };
      return viewJson([store.views.put(rec), layout.name ?? null]);
    });
    reply.code(201);
    return sendJson(reply, created);
  });

  app.get(`${EXPERIENCE}/views/:experienceViewId`, async (req, reply) => {
    const appId = appIdOf(req);
    const version = requireVersion(ctx, appId, queryString(req.query as Query, 'version'));
    const view = store.views.getWire(appId, version.id, param(req, 'experienceViewId'));
    if (!view) throw notFound('Experience view was not found');
    return sendJson(reply, view);
  });

  app.get(`${EXPERIENCE}/views/:experienceViewId/linkedResources`, async (req) => {
    const appId = appIdOf(req);
    const version = requireVersion(ctx, appId, queryString(req.query as Query, 'version'));
    const view = store.views.get(appId, version.id, param(req, 'experienceViewId'));
    if (!view) throw notFound('Experience view was not found');
    return linkedResourcesOfView(ctx, view);
  });

  app.patch(`${EXPERIENCE}/views/:experienceViewId`, async (req, reply) => {
    const appId = appIdOf(req);
    const id = param(req, 'experienceViewId');
    const body = validateBody<ViewPatch>('experienceViewPatch', 'experienceView', req.body);
    if (body.body !== undefined) assertHandlebars('experienceView.body', body.body);
    const updated = store.tx(() => {
      const developId = store.developId(appId);
      const view = store.views.get(appId, developId, id);
      if (!view) throw notFound('Experience view was not found');
      const layout = body.layoutId === undefined ? { id: view.layoutId, name: view.layoutName } : checkLayout(appId, developId, view.viewType, body.layoutId);
      const name = body.name ?? view.name;
      if (name !== view.name) checkUniqueName(appId, developId, view.viewType, name, view.id);
      const doc = { ...view.doc };
      if (body.description !== undefined) doc.description = body.description;
      if (body.body !== undefined) doc.body = body.body;
      if (body.viewTags !== undefined) doc.viewTags = body.viewTags;
      if (body.headers !== undefined && view.viewType === 'page') doc.headers = body.headers;
      if (view.viewType !== 'page') delete doc.headers;
      doc.lastUpdatedById = ctx.actor.id;
      doc.lastUpdatedByType = ctx.actor.type;
      return viewJson([store.views.put({ ...view, name, layoutId: layout.id, updated: store.clock.next(), doc }), layout.name ?? null]);
    });
    return sendJson(reply, updated);
  });

  app.delete(`${EXPERIENCE}/views/:experienceViewId`, async (req) => {
    const appId = appIdOf(req);
    const id = param(req, 'experienceViewId');
    store.tx(() => {
      // Pages that use a deleted layout keep its id: they break when rendered, as on Losant.
      if (!store.views.delete(appId, store.developId(appId), id)) throw notFound('Experience view was not found');
    });
    return SUCCESS;
  });
}
