// /experience/versions: named snapshots. Creating one copies develop's views and endpoints
// (same ids) and settings; nothing but settings of a version changes afterwards. develop always
// exists, cannot be deleted, and can be restored from a version.
import type { FastifyInstance } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, createdBy, findVersion, param, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { auditFields } from '../audit-fields.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import { listEcho, parseListQuery, type Query } from '../list-query.js';
import { DEVELOP } from '../store/index.js';
import { VERSION_SORT_COLUMNS, type VersionDoc, type VersionRecord, type VersionSortField } from '../store/versions.js';
import { VERSION_SETTING_FIELDS } from '../schemas/versions.js';
import type { DomainDoc, SlugDoc } from './publishing-types.js';

const SORT_FIELDS = Object.keys(VERSION_SORT_COLUMNS) as VersionSortField[];

type Settings = Partial<Pick<VersionDoc, (typeof VERSION_SETTING_FIELDS)[number]>>;
interface VersionPost extends Settings {
  version: string;
  description?: string;
  slugIds?: string[];
  domainIds?: string[];
}
interface VersionPatch extends Settings {
  description?: string;
  sourceVersionIdOrName?: string;
}

/**
 * What a version's settings must hold beyond their schema, as for endpoints: a global's `json` is
 * JSON (it is stored and served parsed), and a not-found or unauthorized reply of type page names
 * a page of the version.
 */
function checkSettings(ctx: ServerContext, appId: string, versionId: string, body: Settings): void {
  (body.globals ?? []).forEach((g, i) => {
    try {
      JSON.parse(g.json);
    } catch {
      throw validationError(`experienceVersion.globals[${i}].json is not JSON`);
    }
  });
  for (const field of ['notFoundReply', 'unauthorizedReply'] as const) {
    const r = body[field] as { type?: string; value: string } | null | undefined;
    if (r?.type !== 'page') continue;
    const page = ctx.store.views.get(appId, versionId, r.value.toLowerCase());
    if (!page || page.viewType !== 'page') throw validationError(`experienceVersion.${field}.value does not name a page`);
  }
}

function pickSettings(from: Settings): Settings {
  const out: Record<string, unknown> = {};
  for (const f of VERSION_SETTING_FIELDS) if (from[f] !== undefined) out[f] = from[f];
  return out as Settings;
}

