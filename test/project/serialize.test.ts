import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileForView } from '../../src/project/naming.js';
import { parseViewFile } from '../../src/project/parse.js';
import { serializeViewFile } from '../../src/project/serialize.js';
import type { ViewContent } from '../../src/project/view.js';
import { viewContent } from './arbitraries.js';

function contentOf(v: ViewContent): ViewContent {
  const { viewType, name, description, layout, contentType, tags, body } = v;
  return { viewType, name, description, layout, contentType, tags, body };
}

describe('serializeViewFile', () => {
  it('keeps trailing line breaks and blanks of multi-line values (found by the round-trip property)', () => {
    for (const odd of ['\n\n', 'a\nb\n', ' \n', 'two\nlines']) {
      const v: ViewContent = { viewType: 'page', name: 'x', description: odd, layout: null, contentType: odd, tags: { t: odd }, body: 'b' };
      expect(parseViewFile('pages/x.hbs', serializeViewFile(v, 'pages/x.hbs')).view).toEqual({ ...v, file: 'pages/x.hbs' });
    }
  });

  it('writes no front matter when every field is its default', () => {
    const v: ViewContent = { viewType: 'page', name: 'home', description: '', layout: null, contentType: null, tags: {}, body: '<h1>Hi</h1>\n' };
    expect(serializeViewFile(v, 'pages/home.hbs')).toBe('<h1>Hi</h1>\n');
  });

  it('writes only the fields that differ from their defaults, name only when the path does not give it', () => {
    const v: ViewContent = {
      viewType: 'page',
      name: 'admin/users',
      description: 'Users',
      layout: 'Main Layout',
      contentType: null,
      tags: { b: '2', a: '1' },
      body: '{{pageData.x}}',
    };
    expect(serializeViewFile(v, 'pages/admin/users.hbs')).toBe(
      '---\ndescription: Users\nlayout: Main Layout\ntags:\n  a: "1"\n  b: "2"\n---\n{{pageData.x}}',
    );
    expect(serializeViewFile(v, 'pages/other.hbs')).toMatch(/^---\nname: admin\/users\n/);
  });

  it('never writes layout or contentType on layouts and components', () => {
    const v = { viewType: 'component', name: 'c', description: '', layout: 'x', contentType: 'text/css', tags: {}, body: 'b' } as ViewContent;
    expect(serializeViewFile(v, 'components/c.hbs')).toBe('b');
  });

  it('keeps a body that starts like front matter', () => {
    const v: ViewContent = { viewType: 'component', name: 'c', description: '', layout: null, contentType: null, tags: {}, body: '---\nname: evil\n---\nx' };
    const text = serializeViewFile(v, 'components/c.hbs');
    expect(parseViewFile('components/c.hbs', text).view).toMatchObject({ name: 'c', body: v.body });
  });

  it('round-trips every view the API accepts, in its own file (property)', () => {
    fc.assert(
      fc.property(viewContent, (v) => {
        const file = fileForView(v.viewType, v.name, new Set());
        const parsed = parseViewFile(file, serializeViewFile(v, file));
        expect(parsed.view && contentOf(parsed.view)).toEqual(v);
        expect(parsed.view?.file).toBe(file);
        // Only the body (Handlebars, {{page}}) may be found wanting: the metadata always reads back valid.
        expect(parsed.issues.filter((i) => i.field !== 'body')).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips a view written to a file whose path says another name (property)', () => {
    fc.assert(
      fc.property(viewContent, fc.constantFrom('x', 'a/b', 'admin/Users'), (v, stem) => {
        const file = `${{ layout: 'layouts', page: 'pages', component: 'components' }[v.viewType]}/${stem}.hbs`;
        const parsed = parseViewFile(file, serializeViewFile(v, file));
        expect(parsed.view && contentOf(parsed.view)).toEqual(v);
      }),
      { numRuns: 200 },
    );
  });
});
