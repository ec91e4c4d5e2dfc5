// What every route module receives: the store and the identity writes are recorded under,
// plus small helpers for path parameters and versions that several routes share.
import type { FastifyRequest } from 'fastify';
import type { Actor, Store } from './store/index.js';
import type { VersionRecord } from './store/versions.js';
import { notFound } from './errors.js';
import { isObjectId } from './ids.js';

export interface ServerContext {
  store: Store;
  actor: Actor;
}

/** Experience routes live under this prefix. */
export const EXPERIENCE = '/applications/:applicationId/experience';

/**
 * A path parameter; ids are lower-cased (Losant's ids are case-insensitive hex). The app-wide
 * preHandler has already rejected malformed ids and unknown applications.
 */
export function param(req: FastifyRequest, name: string): string {
  const value = (req.params as Record<string, string>)[name] ?? '';
  return isObjectId(value) ? value.toLowerCase() : value;
}

export const appIdOf = (req: FastifyRequest): string => param(req, 'applicationId');

/** The creator/updater fields of a new record. */
export function createdBy(actor: Actor) {
  return { createdById: actor.id, createdByType: actor.type, lastUpdatedById: actor.id, lastUpdatedByType: actor.type };
}

/** A version by id or by name (ids are tried first, as Losant does for `IdOrName` parameters). */
export function findVersion(ctx: ServerContext, appId: string, idOrName: string): VersionRecord | undefined {
  if (isObjectId(idOrName)) {
    const byId = ctx.store.versions.byId(appId, idOrName.toLowerCase());
    if (byId) return byId;
  }
  return ctx.store.versions.byName(appId, idOrName);
}

export function requireVersion(ctx: ServerContext, appId: string, idOrName: string | undefined): VersionRecord {
  const v = findVersion(ctx, appId, idOrName === undefined || idOrName === '' ? 'develop' : idOrName);
  if (!v) throw notFound(`Experience version "${idOrName}" was not found`);
  return v;
}

export const SUCCESS = { success: true } as const;
