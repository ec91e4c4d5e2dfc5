// A pull changes only what changed in a view file: the front matter a person wrote (comments,
// key order, quoting, flow or block style) survives a body change byte for byte, and a metadata
// change edits only the keys it changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, isMap, isPair, isScalar, Scalar } from 'yaml';
import { fileForView } from '../../src/project/naming.js';
import { parseViewFile } from '../../src/project/parse.js';
import { frontMatterFor, serializeViewFile, updateViewFile } from '../../src/project/serialize.js';
import { hashContent, type ViewContent } from '../../src/project/view.js';
import { text as anyText, viewContent } from './arbitraries.js';

const FILE = 'pages/home.hbs';
const page = (over: Partial<ViewContent> = {}): ViewContent => ({
  viewType: 'page',
  name: 'home',
  description: '',
  layout: null,
  contentType: null,
  tags: {},
  body: '<h1>Hi</h1>\n',
  ...over,
});

const WRITTEN = `---
# The landing page: keep it short.
description: 'Landing page'   # shown in the Losant UI
layout: Main Layout
tags: { area: public, owner: "web team" }
---
<h1>Hi</h1>
`;
const WRITTEN_VIEW = page({ description: 'Landing page', layout: 'Main Layout', tags: { area: 'public', owner: 'web team' } });

function frontMatterOf(text: string, body: string): string {
  expect(text.endsWith(body)).toBe(true);
  return text.slice(0, text.length - body.length);
}

describe('updateViewFile (pull into an existing file)', () => {
  it('leaves the file byte-identical when nothing changed', () => {
    expect(parseViewFile(FILE, WRITTEN).view).toMatchObject(WRITTEN_VIEW);
    expect(updateViewFile(WRITTEN, WRITTEN_VIEW, FILE)).toBe(WRITTEN);
  });

  it('keeps the front matter byte for byte when only the body changed', () => {
    const out = updateViewFile(WRITTEN, { ...WRITTEN_VIEW, body: '<h1>Hello</h1>\n{{component "x"}}' }, FILE);
    expect(out).toBe(WRITTEN.replace('<h1>Hi</h1>\n', '<h1>Hello</h1>\n{{component "x"}}'));
  });

  it('edits only the changed key, keeping its quoting and its comment', () => {
    const out = updateViewFile(WRITTEN, { ...WRITTEN_VIEW, description: 'Home page' }, FILE);
    expect(out).toBe(WRITTEN.replace("'Landing page'", "'Home page'"));
  });

  it('edits one tag of a flow mapping, keeping the others as written', () => {
    const out = updateViewFile(WRITTEN, { ...WRITTEN_VIEW, tags: { area: 'public', owner: 'ops', new: 'x' } }, FILE);
    expect(out).toBe(WRITTEN.replace('tags: { area: public, owner: "web team" }', 'tags: { area: public, owner: ops, new: x }'));
  });

  it('removes a key that went back to its default, with the comment line above it', () => {
    const text = `---\n# which layout\nlayout: Main Layout\n# kept\ndescription: d\n---\nbody`;
    const out = updateViewFile(text, page({ description: 'd', body: 'body' }), FILE);
    expect(out).toBe(`---\n# kept\ndescription: d\n---\nbody`);
  });

  it('appends a new key after the others, and leaves keys that spell out a default alone', () => {
    const text = `---\nname: home   # same as the file name\ndescription: ""\n---\nbody`;
    const out = updateViewFile(text, page({ contentType: 'application/json', body: 'body' }), FILE);
    expect(out).toBe(`---\nname: home   # same as the file name\ndescription: ""\ncontentType: application/json\n---\nbody`);
  });

  it('keeps a block scalar a block scalar', () => {
    const text = `---\ndescription: |\n  line one\n  line two\nlayout: L\n---\nb`;
    const out = updateViewFile(text, page({ description: 'line one\nline 2', layout: 'L', body: 'b' }), FILE);
    expect(out).toBe(`---\ndescription: |-\n  line one\n  line 2\nlayout: L\n---\nb`);
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const text = `\uFEFF---\r\n# c\r\ndescription: a\r\n---\r\nbody`;
    const out = updateViewFile(text, page({ description: 'a', tags: { t: 'v' }, body: 'body2' }), FILE);
    expect(out).toBe(`\uFEFF---\r\n# c\r\ndescription: a\r\ntags:\r\n  t: v\r\n---\r\nbody2`);
  });

  it('adds front matter to a file that had none only when a field needs it', () => {
    expect(updateViewFile('old', page({ body: 'new' }), FILE)).toBe('new');
    expect(updateViewFile('old', page({ description: 'd', body: 'new' }), FILE)).toBe('---\ndescription: d\n---\nnew');
  });

  it('writes a clean file when the current one cannot be read as a view', () => {
    const v = page({ description: 'd' });
    expect(updateViewFile('---\n: [\n---\nx', v, FILE)).toBe(serializeViewFile(v, FILE));
    expect(updateViewFile(undefined, v, FILE)).toBe(serializeViewFile(v, FILE));
  });
});

