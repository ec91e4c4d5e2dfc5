import { describe, expect, it } from 'vitest';
import { parseViewFile } from '../../src/project/parse.js';

const page = (fm: string, body = '<p>x</p>\n') => `---\n${fm}\n---\n${body}`;

describe('parseViewFile', () => {
  it('reads every field and defaults the name from the path', () => {
    const r = parseViewFile(
      'pages/admin/users.hbs',
      page('description: Users list\nlayout: Main Layout\ncontentType: text/html\ntags: { area: admin }', '<h1>{{pageData.title}}</h1>\n'),
    );
    expect(r.issues).toEqual([]);
    expect(r.view).toEqual({
      viewType: 'page',
      name: 'admin/users',
      description: 'Users list',
      layout: 'Main Layout',
      contentType: 'text/html',
      tags: { area: 'admin' },
      body: '<h1>{{pageData.title}}</h1>\n',
      file: 'pages/admin/users.hbs',
    });
    expect(r.lines).toMatchObject({ description: 2, layout: 3, contentType: 4, tags: 5, body: 7 });
  });

  it('reads a file without front matter as a view with defaults', () => {
    expect(parseViewFile('components/footer.hbs', '<footer/>').view).toMatchObject({
      viewType: 'component', name: 'footer', description: '', layout: null, contentType: null, tags: {}, body: '<footer/>',
    });
  });

  it('treats null fields as their defaults', () => {
    const r = parseViewFile('pages/a.hbs', page('name:\ndescription: null\nlayout: ~\ncontentType:\ntags:'));
    expect(r.issues).toEqual([]);
    expect(r.view).toMatchObject({ name: 'a', description: '', layout: null, contentType: null, tags: {} });
  });

  it.each(['js', 'javascript', 'json', 'coffee', 'toml', ' js '])('refuses ---%s front matter without running it', (lang) => {
    (globalThis as { pwned?: boolean }).pwned = false;
    const r = parseViewFile('pages/a.hbs', `---${lang}\n{ name: (globalThis.pwned = true, "x") }\n---\nbody`);
    expect((globalThis as { pwned?: boolean }).pwned).toBe(false);
    expect(r.view).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ file: 'pages/a.hbs', line: 1, message: expect.stringMatching(/YAML only/) })]);
  });

  it('accepts ---yaml', () => {
    expect(parseViewFile('pages/a.hbs', '---yaml\nname: B\n---\nx').view?.name).toBe('B');
  });

  it('reports unreadable YAML with its line', () => {
    const r = parseViewFile('pages/a.hbs', '---\nname: ok\ndescription: [unclosed\n---\nx');
    expect(r.view).toBeUndefined();
    expect(r.issues[0]).toMatchObject({ file: 'pages/a.hbs', message: expect.stringMatching(/unreadable YAML/) });
    expect(r.issues[0].line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys, unresolved tags and non-mapping front matter', () => {
    expect(parseViewFile('pages/a.hbs', page('name: a\nname: b')).issues[0]).toMatchObject({ line: 3, message: expect.stringMatching(/unique/i) });
    expect(parseViewFile('pages/a.hbs', page('name: !!js/function "function(){}"')).issues[0].message).toMatch(/unreadable YAML/);
    expect(parseViewFile('pages/a.hbs', page('- a\n- b')).issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/mapping/) });
  });

  it('reports a front matter that is never closed', () => {
    const r = parseViewFile('pages/a.hbs', '---\nname: x\n<h1>body</h1>\n');
    expect(r.issues).toEqual([{ file: 'pages/a.hbs', line: 1, message: expect.stringMatching(/not closed/) }]);
  });

  it('reports unknown keys with a hint, each with its line and field', () => {
    const r = parseViewFile('pages/a.hbs', page('name: a\nlayoutId: 5f0c0c0c0c0c0c0c0c0c0c0c\ntitle: x\nContentType: text/css'));
    expect(r.issues).toEqual([
      { file: 'pages/a.hbs', line: 3, field: 'layoutId', message: expect.stringMatching(/unknown front-matter key "layoutId".*name the layout/) },
      { file: 'pages/a.hbs', line: 4, field: 'title', message: expect.stringMatching(/unknown front-matter key "title"/) },
      { file: 'pages/a.hbs', line: 5, field: 'ContentType', message: expect.stringMatching(/did you mean "contentType"/) },
    ]);
  });

  it('reports wrong types', () => {
    const r = parseViewFile('pages/a.hbs', page('name: 2024\ndescription: [a]\nlayout: { a: 1 }\ntags: [x]'));
    expect(r.issues.map((i) => [i.field, i.line])).toEqual([['name', 2], ['description', 3], ['layout', 4], ['tags', 5]]);
    expect(r.issues[0].message).toMatch(/quote it/);
  });

  it('"quote it" shows the text as written (review 8, L6: 007 is not "7")', () => {
    const r = parseViewFile('pages/a.hbs', page('name: 007\ntags: { n: 007, f: 1.50 }'));
    expect(r.issues.map((i) => i.message)).toEqual([
      'name must be a string, not a number (quote it: name: "007")',
      'a tag value must be a string, not a number (quote it: "007")',
      'a tag value must be a string, not a number (quote it: "1.50")',
    ]);
  });

  it('a tag called __proto__ is an issue on its line, never silently dropped', () => {
    const r = parseViewFile('pages/a.hbs', page('description: d\ntags: { a: b, __proto__: x }'));
    expect(r.issues).toEqual([{ file: 'pages/a.hbs', line: 3, field: 'tags.__proto__', message: expect.stringMatching(/not supported/) }]);
  });

  it('reports fields outside the API limits', () => {
    const r = parseViewFile(
      'pages/a.hbs',
      page(`name: "${'n'.repeat(256)}"\ndescription: "${'d'.repeat(32768)}"\ncontentType: ""\ntags:\n  ok: fine\n  "bad key": v\n  empty: ""\n  long: "${'v'.repeat(256)}"\n  count: 3`),
    );
    expect(r.issues.map((i) => [i.field, i.line])).toEqual([
      ['name', 2], ['description', 3], ['contentType', 4], ['tags.bad key', 7], ['tags.empty', 8], ['tags.long', 9], ['tags.count', 10],
    ]);
    expect(parseViewFile('pages/a.hbs', page('name: ""')).issues[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/1–255/) });
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(parseViewFile('pages/a.hbs', page(`name: "${'😀'.repeat(255)}"`)).issues).toEqual([]);
  });

  it('refuses the reserved managed tag', () => {
    const r = parseViewFile('pages/a.hbs', page('tags:\n  lxp-managed: "true"'));
    expect(r.issues).toEqual([{ file: 'pages/a.hbs', line: 3, field: 'tags.lxp-managed', message: expect.stringMatching(/reserved/) }]);
  });

  it('refuses layout and contentType on layouts and components', () => {
    const r = parseViewFile('components/c.hbs', page('layout: main\ncontentType: text/css'));
    expect(r.issues.map((i) => [i.field, i.line])).toEqual([['layout', 2], ['contentType', 3]]);
    expect(r.view).toMatchObject({ layout: null, contentType: null });
  });

  it('reports a body that is not Handlebars with its line in the file', () => {
    const r = parseViewFile('pages/a.hbs', page('name: a', '<p>\n{{#if x}}\n{{/each}}\n'));
    expect(r.issues).toEqual([{ file: 'pages/a.hbs', line: 5, field: 'body', message: expect.stringMatching(/invalid Handlebars: if doesn't match each$/) }]);
    const r2 = parseViewFile('pages/a.hbs', 'a\nb\n{{foo');
    expect(r2.issues).toEqual([{ file: 'pages/a.hbs', line: 3, field: 'body', message: expect.stringMatching(/invalid Handlebars: Expecting/) }]);
  });

  it('reports a body over the size limit', () => {
    const r = parseViewFile('pages/a.hbs', 'x'.repeat(131073));
    expect(r.issues).toEqual([{ file: 'pages/a.hbs', line: 1, field: 'body', message: expect.stringMatching(/131072/) }]);
    expect(parseViewFile('pages/a.hbs', 'x'.repeat(131072)).issues).toEqual([]);
  });

  it('requires exactly one {{page}} in a layout', () => {
    expect(parseViewFile('layouts/m.hbs', '<main>{{page}}</main>').issues).toEqual([]);
    expect(parseViewFile('layouts/m.hbs', '<main>{{{ page }}}</main>').issues).toEqual([]);
    expect(parseViewFile('layouts/m.hbs', page('name: M', '<main></main>')).issues).toEqual([
      { file: 'layouts/m.hbs', line: 4, field: 'body', message: expect.stringMatching(/exactly one \{\{page\}\}.*has 0/) },
    ]);
    expect(parseViewFile('layouts/m.hbs', '{{#if a}}{{page}}{{else}}{{page}}{{/if}}').issues[0].message).toMatch(/has 2/);
    // {{page}} outside a layout is no concern of validation.
    expect(parseViewFile('components/c.hbs', '').issues).toEqual([]);
  });

  it('keeps the body verbatim, with CRLF line ends and a byte-order mark before the front matter', () => {
    const r = parseViewFile('pages/a.hbs', '\uFEFF---\r\nname: A\r\n---\r\n\r\nline1\r\n');
    expect(r.issues).toEqual([]);
    expect(r.view).toMatchObject({ name: 'A', body: '\r\nline1\r\n' });
  });

  it('reports every problem of a file at once', () => {
    const r = parseViewFile('layouts/l.hbs', page('bogus: 1\nlayout: x\ntags: { "lxp-managed": "true" }', 'no page here'));
    expect(r.issues.map((i) => i.field)).toEqual(['bogus', 'layout', 'tags.lxp-managed', 'body']);
  });
});
