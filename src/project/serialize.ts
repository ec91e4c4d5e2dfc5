// One view → the text of its file: YAML front matter with only the fields that differ from
// their defaults, then the body exactly as it is. parseViewFile(file, serializeViewFile(v, file))
// gives v back (a property test holds it to that), so a pull followed by a deploy loses nothing.
// updateViewFile() does the same starting from the file's current text, changing only what changed.
import { Document, isScalar, visit } from 'yaml';
import { defaultNameForFile } from './naming.js';
import { parseViewFile } from './parse.js';
import { hashContent, type ViewContent } from './view.js';
import { NO_DEFAULT, YamlEditor } from './yaml-edit.js';

export function frontMatterFor(v: ViewContent, file: string): Record<string, unknown> {
  const fm: Record<string, unknown> = {};
  if (v.name !== defaultNameForFile(file)) fm.name = v.name;
  if (v.description !== '') fm.description = v.description;
  if (v.viewType === 'page' && v.layout !== null) fm.layout = v.layout;
  if (v.viewType === 'page' && v.contentType !== null) fm.contentType = v.contentType;
  const tagKeys = Object.keys(v.tags).sort();
  if (tagKeys.length > 0) fm.tags = Object.fromEntries(tagKeys.map((k) => [k, v.tags[k]]));
  return fm;
}

export function serializeViewFile(v: ViewContent, file: string): string {
  const fm = frontMatterFor(v, file);
  // A body that itself starts like front matter (or with a byte-order mark, which readers drop)
  // gets an empty front-matter block so it reads back unchanged.
  const needsBlock = Object.keys(fm).length > 0 || v.body.startsWith('---') || v.body.startsWith('\uFEFF');
  if (!needsBlock) return v.body;
  const yaml = Object.keys(fm).length > 0 ? frontMatterYaml(fm) : '';
  return `---\n${yaml}---\n${v.body}`;
}

/**
 * YAML of the front matter. Multi-line strings read best as block scalars, except those whose
 * trailing line breaks or blanks a block scalar would lose before the closing "---" (a
 * "keep" block's last newline is cut by the front-matter reader): those are double-quoted.
 */
function frontMatterYaml(fm: Record<string, unknown>): string {
  const doc = new Document(fm, { version: '1.2' });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && /\n\s*$/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}

/** Where the parts of a view file's text are: the YAML between the "---" lines, and the body. */
function frontMatterParts(text: string): { bom: string; yamlStart: number; yamlEnd: number; bodyStart: number } | undefined {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const source = text.slice(bom.length);
  if (!source.startsWith('---') || source.charAt(3) === '-') return undefined;
  const firstLineEnd = source.indexOf('\n');
  if (firstLineEnd === -1) return undefined;
  const close = source.indexOf('\n---', firstLineEnd - 1);
  if (close === -1) return undefined;
  const yamlEnd = close + 1;
  const afterClose = source.indexOf('\n', yamlEnd);
  const bodyStart = afterClose === -1 ? source.length : afterClose + 1;
  return { bom, yamlStart: firstLineEnd + 1, yamlEnd, bodyStart };
}

/**
 * The text of a view's file after a pull, given the file's current text: only what changed is
 * rewritten. A body-only change keeps the front matter byte for byte; a metadata change edits
 * only the keys that changed (comments, key order, quoting, flow/block style of the others are
 * kept). Falls back to a clean serializeViewFile() when the current text cannot be edited
 * safely (unreadable, not the same view type) — the result always reads back as `v`.
 */
export function updateViewFile(current: string | undefined, v: ViewContent, file: string): string {
  const fresh = () => serializeViewFile(v, file);
  if (current === undefined) return fresh();
  // Only the front matter matters here: the body is replaced whole (no Handlebars parse).
  const parsed = parseViewFile(file, current, { checkBody: false });
  const old = parsed.view;
  if (!old || parsed.issues.length > 0 || old.viewType !== v.viewType) return fresh();
  if (hashContent(old) === hashContent(v)) return current;
  const parts = frontMatterParts(current);
  const bodyOffset = current.length - old.body.length;
  let text: string;
  if (!parts) {
    // No front matter yet: one is needed only when a field is no longer its default.
    if (Object.keys(frontMatterFor(v, file)).length === 0 && !v.body.startsWith('---') && !v.body.startsWith('\uFEFF')) text = v.body;
    else text = fresh();
  } else {
    const src = current.slice(parts.bom.length);
    const yamlText = src.slice(parts.yamlStart, parts.yamlEnd);
    const metadataSame = hashContent({ ...old, body: '' }) === hashContent({ ...v, body: '' });
    let newYaml = yamlText;
    if (!metadataSame) {
      try {
        newYaml = YamlEditor.patch(yamlText, frontMatterFor(v, file), {
          defaultOf: (path, key) => (path.length === 0 ? frontMatterDefault(file, key) : NO_DEFAULT),
        });
      } catch {
        return fresh();
      }
    }
    text = parts.bom + src.slice(0, parts.yamlStart) + newYaml + src.slice(parts.yamlEnd, bodyOffset - parts.bom.length) + v.body;
    // The same front-matter bytes before a new body split the same way (the reader cuts at the
    // first closing "---"), so a body-only change needs no second read (property-tested).
    if (metadataSame) return text;
  }
  // Whatever the edit did, the file must read back as the very view pulled.
  const back = parseViewFile(file, text, { checkBody: false });
  const ok = back.view && back.issues.length === 0 && hashContent(back.view) === hashContent(v);
  return ok ? text : fresh();
}

/** The value a front-matter key stands for when absent (a file that spells it out is left alone). */
function frontMatterDefault(file: string, key: string): unknown {
  switch (key) {
    case 'name':
      return defaultNameForFile(file);
    case 'description':
      return '';
    case 'layout':
    case 'contentType':
      return null;
    case 'tags':
      return {};
    default:
      return NO_DEFAULT;
  }
}
