// What the readers of an export share: the problems found (the import stops on any), the report
// (the import goes on), and the index of placeholder ids, so that a reference (a page's layoutId,
// an endpoint's experienceGroupIds, a reply's page) becomes a name. Pure.
import type { ValidationIssue } from '../project/issues.js';
import type { ViewType } from '../project/view.js';
import type { Path } from '../project/resources/yaml-file.js';
import { fieldIssue, type ExportResource, type Plain } from './export-yaml.js';
import type { ReportItem } from './report.js';
import { didYouMean } from '../project/did-you-mean.js';

export type Referent =
  | { kind: 'view'; viewType: ViewType; name: string }
  | { kind: 'group'; name: string }
  | { kind: 'endpoint'; name: string }
  | { kind: 'user'; name: string };

/**
 * ' (did you mean "x"?)' for a field written as part of a known one — `tags` for `viewTags`,
 * `deviceQuery` for `deviceQueryJson` — which edit distance misses (a prefix or suffix is many
 * edits). Only when exactly one known field contains it, and it is not a short fragment.
 */
function partOfField(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  if (lower.length < 4) return '';
  const matches = known.filter((k) => k.length > key.length && k.toLowerCase().includes(lower));
  return matches.length === 1 ? ` (did you mean "${matches[0]}"?)` : '';
}

export class ExportContext {
  readonly issues: ValidationIssue[] = [];
  readonly report: ReportItem[] = [];
  private readonly ids = new Map<string, { referent: Referent; where: string }>();

  /** Records a resource's id; the same id twice is a problem (references would be ambiguous). */
  register(r: ExportResource, path: Path, referent: Referent): void {
    const id = valueAt(r.data, path);
    if (typeof id !== 'string' || id === '') return;
    const where = `${r.file}:${r.lineOf(path)}`;
    const before = this.ids.get(id);
    if (before) this.issues.push(fieldIssue(r, path, `the id ${id} is also the id of ${describe(before.referent)} (${before.where}); references to it would be ambiguous`));
    else this.ids.set(id, { referent, where });
  }

  lookup(id: string): Referent | undefined {
    return this.ids.get(id)?.referent;
  }

  /** The name of the page an id stands for, or undefined (reported by the caller). */
  pageName(id: string): string | undefined {
    const r = this.lookup(id);
    return r?.kind === 'view' && r.viewType === 'page' ? r.name : undefined;
  }

  groupName(id: string): string | undefined {
    const r = this.lookup(id);
    return r?.kind === 'group' ? r.name : undefined;
  }

  /**
   * Reports each field of `r` that is not one of `known`: the import reads the fields it knows
   * and would otherwise drop the rest without a word (a misspelt `allowedCORSOrigins`, a group's
   * `tags` for `groupTags`).
   */
  unknownFields(r: ExportResource, known: readonly string[], what: string): void {
    for (const key of Object.keys(r.data)) {
      if (known.includes(key)) continue;
      this.report.push({
        kind: 'unknown-field',
        file: r.file,
        line: r.lineOf([key]),
        message: `${r.fieldOf([key])}: ${what} has a field "${key}" that lxp does not know${didYouMean(key, known) || partOfField(key, known)}: not imported`,
      });
    }
  }

  /** A reference that names nothing the export holds (or something of the wrong kind). */
  unresolved(r: ExportResource, path: Path, id: string, wanted: string, consequence: string): void {
    const found = this.lookup(id);
    const why = found ? `names ${describe(found)}, not ${wanted}` : `names no ${wanted} of the export`;
    this.report.push({ kind: 'unresolved', file: r.file, line: r.lineOf(path), message: `${r.fieldOf(path)} ${JSON.stringify(id)} ${why}: ${consequence}` });
  }
}

/** Fields every exported resource may carry: the API's bookkeeping and the export's own. */
const BOOKKEEPING = ['id', 'applicationId', 'creationDate', 'lastUpdated', 'createdById', 'createdByType', 'lastUpdatedById', 'lastUpdatedByType', 'version', 'exportHash'];

/**
 * The fields lxp knows of each exported resource: the API object's (Losant's schemas) and the
 * export's additions. Fields the API derives (layoutName, ancestorIds, device counts…) are known
 * and need no import.
 */
export const KNOWN_FIELDS = {
  view: [...BOOKKEEPING, 'experienceViewId', 'name', 'description', 'viewType', 'layoutId', 'layoutName', 'body', 'viewTags', 'headers', 'localFilename'],
  endpoint: [...BOOKKEEPING, 'experienceEndpointId', 'description', 'route', 'enabled', 'method', 'access', 'deviceIdTemplate', 'endpointTags', 'staticReply', 'unauthorizedReply', 'experienceGroups', 'experienceGroupIds'],
  group: [...BOOKKEEPING, 'experienceGroupId', 'name', 'description', 'experienceUserIds', 'experienceEndpointIds', 'groupTags', 'deviceIds', 'deviceTags', 'deviceQueryJson', 'parentId', 'ancestorIds', 'directDeviceCount', 'totalDeviceCount', 'children'],
  user: [...BOOKKEEPING, 'experienceUserId', 'passwordLastUpdated', 'lastLogin', 'email', 'firstName', 'lastName', 'avatarUrl', 'tokenCutoff', 'userTags', 'experienceGroups', 'experienceGroupIds', 'password'],
  settings: [...BOOKKEEPING, 'experienceVersionId', 'endpointDefaultCors', 'allowedCorsOrigins', 'description', 'globals', 'notFoundReply', 'unauthorizedReply', 'responseHeaders', 'attachedDomains', 'attachedSlugs'],
} as const;

export function describe(r: Referent): string {
  return r.kind === 'view' ? `the ${r.viewType} "${r.name}"` : `the ${r.kind} "${r.name}"`;
}

function valueAt(data: Plain, path: Path): unknown {
  let v: unknown = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** A mapping nested in a resource (a child group, a reply) seen as a resource of its own, for messages. */
export function nested(r: ExportResource, path: Path, data: Plain): ExportResource {
  return { data, file: r.file, line: r.lineOf(path), lineOf: (p) => r.lineOf([...path, ...p]), fieldOf: (p) => r.fieldOf([...path, ...p]) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Problems in a stable order (file, line, field, message), however concurrently they were found. */
export function sortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return [...issues].sort((a, b) => cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.field ?? '', b.field ?? '') || cmp(a.message, b.message));
}
