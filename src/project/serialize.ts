// One view → the text of its file: YAML front matter with only the fields that differ from
// their defaults, then the body exactly as it is. parseViewFile(file, serializeViewFile(v, file))
// gives v back (a property test holds it to that), so a pull followed by a deploy loses nothing.
import { Document, isScalar, visit } from 'yaml';
import { defaultNameForFile } from './naming.js';
import type { ViewContent } from './view.js';

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
