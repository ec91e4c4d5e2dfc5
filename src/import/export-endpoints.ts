// Endpoints of an export (`develop/endpoints.yaml`) and the replies they share with develop's
// settings: placeholder ids of groups and pages become names; a reference to nothing the
// export holds is left out and reported. An unknown method or access is a problem, never a
// guess (an unknown access read as "public" would open the endpoint to everyone).
import { ACCESS, endpointIdentity, endpointKind, METHODS, type EndpointContent, type EndpointRemote } from '../project/resources/endpoint.js';
import type { WireReply } from '../project/resources/reply.js';
import type { Path } from '../project/resources/yaml-file.js';
import { ExportContext, KNOWN_FIELDS } from './export-context.js';
import { fieldIssue, isPlain, readExportFile, stringField, tagsField, type ExportResource } from './export-yaml.js';
import { placeholderItems } from './placeholders.js';

/** A reply ({ type, value, statusCode }) with its page id made a name the resolver knows, or null. */
export function readReply(ctx: ExportContext, r: ExportResource, key: string, what: string, unresolved: string): WireReply | null {
  const v = r.data[key];
  if (v === undefined || v === null) return null;
  const path: Path = [key];
  if (!isPlain(v) || (v.type !== 'page' && v.type !== 'redirect') || typeof v.value !== 'string') {
    ctx.issues.push(fieldIssue(r, path, 'a reply is { type: page | redirect, value, statusCode? }'));
    return null;
  }
  const status = v.statusCode;
  if (status !== undefined && status !== null && !(typeof status === 'number' && Number.isInteger(status))) {
    ctx.issues.push(fieldIssue(r, [key, 'statusCode'], 'must be a whole number'));
    return null;
  }
  if (v.type === 'page' && ctx.pageName(v.value) === undefined) {
    ctx.unresolved(r, [key, 'value'], v.value, 'page', unresolved);
    return null;
  }
  if (v.type === 'redirect') ctx.report.push(...placeholderItems(v.value, `the redirect of ${what}`, () => ({ file: r.file, line: r.lineOf([key, 'value']) })));
  return { type: v.type, value: v.value, ...(typeof status === 'number' ? { statusCode: status } : {}) };
}

/** The resolver from ids to names that fromWire takes, backed by the export's index. */
export function namesOf(ctx: ExportContext) {
  return { pageName: (id: string) => ctx.pageName(id), groupName: (id: string) => ctx.groupName(id) };
}

function endpointOf(ctx: ExportContext, r: ExportResource): EndpointContent | undefined {
  const before = ctx.issues.length;
  const route = r.data.route;
  ctx.unknownFields(r, KNOWN_FIELDS.endpoint, typeof route === 'string' ? `the endpoint ${String(r.data.method ?? 'get').toUpperCase()} ${route}` : 'an endpoint');
  if (typeof route !== 'string' || route === '') ctx.issues.push(fieldIssue(r, ['route'], route === undefined ? 'missing: every endpoint has a route' : 'must be non-empty text'));
  const method = typeof r.data.method === 'string' ? r.data.method.toLowerCase() : r.data.method === undefined ? 'get' : r.data.method;
  if (!(METHODS as readonly unknown[]).includes(method)) ctx.issues.push(fieldIssue(r, ['method'], `must be one of ${METHODS.join(', ')}, not ${JSON.stringify(r.data.method)}`));
  const access = r.data.access ?? 'public';
  if (!(ACCESS as readonly unknown[]).includes(access)) ctx.issues.push(fieldIssue(r, ['access'], `must be one of ${ACCESS.join(', ')}, not ${JSON.stringify(r.data.access)}`));
  const enabled = r.data.enabled ?? true;
  if (typeof enabled !== 'boolean') ctx.issues.push(fieldIssue(r, ['enabled'], 'must be true or false'));
  const description = stringField(r, 'description', ctx.issues);
  const endpointTags = tagsField(r, 'endpointTags', ctx.issues);
  const deviceIdTemplate = stringField(r, 'deviceIdTemplate', ctx.issues);
  const label = `the endpoint ${String(method).toUpperCase()} ${String(route)}`;
  const groupIds: string[] = [];
  const rawGroups = r.data.experienceGroupIds ?? [];
  if (!Array.isArray(rawGroups)) ctx.issues.push(fieldIssue(r, ['experienceGroupIds'], 'must be a list of group ids'));
  else
    rawGroups.forEach((id, i) => {
      if (typeof id !== 'string') ctx.issues.push(fieldIssue(r, ['experienceGroupIds', i], 'must be a group id'));
      else if (ctx.groupName(id) === undefined) ctx.unresolved(r, ['experienceGroupIds', i], id, 'group', `${label} is imported without that group`);
      else groupIds.push(id);
    });
  const staticReply = readReply(ctx, r, 'staticReply', label, `${label} is imported without a static reply (a workflow must reply)`);
  const unauthorizedReply = readReply(ctx, r, 'unauthorizedReply', label, `${label} is imported without its unauthorized reply (the experience's applies)`);
  if (ctx.issues.length > before) return undefined;

  const remote: EndpointRemote = {
    route: route as string,
    method: method as string,
    description,
    enabled: enabled as boolean,
    access: access as string,
    endpointTags,
    experienceGroupIds: groupIds,
    staticReply,
    unauthorizedReply,
    ...(deviceIdTemplate !== '' ? { deviceIdTemplate } : {}),
  };
  const { content } = endpointKind.fromWire(remote, namesOf(ctx));
  for (const [field, text] of [['description', description], ['deviceIdTemplate', deviceIdTemplate]] as const)
    ctx.report.push(...placeholderItems(text, `the ${field} of ${label}`, () => ({ file: r.file, line: r.lineOf([field]) })));
  return content;
}

export function readExportEndpoints(ctx: ExportContext, file: string, text: string): EndpointContent[] | undefined {
  const exported = readExportFile(file, text, ['ExperienceEndpoint'], ctx.issues);
  if (!exported) return undefined;
  const out: EndpointContent[] = [];
  const seen = new Map<string, ExportResource>();
  for (const r of exported.resources) {
    const e = endpointOf(ctx, r);
    if (!e) continue;
    const identity = endpointIdentity(e);
    const first = seen.get(identity);
    if (first) {
      ctx.issues.push(fieldIssue(r, ['route'], `${identity} is also at ${first.file}:${first.line}; an experience has one endpoint per method and route`));
      continue;
    }
    seen.set(identity, r);
    ctx.register(r, ['id'], { kind: 'endpoint', name: `${e.method.toUpperCase()} ${e.route}` });
    out.push(e);
  }
  return out;
}
