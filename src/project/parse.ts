// One view file → one view, with every problem found in it. Pure: no disk, no network.
//
// Front matter is YAML and only YAML. gray-matter splits the file, but its engines are replaced:
// its built-in "javascript" engine would eval `---js` front matter, so every engine but YAML
// refuses, and YAML goes through the `yaml` package (which reports line numbers) instead of
// gray-matter's js-yaml.
import type matter from 'gray-matter';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { quoteItHint, type ValidationIssue } from './issues.js';
import { grayMatter, handlebars } from './lazy-parsers.js';
import { codePoints, VIEW_LIMITS } from './limits.js';
import { defaultNameForFile, viewTypeForFile } from './naming.js';
import { countPagePlaceholders, templateRefs, type TemplateRefs } from './template-refs.js';
import { scanTemplate } from './template-syntax.js';
import { yamlProblems } from './yaml-errors.js';
import { MANAGED_TAG, type LocalView, type ViewType } from './view.js';

export type { ValidationIssue } from './issues.js';

/** The front-matter keys a view file may have, in the order serializeViewFile writes them. */
export const FRONT_MATTER_FIELDS = ['name', 'description', 'layout', 'contentType', 'tags'] as const;
export type FrontMatterField = (typeof FRONT_MATTER_FIELDS)[number];
const PAGE_ONLY_FIELDS: ReadonlySet<string> = new Set(['layout', 'contentType']);

export interface ParsedViewFile {
  /**
   * The view, whenever the file could be read as one (even with issues in it, so that other
   * files can still be checked against it). A file with issues must not be deployed.
   */
  view?: LocalView;
  issues: ValidationIssue[];
  /** 1-based line of each front-matter field present, and of the first line of the body. */
  lines: Partial<Record<FrontMatterField | 'body', number>>;
  /** The helpers and literal component names the body calls on, when it parsed (for the template lint). */
  refs?: TemplateRefs;
}

const yamlDocument = Symbol('yaml document');
type ParsedMatter = { [yamlDocument]: Document.Parsed; lineCounter: LineCounter; text: string };

class RefusedEngine extends Error {}
const refuse = {
  parse(): object {
    throw new RefusedEngine('front matter is YAML only');
  },
};
function parseYaml(raw: string): ParsedMatter {
  // gray-matter cuts at "\n---": with CRLF line ends the "\r" of that line break is left over.
  const source = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    merge: false,
    version: '1.2',
    schema: 'core',
  });
  return { [yamlDocument]: doc, lineCounter, text: source };
}
/** Every engine gray-matter knows, overridden: nothing but YAML is ever parsed, nothing is ever run. */
const SAFE_ENGINES = {
  yaml: { parse: parseYaml },
  yml: { parse: parseYaml },
  json: refuse,
  javascript: refuse,
  js: refuse,
  coffee: refuse,
  coffeescript: refuse,
  cson: refuse,
  toml: refuse,
};

/**
 * One line of the common front matter: `key: value`, the key a plain word, the value plain words
 * that YAML's core schema can only read as that very string. It starts with a letter (not a
 * number, `-`, `.`, `~` or another indicator), holds no `:` or `#` (mappings, comments), no flow
 * indicators, quotes or escapes, no tab and no character beyond letters, digits and marks outside
 * ASCII, and does not end in a space (YAML would trim it).
 */
