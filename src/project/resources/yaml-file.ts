// Reading one of the experience's YAML files (endpoints.yaml, groups.yaml, experience.yaml):
// YAML with positions (yaml's Document API and a LineCounter), checked against the JSON Schema
// lxp publishes in schema/ (the one editors use for completion), every problem reported as
// file:line (field): message, all at once.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { didYouMean } from '../did-you-mean.js';
import { quoteItHint, type ValidationIssue } from '../issues.js';
import { validate as validateEndpoints } from './generated/endpoints.validate.js';
import { validate as validateExperience } from './generated/experience.validate.js';
import { validate as validateGroups } from './generated/groups.validate.js';
import { codePoints, MAX_ALIAS_EXPANSION } from '../limits.js';
import { yamlProblems } from '../yaml-errors.js';

export type Path = (string | number)[];

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data; undefined when the YAML itself is unreadable. */
  data: unknown;
  issues: ValidationIssue[];
}

export type SchemaName = 'endpoints' | 'groups' | 'experience';

/**
 * Each schema's validator, compiled by ajv at build time (scripts/generate-validators.mjs), so no
 * command loads ajv or compiles a schema to read the folder.
 */
const VALIDATORS: Record<SchemaName, ValidateFunction> = {
  endpoints: validateEndpoints as ValidateFunction,
  groups: validateGroups as ValidateFunction,
  experience: validateExperience as ValidateFunction,
};
export function readYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: false, version: '1.2', schema: 'core' });
  const issues: ValidationIssue[] = [];
  for (const p of yamlProblems([...doc.errors, ...doc.warnings], source, lineCounter)) issues.push({ file, line: p.line, message: `unreadable YAML: ${p.message}` });
  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      issues.push(aliasIssue(file, doc, lineCounter, e));
    }
  }
  return { file, doc, lineCounter, data, issues };
}

/**
 * An alias yaml cannot resolve, or whose expansion passes MAX_ALIAS_EXPANSION (a "billion
 * laughs"): an issue at the first use of the anchor used most, in words a person can act on.
 */
function aliasIssue(file: string, doc: Document.Parsed, lineCounter: LineCounter, e: ReferenceError): ValidationIssue {
  const uses = new Map<string, Alias[]>();
  visit(doc, {
    Alias(_, node) {
      uses.set(node.source, [...(uses.get(node.source) ?? []), node]);
    },
  });
  const most = [...uses.values()].sort((a, b) => b.length - a.length)[0];
  const first = most?.[0];
  const line = first?.range ? lineCounter.linePos(first.range[0]).line : 1;
  const message = /^Excessive alias count/.test(e.message)
    ? `unreadable YAML: its aliases (*${first?.source ?? '…'} is used ${most?.length ?? 0} times) expand to more than ${MAX_ALIAS_EXPANSION} copies, which lxp does not read (write some of the values out)`
    : `unreadable YAML: ${e.message}`;
  return { file, line, message };
}

/** A file read and checked against its schema: the start of every reader. */
export function readChecked(file: string, text: string, schema: SchemaName): { src: YamlSource; issues: ValidationIssue[] } {
  const src = readYaml(file, text);
  return { src, issues: src.data === undefined ? [...src.issues] : [...src.issues, ...schemaIssues(src, schema)] };
}

/** The node at a path, or the deepest one on the way. */
function nodeAt(doc: Document.Parsed, path: Path): { node: Node | null; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      keyNode = undefined;
      node = node.items[seg];
    } else break;
  }
  return { node: (node as Node | null) ?? null, keyNode };
}

/** 1-based line of what is at `path` (its key when it has one), or of the nearest thing above it. */
export function lineOf(src: YamlSource, path: Path): number {
  const { node, keyNode } = nodeAt(src.doc, path);
  const offset = keyNode?.range?.[0] ?? node?.range?.[0];
  return offset === undefined ? 1 : src.lineCounter.linePos(offset).line;
}

