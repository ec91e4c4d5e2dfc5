// The root context of a page rendered by the runtime, as Losant documents it: time,
// application, experience.{user, endpoint, page, layout, version}, globals, request.{path,
// method, headers, params, query, body, cookies}; plus flow and pageData when a workflow (here:
// a reply file) replies.
import { setOwn, type ExperienceUser, type RootContext } from '../render/context.js';
import type { ExperienceSnapshot, RuntimeEndpoint } from './types.js';

export interface RequestFacts {
  path: string;
  method: string;
  headers: Record<string, string>;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  cookies: Record<string, string>;
}

/** Version globals `[{key, json}]` as an object; a value that is not JSON stays a string. */
export function globalsOf(globals: ExperienceSnapshot['version']['globals']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of globals ?? []) {
    // setOwn: a global called __proto__ is a global like any other (review 10b, F4).
    try {
      setOwn(out, g.key, JSON.parse(g.json));
    } catch {
      setOwn(out, g.key, g.json);
    }
  }
  return out;
}

/**
 * The endpoint as views see it (`experience.endpoint`): the Experience API's endpoint object, as
 * Losant's Endpoint Trigger documents it (`experienceEndpointId`, `applicationId`,
 * `experienceGroups` as `{id, name}`), not the fields the API is written with
 * (`experienceGroupIds`). A group's name is there when the snapshot knows it.
 */
export function endpointInfo(e: RuntimeEndpoint, applicationId: string): RootContext['experience']['endpoint'] {
  const names = new Map((e.experienceGroups ?? []).map((g) => [g.id, g.name]));
  return {
    ...(e.id ? { id: e.id, experienceEndpointId: e.id } : {}),
    applicationId,
    method: e.method.toLowerCase(),
    route: e.route,
    access: e.access,
    enabled: e.enabled,
    description: e.description ?? '',
    endpointTags: { ...(e.endpointTags ?? {}) },
    experienceGroups: e.experienceGroupIds.map((id) => (names.has(id) ? { id, name: names.get(id) } : { id })),
    ...(e.deviceIdTemplate !== undefined ? { deviceIdTemplate: e.deviceIdTemplate } : {}),
    staticReply: e.staticReply ?? null,
    unauthorizedReply: e.unauthorizedReply ?? null,
  };
}

export function runtimeContext(
  snapshot: ExperienceSnapshot,
  facts: { now: Date; user: ExperienceUser | null; endpoint: RuntimeEndpoint | null; request: RequestFacts; globals: Record<string, unknown> },
  workflow?: { flowName: string; pageData: unknown },
): RootContext {
  const ctx: Record<string, unknown> = {
    time: facts.now,
    application: { ...snapshot.application },
    experience: {
      user: facts.user,
      endpoint: facts.endpoint ? endpointInfo(facts.endpoint, snapshot.application.id) : null,
      page: null,
      layout: null,
      version: snapshot.version.name,
    },
    globals: facts.globals,
    request: facts.request,
  };
  // No workflow ran for a static reply: no flow, and pageData is {} (Losant's endpoint guide).
  ctx.pageData = workflow ? workflow.pageData : {};
  if (workflow) ctx.flow = { name: workflow.flowName, version: snapshot.version.name };
  return ctx as RootContext;
}