export function registerVersionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  function toWire(v: VersionRecord): Record<string, unknown> {
    const slugs = store.records.all<SlugDoc>('slug', v.appId).filter((s) => s.doc.version === v.name);
    const domains = store.records.all<DomainDoc>('domain', v.appId).filter((d) => d.doc.version === v.name);
    return {
      ...auditFields(v, 'experienceVersionId'),
      version: v.name,
      description: v.doc.description,
      endpointDefaultCors: v.doc.endpointDefaultCors ?? false,
      allowedCorsOrigins: v.doc.allowedCorsOrigins ?? [],
      globals: v.doc.globals ?? [],
      notFoundReply: v.doc.notFoundReply ?? null,
      unauthorizedReply: v.doc.unauthorizedReply ?? null,
      responseHeaders: v.doc.responseHeaders ?? {},
      attachedSlugs: slugs.map((s) => ({ id: s.id, slug: s.doc.slug })),
      attachedDomains: domains.map((d) => ({ id: d.id, domainName: d.doc.domainName })),
    };
  }

  function requireByParam(appId: string, idOrName: string): VersionRecord {
    const v = findVersion(ctx, appId, idOrName);
    if (!v) throw notFound(`Experience version "${idOrName}" was not found`);
    return v;
  }

  /** Re-points slugs or domains (ids from the request body) at a version. */
  function repoint(kind: 'slug' | 'domain', appId: string, ids: string[] | undefined, name: string): void {
    const field = kind === 'slug' ? 'slugIds' : 'domainIds';
    (ids ?? []).forEach((raw, i) => {
      const rec = store.records.get<SlugDoc | DomainDoc>(kind, appId, raw.toLowerCase());
      if (!rec) throw validationError(`experienceVersion.${field}[${i}] names no experience ${kind} of this application`);
      store.records.put({ ...rec, updated: store.clock.next(), doc: { ...rec.doc, version: name } });
    });
  }

  app.get(`${EXPERIENCE}/versions`, async (req) => {
    const appId = appIdOf(req);
    const q = parseListQuery(req.query as Query, SORT_FIELDS, 'version', ['version'] as const);
    const { items, total } = store.versions.list(appId, {
      offset: q.offset,
      limit: q.perPage,
      direction: q.sortDirection,
      sortField: q.sortField,
      nameGlob: q.filterField === 'version' ? q.filter : undefined,
    });
    return { items: items.map(toWire), count: items.length, totalCount: total, ...listEcho(q), applicationId: appId };
  });

  app.post(`${EXPERIENCE}/versions`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<VersionPost>('experienceVersionPost', 'experienceVersion', req.body);
    const created = store.tx(() => {
      if (store.versions.byName(appId, body.version)) {
        throw alreadyExists(`An experience version named "${body.version}" already exists`);
      }
      const develop = store.develop(appId);
      checkSettings(ctx, appId, develop.id, body);
      const now = store.clock.next();
      const rec: VersionRecord = {
        appId,
        id: newObjectId(),
        name: body.version,
        created: now,
        updated: now,
        doc: {
          ...pickSettings(develop.doc),
          ...pickSettings(body),
          description: body.description ?? '',
          ...createdBy(ctx.actor),
        },
      };
      store.versions.put(rec);
      store.views.copyVersion(appId, develop.id, rec.id);
      store.endpoints.copyVersion(appId, develop.id, rec.id);
      repoint('slug', appId, body.slugIds, rec.name);
      repoint('domain', appId, body.domainIds, rec.name);
      return rec;
    });
    reply.code(201);
    return toWire(created);
  });

  app.get(`${EXPERIENCE}/versions/:experienceVersionIdOrName`, async (req) => {
    return toWire(requireByParam(appIdOf(req), param(req, 'experienceVersionIdOrName')));
  });

  app.patch(`${EXPERIENCE}/versions/:experienceVersionIdOrName`, async (req) => {
    const appId = appIdOf(req);
    const body = validateBody<VersionPatch>('experienceVersionPatch', 'experienceVersion', req.body);
    const updated = store.tx(() => {
      const target = requireByParam(appId, param(req, 'experienceVersionIdOrName'));
      let doc: VersionDoc = { ...target.doc };
      if (body.sourceVersionIdOrName !== undefined) {
        if (target.name !== DEVELOP) {
          throw validationError('experienceVersion.sourceVersionIdOrName can only be used on the develop version');
        }
        const source = findVersion(ctx, appId, body.sourceVersionIdOrName);
        if (!source) throw notFound(`Experience version "${body.sourceVersionIdOrName}" was not found`);
        if (source.id !== target.id) {
          restoreDevelop(appId, source, target);
          doc = { ...doc, ...pickSettings(source.doc) };
        }
      }
      // Losant's versions page: develop "is the only editable experience version. All other
      // versions … are frozen and cannot be directly edited" — their notes (description) aside.
      const frozen = VERSION_SETTING_FIELDS.filter((f) => body[f] !== undefined);
      if (target.name !== DEVELOP && frozen.length > 0) {
        throw validationError(`experienceVersion "${target.name}" is frozen: only develop's ${frozen.join(', ')} can be edited (a version's description can); copy it to develop (sourceVersionIdOrName) to change them`);
      }
      checkSettings(ctx, appId, target.id, body);
      doc = { ...doc, ...pickSettings(body), lastUpdatedById: ctx.actor.id, lastUpdatedByType: ctx.actor.type };
      if (body.description !== undefined) doc.description = body.description;
      const rec = { ...target, updated: store.clock.next(), doc };
      store.versions.put(rec);
      return rec;
    });
    return toWire(updated);
  });

  /**
   * develop's views and endpoints become copies of the source's. Each copied row is a write to
   * develop, so it gets a fresh lastUpdated: a client that last saw develop must see it changed.
   */
  function restoreDevelop(appId: string, source: VersionRecord, develop: VersionRecord): void {
    const views = store.views.all(appId, source.id);
    const endpoints = store.endpoints.all(appId, source.id);
    store.views.deleteVersion(appId, develop.id);
    store.endpoints.deleteVersion(appId, develop.id);
    const who = { lastUpdatedById: ctx.actor.id, lastUpdatedByType: ctx.actor.type };
    for (const v of views) {
      store.views.put({ ...v, versionId: develop.id, updated: store.clock.next(), doc: { ...v.doc, ...who } });
    }
    for (const e of endpoints) {
      store.endpoints.put({ ...e, versionId: develop.id, updated: store.clock.next(), doc: { ...e.doc, ...who } });
    }
  }

  app.delete(`${EXPERIENCE}/versions/:experienceVersionIdOrName`, async (req) => {
    const appId = appIdOf(req);
    store.tx(() => {
      const v = requireByParam(appId, param(req, 'experienceVersionIdOrName'));
      if (v.name === DEVELOP) throw validationError('The develop version cannot be deleted');
      // Slugs and domains that point at it keep the name and break, as on Losant.
      store.views.deleteVersion(appId, v.id);
      store.endpoints.deleteVersion(appId, v.id);
      store.versions.delete(appId, v.id);
    });
    return SUCCESS;
  });
}