/** "[3].reply.page", "globals[1].value": where in the file a field is. */
export function fieldOf(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

// "did you mean": one rule for every file lxp reads (cross-checks.ts takes it from here too).
export { didYouMean };

/** Keys people reach for that lxp spells another way, or keeps out of the folder on purpose. */
const EXTRA_KEY_HINTS: Record<string, string> = {
  parent: ' (nest the group under its parent, in its children: list)',
  users: ' (users are data, not code: groups.yaml never holds a group\'s users)',
  experienceUserIds: ' (users are data, not code: groups.yaml never holds a group\'s users)',
  staticReply: ' (did you mean "reply"?)',
  unauthorizedReply: ' (did you mean "unauthorized"?)',
  notFoundReply: ' (did you mean "notFound"?)',
  endpointTags: ' (did you mean "tags"?)',
  groupTags: ' (did you mean "tags"?)',
  experienceGroupIds: ' (name the groups instead: groups: [<group name>, …])',
  domainName: ' (did you mean "name"?)',
  sslCert: ' (certificates are never in the folder: certificate: { env: VARIABLE } or { file: path outside the folder })',
  sslKey: ' (keys are never in the folder: key: { env: VARIABLE } or { file: path outside the folder })',
  endpointDefaultCors: ' (did you mean cors: { default: … }?)',
  allowedCorsOrigins: ' (did you mean cors: { origins: […] }?)',
};

/** Messages for patterns, by the last field name: what the rule is, in words. */
const PATTERN_MESSAGES: Record<string, string> = {
  key: 'must be 1–255 letters, digits, "_", ".", "/" or "-", starting with a letter or digit, with no empty, "." or ".." part between slashes',
  slugs: 'a slug must be 3–63 characters of a–z, 0–9 and "-", not starting or ending with "-" (a host name label, as Losant requires)',
  deviceIds: 'a device id is 24 hex digits',
  env: 'an environment variable name: letters, digits and "_", not starting with a digit',
};

/**
 * Schema problems of a file as issues. `skip` leaves out paths a semantic check reports better
 * (e.g. a certificate written inline).
 */
export function schemaIssues(src: YamlSource, schema: SchemaName, skip: (path: Path) => boolean = () => false): ValidationIssue[] {
  if (src.data === undefined) return [];
  const validate = VALIDATORS[schema];
  if (validate(src.data)) return [];
  const errors = validate.errors ?? [];
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  // A value that fits no branch of a oneOf is reported once, by the oneOf, not branch by branch.
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const e of errors) {
    const path = pointerPath(e.instancePath, src.data);
    if (e.keyword !== 'oneOf' && [...oneOfPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)) && e.schemaPath.includes('/oneOf/')) continue;
    // Key names (tags, headers) are checked one by one by the readers, with the name in the message.
    if (e.keyword === 'propertyNames' || e.schemaPath.includes('/propertyNames/')) continue;
    const described = describe(e, path, src);
    if (!described || skip(described.path)) continue;
    const issue: ValidationIssue = { file: src.file, line: lineOf(src, described.path), field: fieldOf(described.path) || undefined, message: described.message };
    if (!issue.field) delete issue.field;
    const k = `${issue.line}\0${issue.field}\0${issue.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(issue);
  }
  return out;
}

function pointerPath(pointer: string, data: unknown): Path {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path: Path = [];
  let v = data;
  for (const s of segs) {
    const seg = Array.isArray(v) && /^\d+$/.test(s) ? Number(s) : s;
    path.push(seg);
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  }
  return path;
}

function describe(e: ErrorObject, path: Path, src: YamlSource): { path: Path; message: string } | undefined {
  const data = src.data;
  const value = valueAt(data, path);
  const last = [...path].reverse().find((seg) => typeof seg === 'string') as string | undefined;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String(p.additionalProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      if (known.length === 0) return { path: [...path, extra], message: `unknown key "${extra}"` };
      const hint = EXTRA_KEY_HINTS[extra] ?? (/id$/i.test(extra) ? ' (ids never go in the folder: name the page or group instead)' : didYouMean(extra, known));
      return { path: [...path, extra], message: `unknown key "${extra}"${hint}; allowed: ${known.join(', ')}` };
    }
    case 'required':
      return { path, message: `missing "${String(p.missingProperty)}"` };
    case 'type': {
      const want = String(p.type).split(',').map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'null' ? 'null' : `a ${t}`));
      const node = want.includes('a string') ? nodeAt(src.doc, path).node : null;
      const hint = want.includes('a string') ? quoteItHint(value, isScalar(node) ? node.source : undefined) : '';
      return { path, message: `must be ${want.join(' or ')}, not ${typeName(value)}${hint}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return { path, message: `must be one of ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, allowed) : ''}` };
    }
    case 'pattern': {
      const field = path[path.length - 1];
      const named = String(typeof field === 'number' ? path[path.length - 2] : field);
      if (path.includes('deviceTags')) return { path, message: 'a device tag key must be 1–255 letters, digits, "_" or "-"' };
      if (path.includes('globals')) return { path, message: 'a global key must be 1–255 letters, digits, "_" or "-"' };
      return { path, message: PATTERN_MESSAGES[named] ?? `does not match ${String(p.pattern)}` };
    }
    case 'minLength':
    case 'maxLength': {
      const n = typeof value === 'string' ? codePoints(value) : 0;
      const min = (e.parentSchema as { minLength?: number }).minLength ?? 0;
      const max = (e.parentSchema as { maxLength?: number }).maxLength;
      return { path, message: `must be ${max === undefined ? `at least ${min}` : `${min}–${max}`} characters long (it has ${n})` };
    }
    case 'minimum':
    case 'maximum':
      return { path, message: 'must be an HTTP status code (100–599)' };
    case 'maxItems':
      return { path, message: `at most ${String(p.limit)} entries (it has ${Array.isArray(value) ? value.length : '?'})` };
    case 'maxProperties':
      return { path, message: `at most ${String(p.limit)} entries (it has ${value && typeof value === 'object' ? Object.keys(value).length : '?'})` };
    case 'uniqueItems':
      return { path, message: `lists ${JSON.stringify((value as unknown[])[p.j as number])} twice` };
    case 'oneOf': {
      const status = isRecord(value) ? value.status : undefined;
      if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599) && ('page' in (value as object) || 'redirect' in (value as object)))
        return { path: [...path, 'status'], message: 'must be an HTTP status code (100–599)' };
      return { path, message: oneOfMessage(last) };
    }
    default:
      return { path, message: e.message ?? 'invalid' };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Issues in file order (line, then as found): how people read them. */
export function byLine(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue, n) => ({ issue, n })).sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.n - b.n).map((x) => x.issue);
}

function oneOfMessage(field: string | undefined): string {
  if (field === 'certificate' || field === 'key' || field === 'bundle') return 'must be { env: VARIABLE } or { file: path outside the folder }';
  return 'a reply is { page: <page name>, status: <code> } or { redirect: <url>, status: <code> } (status optional), or null';
}
