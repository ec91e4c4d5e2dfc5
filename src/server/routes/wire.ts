// The fields every versioned resource (views, endpoints, versions) answers with: its ids, its
// dates and who created and last changed it — one place, so the three cannot drift apart.
import { iso } from '../clock.js';

interface Audited {
  id: string;
  appId: string;
  created: number;
  updated: number;
  doc: { createdById: string; createdByType: string; lastUpdatedById: string; lastUpdatedByType: string };
}

/** `id`, `<idField>` (the resource's own name for its id), `applicationId`, dates and actors. */
export function auditFields(r: Audited, idField: string): Record<string, unknown> {
  return {
    id: r.id,
    [idField]: r.id,
    applicationId: r.appId,
    creationDate: iso(r.created),
    lastUpdated: iso(r.updated),
    createdById: r.doc.createdById,
    createdByType: r.doc.createdByType,
    lastUpdatedById: r.doc.lastUpdatedById,
    lastUpdatedByType: r.doc.lastUpdatedByType,
  };
}
