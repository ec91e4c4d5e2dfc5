// endpoints.yaml → endpoint records, with every problem of the file (schema, route syntax,
// identities and routes that clash, reserved tags).
import { ACCESS, endpointDefaults, endpointIdentity, endpointKind, ENDPOINTS_FILE, METHODS, type Access, type EndpointContent, type Method } from './endpoint.js';
import { issueAt, isMapping, tagIssues, tagsOf } from './field-checks.js';
import type { FolderRecord, ReadResult } from './kind.js';
import type { Reply } from './reply.js';
import { reservedRouteProblem, routeConflicts, routeProblem } from './routes.js';
import { byLine, lineOf, readChecked, type YamlSource } from './yaml-file.js';

/** A reply as the record holds it; undefined when the file's value is not a valid reply (reported by the schema). */
export function replyOf(v: unknown): Reply | null | undefined {
  if (v === null || v === undefined) return null;
  if (!isMapping(v)) return undefined;
  const status = typeof v.status === 'number' && Number.isInteger(v.status) ? v.status : null;
  if (typeof v.page === 'string' && v.redirect === undefined) return { page: v.page, status };
  if (typeof v.redirect === 'string' && v.page === undefined) return { redirect: v.redirect, status };
  return undefined;
}

export interface EndpointsRead extends ReadResult<EndpointContent> {
  source?: YamlSource;
  /** Where each record is in the file's list (for positions of later checks). */
  indexOf: Map<FolderRecord<EndpointContent>, number>;
}

export function readEndpointsFile(text: string, file = ENDPOINTS_FILE): EndpointsRead {
  const { src, issues } = readChecked(file, text, 'endpoints');
  if (src.data === undefined) return { records: [], issues, source: src, indexOf: new Map() };
  const items = Array.isArray(src.data) ? src.data : [];
  const records: FolderRecord<EndpointContent>[] = [];
  /** Index in the file's list of each record. */
  const indexOf = new Map<FolderRecord<EndpointContent>, number>();
  /**
   * Records whose identity or method the file does not say validly (a `method: POST`, a key that is
   * not a string): the schema reports that field; the defaults standing in for it would make up
   * duplicates and clashes ("GET /about is also declared") the entry does not have.
   */
  const unsure = new Set<FolderRecord<EndpointContent>>();

  items.forEach((item, i) => {
    if (!isMapping(item) || typeof item.route !== 'string') return; // reported by the schema
    const e: EndpointContent = endpointDefaults(item.route);
    if (typeof item.key === 'string') e.key = item.key;
    if ((METHODS as readonly unknown[]).includes(item.method)) e.method = item.method as Method;
    if (typeof item.description === 'string') e.description = item.description;
    if (typeof item.enabled === 'boolean') e.enabled = item.enabled;
    if ((ACCESS as readonly unknown[]).includes(item.access)) e.access = item.access as Access;
    if (Array.isArray(item.groups)) e.groups = [...new Set(item.groups.filter((g): g is string => typeof g === 'string'))].sort();
    if (typeof item.deviceIdTemplate === 'string') e.deviceIdTemplate = item.deviceIdTemplate;
    e.tags = tagsOf(item.tags);
    e.reply = replyOf(item.reply) ?? null;
    e.unauthorized = replyOf(item.unauthorized) ?? null;

    const problem = routeProblem(e.route) ?? reservedRouteProblem(e.route);
    if (problem) issues.push(issueAt(src, [i, 'route'], problem));
    issues.push(...tagIssues(src, [i, 'tags'], item.tags, 'endpoints'));
    // Only what Losant refuses is an error here: whatever a pull writes must read back valid
    // (an endpoint with access: group and no groups exists on Losant; warnings are lint's job).
    const record: FolderRecord<EndpointContent> = { kind: 'endpoint', identity: endpointIdentity(e), content: e, file, line: lineOf(src, [i]) };
    records.push(record);
    indexOf.set(record, i);
    if ((item.method !== undefined && e.method !== item.method) || (item.key !== undefined && item.key !== null && typeof item.key !== 'string')) unsure.add(record);
  });

  // The same identity twice: two keys, or two entries without a key for one method and route.
  const byIdentity = new Map<string, { record: FolderRecord<EndpointContent>; index: number }[]>();
  const sure = records.filter((r) => !unsure.has(r));
  for (const record of sure) byIdentity.set(record.identity, [...(byIdentity.get(record.identity) ?? []), { record, index: indexOf.get(record)! }]);
  for (const [identity, group] of byIdentity) {
    if (group.length < 2) continue;
    for (const { record, index } of group) {
      const field = record.content.key !== null ? 'key' : 'route';
      // The other entries' same field: the line this issue is on points at this entry's field, so "also at" points at theirs.
      const others = group.filter((g) => g.record !== record).map((g) => `line ${lineOf(src, [g.index, field])}`);
      issues.push(issueAt(src, [index, field], record.content.key !== null ? `the key "${identity}" is also used at ${others.join(', ')}; keys are unique` : `${identity} is also declared at ${others.join(', ')}`));
    }
  }

  // Routes Losant treats as the same, for one method.
  const entries = sure.map((r) => ({ method: r.content.method, route: r.content.route, record: r }));
  for (const [a, b] of routeConflicts(entries)) {
    if (a.route === b.route && a.record.content.key === null && b.record.content.key === null) continue; // reported as a duplicate
    const at = (r: FolderRecord<EndpointContent>) => indexOf.get(r)!;
    issues.push(issueAt(src, [at(b.record), 'route'], `${b.method.toUpperCase()} ${b.route} clashes with ${a.method.toUpperCase()} ${a.route} (line ${a.record.line}): Losant treats the two routes as the same`));
    issues.push(issueAt(src, [at(a.record), 'route'], `${a.method.toUpperCase()} ${a.route} clashes with ${b.method.toUpperCase()} ${b.route} (line ${b.record.line}): Losant treats the two routes as the same`));
  }
  return { records, issues: byLine(issues), source: src, indexOf };
}

export { endpointKind };