const SIMPLE_FIELD = /^([A-Za-z][A-Za-z0-9]*): (\p{L}[\p{L}\p{N}\p{M} _.,;!?()/@$%&*+=<>^~`|-]*)$/u;
/** Words YAML's core schema reads as null or a boolean (the last two only in YAML 1.1: kept out anyway). */
const NOT_A_STRING = /^(null|true|false|yes|no|on|off|y|n)$/i;

/**
 * The front matter of most files — none, or lines of `key: plain words` between `---` lines — read
 * without gray-matter and the YAML parser (loading both and parsing with them cost most of reading
 * a folder of views). undefined when the file is of any other shape: the full parse decides, and
 * its errors stand. What it returns equals what the full parse makes of the same file (the body,
 * and each field with its line); test/project/parse-fast.test.ts checks it on generated files.
 */
export function simpleFrontMatter(source: string, hasFrontMatter: boolean): { body: string; fields: Array<[key: string, line: number, value: string]> } | undefined {
  // gray-matter drops one more byte-order mark.
  if (source.startsWith('\uFEFF')) return undefined;
  if (!hasFrontMatter) return { body: source, fields: [] };
  if (!source.startsWith('---\n')) return undefined;
  // gray-matter's close: the first "\n---", whatever follows it; only "\n---\n" (or the end) is taken here.
  const close = source.indexOf('\n---', 3);
  if (close <= 3) return undefined;
  const after = close + 4;
  if (after < source.length && source.charCodeAt(after) !== 0x0a) return undefined;
  const fields: Array<[string, number, string]> = [];
  const seen = new Set<string>();
  let line = 2;
  for (let start = 4; start <= close; line++) {
    const end = source.indexOf('\n', start);
    const m = SIMPLE_FIELD.exec(source.slice(start, end));
    if (!m || m[2].endsWith(' ') || seen.has(m[1]) || NOT_A_STRING.test(m[1]) || NOT_A_STRING.test(m[2])) return undefined;
    seen.add(m[1]);
    fields.push([m[1], line, m[2]]);
    start = end + 1;
  }
  return { body: after < source.length ? source.slice(after + 1) : '', fields };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Handlebars errors carry the line in the message or in lineNumber; both are body-relative. */
function handlebarsIssue(file: string, err: Error & { lineNumber?: number }, bodyLine: number): ValidationIssue {
  const raw = String(err.message);
  const m = /^Parse error on line (\d+):\n[^\n]*\n[^\n]*\n(.*)$/s.exec(raw);
  if (m) return { file, line: bodyLine + Number(m[1]) - 1, message: `invalid Handlebars: ${m[2].trim()}` };
  const message = raw.replace(/ - \d+:\d+$/, '');
  const line = typeof err.lineNumber === 'number' ? bodyLine + err.lineNumber - 1 : bodyLine;
  return { file, line, message: `invalid Handlebars: ${message}` };
}

function suggestionFor(key: string): string {
  const lower = key.toLowerCase().replace(/[-_]/g, '');
  const known = FRONT_MATTER_FIELDS.find((f) => f.toLowerCase() === lower);
  if (known) return ` (did you mean "${known}"?)`;
  if (lower === 'layoutid') return ' (name the layout instead: layout: <layout name>; ids never go in files)';
  if (lower === 'id' || lower.endsWith('id')) return ' (ids never go in files: the same folder deploys to several applications)';
  if (lower === 'viewtags') return ' (did you mean "tags"?)';
  if (lower === 'viewtype') return ' (the view type comes from the folder: layouts/, pages/ or components/)';
  if (lower === 'headers') return ' (use contentType: <type>)';
  return '';
}

/**
 * Reads one view file. `file` is its path relative to the experience folder, e.g. "pages/admin/users.hbs".
 * `checkBody: false` skips the body's checks (Handlebars, size), most of the cost, for callers
 * that only need the front matter (pull's in-place edit). `full: true` leaves out the fast paths
 * (simpleFrontMatter, scanTemplate) and parses with gray-matter, YAML and Handlebars alone: the
 * tests check that both ways give the same result.
 */
export function parseViewFile(file: string, text: string, opts: { checkBody?: boolean; full?: boolean } = {}): ParsedViewFile {
  const issues: ValidationIssue[] = [];
  const lines: ParsedViewFile['lines'] = {};
  const issue = (message: string, line?: number, field?: string) =>
    issues.push({ file, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}), message });

  const viewType = viewTypeForFile(file);
  if (!viewType || !file.endsWith('.hbs')) {
    issue('not a view file: views are .hbs files under layouts/, pages/ or components/');
    return { issues, lines };
  }

  // gray-matter drops a byte-order mark; so do we, before counting lines or offsets.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const hasFrontMatter = source.startsWith('---') && source.charAt(3) !== '-';
  if (hasFrontMatter) {
    const firstLineEnd = source.search(/\r?\n/);
    const language = (firstLineEnd === -1 ? source.slice(3) : source.slice(3, firstLineEnd)).trim();
    if (language !== '' && !/^ya?ml$/i.test(language)) {
      issue(`front matter "---${language}" is not allowed: front matter is YAML only and is never executed`, 1);
      return { issues, lines };
    }
    if (firstLineEnd === -1 || source.indexOf('\n---', firstLineEnd) === -1) {
      issue('front matter is not closed: add a line "---" between the front matter and the body', 1);
      return { issues, lines };
    }
  }

  // Front matter → plain values, each with its line.
  const fields: Record<string, unknown> = {};
  // A Map, not an object: a tag may be called __proto__.
  const tagLines = new Map<string, number>();
  /** The source text of scalar fields and tag values as written (`02134`), for "quote it" hints. */
  const sources = new Map<string, string>();
  const tagSources = new Map<string, string>();
  const takeField = (key: string, line: number, value: unknown): boolean => {
    if (!(FRONT_MATTER_FIELDS as readonly string[]).includes(key)) {
      issue(`unknown front-matter key "${key}"${suggestionFor(key)}; allowed: ${FRONT_MATTER_FIELDS.join(', ')}`, line, key);
      return false;
    }
    lines[key as FrontMatterField] = line;
    fields[key] = value;
    return true;
  };
  let body: string;
  let readable = true;
  const simple = opts.full ? undefined : simpleFrontMatter(source, hasFrontMatter);
  if (simple) {
    body = simple.body;
    lines.body = lineAt(source, source.length - body.length);
    for (const [key, line, value] of simple.fields) takeField(key, line, value);
  } else {
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = grayMatter()(source, { language: 'yaml', engines: SAFE_ENGINES });
    } catch (err) {
      issue(err instanceof RefusedEngine ? 'front matter is YAML only' : `unreadable front matter: ${(err as Error).message}`, 1);
      return { issues, lines };
    }
    body = parsed.content;
    lines.body = lineAt(source, source.length - body.length);
    const pm = hasFrontMatter && !(parsed as { isEmpty?: boolean }).isEmpty ? (parsed.data as unknown as ParsedMatter) : undefined;
    if (pm && pm[yamlDocument]) {
      const doc = pm[yamlDocument];
      const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : pm.lineCounter.linePos(offset).line);
      for (const p of yamlProblems([...doc.errors, ...doc.warnings], pm.text, pm.lineCounter)) issue(`unreadable YAML: ${p.message}`, p.line);
      if (doc.errors.length === 0) {
        const contents = doc.contents;
        if (contents !== null && !isMap(contents)) {
          issue('front matter must be a mapping of keys (name, description, layout, contentType, tags)', lineOf(contents.range?.[0]));
          readable = false;
        } else if (contents) {
          for (const item of contents.items) {
            const key = isScalar(item.key) ? item.key.value : undefined;
            const line = lineOf(isScalar(item.key) ? item.key.range?.[0] : undefined);
            if (typeof key !== 'string') {
              issue('front matter keys must be plain words', line);
              continue;
            }
            const valueNode = item.value;
            if (isScalar(valueNode) && typeof valueNode.source === 'string') sources.set(key, valueNode.source);
            if (!takeField(key, line, valueNode === null ? null : (valueNode as { toJSON(): unknown }).toJSON())) continue;
            if (key === 'tags' && isMap(valueNode)) {
              for (const t of valueNode.items) {
                if (isScalar(t.key)) tagLines.set(String(t.key.value), lineOf(t.key.range?.[0]));
                if (isScalar(t.key) && isScalar(t.value) && typeof t.value.source === 'string') tagSources.set(String(t.key.value), t.value.source);
              }
            }
          }
        }
      } else {
        readable = false;
      }
    }
  }
  const bodyLine = lines.body;
  if (!readable) return { issues, lines };

  const str = (field: FrontMatterField, min: number, max: number, label: string): string | null | undefined => {
    const value = fields[field];
    if (value === undefined || value === null) return value as undefined | null;
    if (typeof value !== 'string') {
      issue(`${label} must be a string, not ${typeName(value)}${quoteItHint(value, sources.get(field), `${field}: `)}`, lines[field], field);
      return undefined;
    }
    const n = codePoints(value);
    if (n < min || n > max) issue(`${label} must be ${min}–${max} characters long (it has ${n})`, lines[field], field);
    return value;
  };

  // name
  const defaultName = defaultNameForFile(file);
  const givenName = str('name', VIEW_LIMITS.nameMin, VIEW_LIMITS.nameMax, 'name');
  const name = typeof givenName === 'string' ? givenName : defaultName;
  if (typeof givenName !== 'string') {
    const n = codePoints(defaultName);
    if (n < VIEW_LIMITS.nameMin || n > VIEW_LIMITS.nameMax)
      issue(`the name taken from the file path must be ${VIEW_LIMITS.nameMin}–${VIEW_LIMITS.nameMax} characters long (it has ${n}); set name: in the front matter`, 1, 'name');
  }

  const description = str('description', 0, VIEW_LIMITS.descriptionMax, 'description') ?? '';

  // Page-only fields
  let layout: string | null = null;
  let contentType: string | null = null;
  for (const field of PAGE_ONLY_FIELDS) {
    if (viewType !== 'page' && fields[field] !== undefined && fields[field] !== null)
      issue(`${field} is for pages only; a ${viewType} cannot have one`, lines[field as FrontMatterField], field);
  }
  if (viewType === 'page') {
    layout = str('layout', VIEW_LIMITS.nameMin, VIEW_LIMITS.nameMax, 'layout (a layout name)') ?? null;
    contentType = str('contentType', VIEW_LIMITS.contentTypeMin, VIEW_LIMITS.contentTypeMax, 'contentType') ?? null;
  }

  // tags
  const tags: Record<string, string> = {};
  const rawTags = fields.tags;
  if (rawTags !== undefined && rawTags !== null) {
    if (typeof rawTags !== 'object' || Array.isArray(rawTags)) {
      issue(`tags must be a mapping of key: value, not ${typeName(rawTags)}`, lines.tags, 'tags');
    } else {
      for (const [k, v] of Object.entries(rawTags as Record<string, unknown>)) {
        const field = `tags.${k}`;
        if (k === '__proto__') {
          // Every plain object in JavaScript treats this key as its prototype: it would be lost.
          issue('the tag key "__proto__" is not supported', tagLines.get(k) ?? lines.tags, field);
          continue;
        }
        if (k === MANAGED_TAG) {
          issue(`the tag "${MANAGED_TAG}" is reserved: lxp sets it on the views it manages`, tagLines.get(k) ?? lines.tags, field);
          continue;
        }
        if (!VIEW_LIMITS.tagKeyPattern.test(k))
          issue('a tag key must be 1–255 letters, digits, "_" or "-"', tagLines.get(k) ?? lines.tags, field);
        if (typeof v !== 'string') {
          issue(`a tag value must be a string, not ${typeName(v)}${quoteItHint(v, tagSources.get(k))}`, tagLines.get(k) ?? lines.tags, field);
          continue;
        }
        const n = codePoints(v);
        if (n < VIEW_LIMITS.tagValueMin || n > VIEW_LIMITS.tagValueMax)
          issue(`a tag value must be ${VIEW_LIMITS.tagValueMin}–${VIEW_LIMITS.tagValueMax} characters long (it has ${n})`, tagLines.get(k) ?? lines.tags, field);
        tags[k] = v;
      }
    }
  }

  // body
  let refs: TemplateRefs | undefined;
  const bodyLength = opts.checkBody === false ? 0 : codePoints(body);
  if (opts.checkBody === false) {
    // front matter only
  } else if (bodyLength > VIEW_LIMITS.bodyMax) {
    issue(`the body is ${bodyLength} characters; the API takes at most ${VIEW_LIMITS.bodyMax}`, bodyLine, 'body');
  } else {
    // Most bodies are proven to parse by the fast recognizer, which also reads their references
    // (template-syntax.ts); the rest go to Handlebars, whose tree and errors stand.
    let pages: number | undefined;
    const scanned = opts.full ? undefined : scanTemplate(body, bodyLine);
    if (scanned) {
      refs = scanned.refs;
      pages = scanned.pagePlaceholders;
    } else {
      try {
        const ast = handlebars().parse(body);
        refs = templateRefs(ast, bodyLine);
        if (viewType === 'layout') pages = countPagePlaceholders(ast);
      } catch (err) {
        issues.push({ ...handlebarsIssue(file, err as Error, bodyLine), field: 'body' });
      }
    }
    if (viewType === 'layout' && pages !== undefined && pages !== 1)
      issue(`a layout must hold exactly one {{page}} (where each page goes); this one has ${pages}`, bodyLine, 'body');
  }

  const view: LocalView = { viewType: viewType as ViewType, name, description, layout, contentType, tags, body, file };
  return { view, issues, lines, ...(refs ? { refs } : {}) };
}