/** A view's front matter written by a person: comments everywhere, any quoting, flow or block. */
const decorated = (v: ViewContent, file: string) =>
  fc
    .record({
      docComment: fc.option(fc.constantFrom(' top comment', ' yaml-language-server: $schema=x', ''), { nil: undefined }),
      comments: fc.array(fc.option(fc.constantFrom(' why', ' TODO: check', ' ---', ' key: value'), { nil: undefined }), { minLength: 12, maxLength: 12 }),
      styles: fc.array(fc.constantFrom(Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL), { minLength: 12, maxLength: 12 }),
      flowTags: fc.boolean(),
      indent: fc.constantFrom(2, 4),
      extraDefaults: fc.boolean(),
    })
    .map(({ docComment, comments, styles, flowTags, indent, extraDefaults }) => {
      const fm = frontMatterFor(v, file);
      if (extraDefaults && fm.description === undefined) fm.description = '';
      if (Object.keys(fm).length === 0) fm.description = '';
      const doc = new Document(fm, { version: '1.2' });
      if (docComment !== undefined) doc.commentBefore = docComment;
      let i = 0;
      const decorate = (node: unknown, isKey = false) => {
        const n = node as Scalar;
        const c = comments[i % comments.length];
        const s = styles[i % styles.length];
        i++;
        if (isScalar(n) && typeof n.value === 'string' && !isKey) n.type = s;
        if (c !== undefined && i % 2 === 0) n.commentBefore = c;
        else if (c !== undefined) n.comment = c;
      };
      const contents = doc.contents;
      if (isMap(contents)) {
        for (const pair of contents.items) {
          if (!isPair(pair)) continue;
          decorate(pair.key, true);
          if (isMap(pair.value)) {
            pair.value.flow = flowTags;
            for (const t of pair.value.items) decorate(t.value);
          } else decorate(pair.value);
        }
      }
      return `---\n${doc.toString({ indent, lineWidth: 0 })}---\n${v.body}`;
    });

describe('updateViewFile (property)', () => {
  it('a pull of a body-only change keeps the front matter bytes, for any front matter with comments', () => {
    const cases = viewContent.chain((v) => {
      const file = fileForView(v.viewType, v.name, new Set());
      return fc.tuple(fc.constant(v), fc.constant(file), decorated(v, file), anyText(0, 200));
    });
    fc.assert(
      fc.property(cases, ([v, file, text, newBody]) => {
        const parsed = parseViewFile(file, text);
        // Only front matter that reads back as the view (the generator can write YAML the
        // front-matter reader takes otherwise, e.g. a comment line "---" ends the block).
        fc.pre(parsed.view !== undefined && parsed.issues.every((x) => x.field === 'body') && hashContent(parsed.view) === hashContent(v));
        const pulled = { ...v, body: newBody };
        const out = updateViewFile(text, pulled, file);
        expect(frontMatterOf(out, newBody)).toBe(frontMatterOf(text, v.body));
        expect(hashContent(parseViewFile(file, out).view!)).toBe(hashContent(pulled));
      }),
      { numRuns: 300 },
    );
  });

  it('a pull of any metadata change reads back as the pulled view and keeps every comment of untouched keys', () => {
    const cases = viewContent.chain((v) => {
      const file = fileForView(v.viewType, v.name, new Set());
      return fc.tuple(fc.constant(v), fc.constant(file), decorated(v, file), viewContent);
    });
    fc.assert(
      fc.property(cases, ([v, file, text, other]) => {
        const parsed = parseViewFile(file, text);
        fc.pre(parsed.view !== undefined && parsed.issues.every((x) => x.field === 'body') && hashContent(parsed.view) === hashContent(v));
        const pulled: ViewContent = { ...other, viewType: v.viewType, name: v.name, body: v.body };
        if (pulled.viewType !== 'page') Object.assign(pulled, { layout: null, contentType: null });
        const out = updateViewFile(text, pulled, file);
        const back = parseViewFile(file, out);
        expect(back.view && hashContent(back.view)).toBe(hashContent(pulled));
        // The document comment above the first key (when separated) is never lost.
        if (text.startsWith('---\n# top comment\n\n')) expect(out.startsWith('---\n# top comment\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
