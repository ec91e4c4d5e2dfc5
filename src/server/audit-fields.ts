// The fields every versioned resource (views, endpoints, versions) answers with — ids, dates,
// who created and last changed it — built in one place, so the three cannot drift apart. Its own
// module because both the routes (routes/wire.ts) and the store (store/view-wire.ts, which keeps
// each view's JSON) build answers with it.
import { iso } from './clock.js';

interface Audited {
  id: string;
  appId: string;
  created: number;
  updated: number;
  doc: { createdById: string; createdByType: string; lastUpdatedById: string; lastUpdatedByType: string };
}

/** `id`, `<idField>` (the resource's own name for its id), `applicationId`, dates and actors. */
export function auditFields(r: Audited, idField: string): Record<string, unknown> {
  const creationDate = iso(r.created);
  return {
    id: r.id,
    [idField]: r.id,
    applicationId: r.appId,
    creationDate,
    lastUpdated: r.updated === r.created ? creationDate : iso(r.updated),
    createdById: r.doc.createdById,
    createdByType: r.doc.createdByType,
    lastUpdatedById: r.doc.lastUpdatedById,
    lastUpdatedByType: r.doc.lastUpdatedByType,
  };
}
