// /experience/slugs: `<slug>.onlosant.com` names, unique across the server, each pointing at a
// version by name. The slug equal to the application id exists from the start and stays.
import type { FastifyInstance } from 'fastify';
import { EXPERIENCE, SUCCESS, appIdOf, param, type ServerContext } from '../context.js';
import { alreadyExists, notFound, validationError } from '../errors.js';
import { iso } from '../clock.js';
import { newObjectId } from '../ids.js';
import { validateBody } from '../validate.js';
import type { StoredRecord } from '../store/records.js';
import type { SlugDoc } from './publishing-types.js';

interface SlugBody {
  slug?: string;
  version?: string | null;
}

export function slugToWire(s: StoredRecord<SlugDoc>): Record<string, unknown> {
  return {
    id: s.id,
    experienceSlugId: s.id,
    applicationId: s.appId,
    creationDate: iso(s.created),
    lastUpdated: iso(s.updated),
    slug: s.doc.slug,
    version: s.doc.version,
  };
}

export function registerSlugRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { store } = ctx;

  function checkVersion(appId: string, version: string | null | undefined): void {
    if (typeof version === 'string' && !store.versions.byName(appId, version)) {
      throw validationError(`experienceSlug.version "${version}" names no version of this experience`);
    }
  }

  function checkFree(slug: string, selfId?: string): void {
    const clash = store.records.byUniqueKey('slug', slug);
    if (clash && clash.id !== selfId) throw alreadyExists(`The slug "${slug}" is already taken`);
  }

  function requireSlug(appId: string, id: string): StoredRecord<SlugDoc> {
    const s = store.records.get<SlugDoc>('slug', appId, id);
    if (!s) throw notFound('Experience slug was not found');
    return s;
  }

  app.get(`${EXPERIENCE}/slugs`, async (req) => {
    const appId = appIdOf(req);
    const items = store.records.all<SlugDoc>('slug', appId).map(slugToWire);
    return { items, count: items.length, totalCount: items.length, applicationId: appId };
  });

  app.post(`${EXPERIENCE}/slugs`, async (req, reply) => {
    const appId = appIdOf(req);
    const body = validateBody<Required<Pick<SlugBody, 'slug'>> & SlugBody>('experienceSlugPost', 'experienceSlug', req.body);
    const rec = store.tx(() => {
      checkVersion(appId, body.version);
      checkFree(body.slug);
      const now = store.clock.next();
      const r: StoredRecord<SlugDoc> = {
        kind: 'slug',
        appId,
        id: newObjectId(),
        uniqueKey: body.slug,
        created: now,
        updated: now,
        doc: { slug: body.slug, version: body.version ?? null },
      };
      store.records.put(r);
      return r;
    });
    reply.code(201);
    return slugToWire(rec);
  });

  app.get(`${EXPERIENCE}/slugs/:experienceSlugId`, async (req) => slugToWire(requireSlug(appIdOf(req), param(req, 'experienceSlugId'))));

  app.patch(`${EXPERIENCE}/slugs/:experienceSlugId`, async (req) => {
    const appId = appIdOf(req);
    const body = validateBody<SlugBody>('experienceSlugPatch', 'experienceSlug', req.body);
    const rec = store.tx(() => {
      const s = requireSlug(appId, param(req, 'experienceSlugId'));
      const slug = body.slug ?? s.doc.slug;
      if (slug !== s.doc.slug) {
        if (s.doc.slug === appId) throw validationError('The slug equal to the application id cannot be renamed');
        checkFree(slug, s.id);
      }
      checkVersion(appId, body.version);
      const version = body.version === undefined ? s.doc.version : body.version;
      const r = { ...s, uniqueKey: slug, updated: store.clock.next(), doc: { slug, version } };
      store.records.put(r);
      return r;
    });
    return slugToWire(rec);
  });

  app.delete(`${EXPERIENCE}/slugs/:experienceSlugId`, async (req) => {
    const appId = appIdOf(req);
    store.tx(() => {
      const s = requireSlug(appId, param(req, 'experienceSlugId'));
      if (s.doc.slug === appId) throw validationError('The slug equal to the application id cannot be deleted');
      store.records.delete('slug', appId, s.id);
    });
    return SUCCESS;
  });
}
