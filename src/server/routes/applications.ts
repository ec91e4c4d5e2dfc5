// GET /applications/{applicationId}: the application's id and name (all lxp needs of it).
import type { FastifyInstance } from 'fastify';
import { appIdOf, type ServerContext } from '../context.js';
import { iso } from '../clock.js';

export function registerApplicationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/applications/:applicationId', async (req) => {
    const a = ctx.store.apps.get(appIdOf(req))!; // existence checked by the app-wide preHandler
    return {
      id: a.id,
      applicationId: a.id,
      name: a.name,
      creationDate: iso(a.created),
      lastUpdated: iso(a.updated),
    };
  });
}
