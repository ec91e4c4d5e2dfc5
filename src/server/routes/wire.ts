// Resources as the API answers with them. The fields every versioned resource (views,
// endpoints, versions) has — ids, dates, who created and last changed it — are built in one
// place, so the three cannot drift apart; views and endpoints are here (not in their route
// files) because linked-resources answers with both, and route files must not import each other.
import { iso } from '../clock.js';
import type { EndpointRecord } from '../store/endpoints.js';
import type { ViewRecord } from '../store/views.js';

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

export function viewToWire(v: ViewRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...auditFields(v, 'experienceViewId'),
    name: v.name,
    description: v.doc.description,
    viewType: v.viewType,
    body: v.doc.body,
    viewTags: v.doc.viewTags,
  };
  if (v.viewType === 'page') {
    out.layoutId = v.layoutId;
    if (v.layoutName !== undefined) out.layoutName = v.layoutName;
  }
  if (v.doc.headers) out.headers = v.doc.headers;
  return out;
}

export function endpointToWire(e: EndpointRecord, groupNames: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...auditFields(e, 'experienceEndpointId'),
    description: e.doc.description,
    route: e.route,
    enabled: e.doc.enabled,
    method: e.method,
    access: e.doc.access,
    endpointTags: e.doc.endpointTags,
    experienceGroups: e.doc.experienceGroupIds
      .filter((id) => groupNames.has(id))
      .map((id) => ({ id, name: groupNames.get(id)! })),
  };
  if (e.doc.deviceIdTemplate !== undefined) out.deviceIdTemplate = e.doc.deviceIdTemplate;
  if (e.doc.staticReply !== undefined) out.staticReply = e.doc.staticReply;
  if (e.doc.unauthorizedReply !== undefined) out.unauthorizedReply = e.doc.unauthorizedReply;
  return out;
}
