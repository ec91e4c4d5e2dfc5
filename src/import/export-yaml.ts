// One YAML file of Losant's export format: `resourceType`, `version`, and a list of
// `resources`, each an API object with placeholder ids. Untrusted input: unreadable YAML, a
// missing or unexpected resourceType, resources that are not a list of mappings — each a
// problem naming the file and line. Pure: text in, resources (with their lines) out.
import { fieldOf, lineOf, readYaml, type Path, type YamlSource } from '../project/resources/yaml-file.js';
import type { ValidationIssue } from '../project/issues.js';
import { emptyTags } from '../project/empty-tags.js';

export type Plain = Record<string, unknown>;

export const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One resource of an export file, and where it is. */
export interface ExportResource {
  data: Plain;
  /** The export file (path inside the source). */
  file: string;
  /** 1-based line where the resource starts. */
  line: number;
  /** Line of a field of this resource (its key), for messages. */
  lineOf(path: Path): number;
  /** "resources[2].staticReply.value": where a field is. */
  fieldOf(path: Path): string;
}

export interface ExportFile {
  file: string;
  resourceType: string;
  resources: ExportResource[];
}

/**
 * Reads an export file, checking that its resourceType is one of `expected`. Problems go to
 * `issues`; the result is undefined when the file cannot be used at all.
 */
export function readExportFile(file: string, text: string, expected: readonly string[], issues: ValidationIssue[]): ExportFile | undefined {
  const src: YamlSource = readYaml(file, text);
  if (src.data === undefined) {
    issues.push(...src.issues);
    return undefined;
  }
  const data = src.data;
  if (!isPlain(data)) {
    issues.push({ file, line: 1, message: `not an export file: expected a mapping with resourceType and resources` });
    return undefined;
  }
  const resourceType = data.resourceType;
  if (typeof resourceType !== 'string') {
    issues.push({ file, line: lineOf(src, ['resourceType']), field: 'resourceType', message: `missing: an export file says what it holds (expected ${expected.join(' or ')})` });
    return undefined;
  }
  if (!expected.includes(resourceType)) {
    issues.push({ file, line: lineOf(src, ['resourceType']), field: 'resourceType', message: `"${resourceType}" is not what ${file.split('/').pop()} holds (expected ${expected.join(' or ')})` });
    return undefined;
  }
  const list = data.resources ?? [];
  if (!Array.isArray(list)) {
    issues.push({ file, line: lineOf(src, ['resources']), field: 'resources', message: 'must be a list' });
    return undefined;
  }
  const resources: ExportResource[] = [];
  list.forEach((item, i) => {
    const at = (p: Path): Path => ['resources', i, ...p];
    if (!isPlain(item)) {
      issues.push({ file, line: lineOf(src, at([])), field: fieldOf(at([])), message: 'a resource must be a mapping' });
      return;
    }
    resources.push({ data: item, file, line: lineOf(src, at([])), lineOf: (p) => lineOf(src, at(p)), fieldOf: (p) => fieldOf(at(p)) });
  });
  return { file, resourceType, resources };
}

/** A problem with one field of a resource. */
export function fieldIssue(r: ExportResource, path: Path, message: string): ValidationIssue {
  return { file: r.file, line: r.lineOf(path), field: r.fieldOf(path), message };
}

/** A string field: undefined/null → fallback; anything else but a string is a problem. */
export function stringField(r: ExportResource, key: string, issues: ValidationIssue[], fallback = ''): string {
  const v = r.data[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v;
  issues.push(fieldIssue(r, [key], `must be text, not ${JSON.stringify(v)}`));
  return fallback;
}

/** A tags mapping (viewTags, endpointTags, groupTags, userTags): string values only. */
export function tagsField(r: ExportResource, key: string, issues: ValidationIssue[]): Record<string, string> {
  const v = r.data[key];
  if (v === undefined || v === null) return {};
  if (!isPlain(v)) {
    issues.push(fieldIssue(r, [key], 'must be a mapping of tag keys to text'));
    return {};
  }
  const out = emptyTags();
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else issues.push(fieldIssue(r, [key, k], `a tag value must be text, not ${JSON.stringify(val)}`));
  }
  return out;
}
