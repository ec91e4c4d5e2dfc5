// GET …/views/{id}/linkedResources and …/endpoints/{id}/linkedResources: the views and
// endpoints a resource is tied to. The local server has no workflows, so flows are always empty.
import type { ServerContext } from '../context.js';
import type { ViewRecord } from '../store/views.js';
import type { EndpointRecord } from '../store/endpoints.js';
import { endpointToWire, viewToWire } from './wire.js';

const COMPONENT_CALL = /\{\{~?#?>?\s*component\s+(?:"([^"]+)"|'([^']+)')/g;

/** Names of the components a template calls with a literal name. */
export function componentNames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(COMPONENT_CALL)) names.add(m[1] ?? m[2]);
  return [...names];
}

function collection(items: unknown[]) {
  return { items, count: items.length, totalCount: items.length };
}

function respond(ctx: ServerContext, views: ViewRecord[], endpoints: EndpointRecord[]) {
  const groupNames = groupNameMap(ctx, views[0]?.appId ?? endpoints[0]?.appId);
  return {
    experienceViews: collection(views.map(viewToWire)),
    experienceEndpoints: collection(endpoints.map((e) => endpointToWire(e, groupNames))),
    flows: collection([]),
    flowVersions: collection([]),
  };
}

function groupNameMap(ctx: ServerContext, appId: string | undefined): Map<string, string> {
  if (!appId) return new Map();
  return new Map(ctx.store.records.all<{ name: string }>('group', appId).map((g) => [g.id, g.doc.name]));
}

/** The views a view uses (its layout and the components it calls), recursively. */
function dependencies(all: ViewRecord[], start: ViewRecord): ViewRecord[] {
  const byId = new Map(all.map((v) => [v.id, v]));
  const components = new Map(all.filter((v) => v.viewType === 'component').map((v) => [v.name, v]));
  const seen = new Set<string>([start.id]);
  const out: ViewRecord[] = [];
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    const next: ViewRecord[] = [];
    if (v.layoutId && byId.has(v.layoutId)) next.push(byId.get(v.layoutId)!);
    for (const name of componentNames(v.doc.body)) if (components.has(name)) next.push(components.get(name)!);
    for (const n of next) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
      queue.push(n);
    }
  }
  return out;
}

export function linkedResourcesOfView(ctx: ServerContext, view: ViewRecord) {
  const all = ctx.store.views.all(view.appId, view.versionId);
  const endpoints = ctx.store.endpoints
    .all(view.appId, view.versionId)
    .filter((e) => e.doc.staticReply?.type === 'page' && e.doc.staticReply.value === view.id);
  return respond(ctx, dependencies(all, view), endpoints);
}

export function linkedResourcesOfEndpoint(ctx: ServerContext, endpoint: EndpointRecord) {
  const all = ctx.store.views.all(endpoint.appId, endpoint.versionId);
  const reply = endpoint.doc.staticReply;
  const page = reply?.type === 'page' ? all.find((v) => v.id === reply.value) : undefined;
  const views = page ? [page, ...dependencies(all, page)] : [];
  return respond(ctx, views, []);
}
