// Resources as the API answers with them (the fields every versioned resource has come from
// ../audit-fields.ts); views and endpoints are here (not in their route files) because
// linked-resources answers with both, and route files must not import each other.
import { auditFields } from '../audit-fields.js';
import type { EndpointRecord } from '../store/endpoints.js';
import type { ViewRecord } from '../store/views.js';
import { viewWire } from '../store/view-wire.js';

/** A view as the API answers with it: the JSON the store keeps for it (store/view-wire.ts). */
export function viewToWire(v: ViewRecord): Record<string, unknown> {
  return viewWire(v);
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
