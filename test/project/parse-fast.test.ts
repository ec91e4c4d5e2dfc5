// The fast paths of parseViewFile (simpleFrontMatter for the common front matter, scanTemplate for
// the common bodies) must change nothing but the time: on any file, parseViewFile gives exactly
// what the full parsers (gray-matter, YAML, Handlebars: `full: true`) give — the view, every
// issue with its message and line, the lines, the references.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseViewFile, simpleFrontMatter } from '../../src/project/parse.js';
import { trickyText } from './arbitraries.js';

/** More runs for a longer hunt: LXP_FUZZ_RUNS=200000 npx vitest run test/project/parse-fast.test.ts */
const RUNS = Number(process.env.LXP_FUZZ_RUNS ?? 4000);

const hasFrontMatter = (t: string) => t.startsWith('---') && t.charAt(3) !== '-';
const fast = (t: string) => simpleFrontMatter(t.startsWith('\uFEFF') ? t.slice(1) : t, hasFrontMatter(t.startsWith('\uFEFF') ? t.slice(1) : t));

function expectSame(file: string, text: string): void {
  expect(parseViewFile(file, text), JSON.stringify(text)).toStrictEqual(parseViewFile(file, text, { full: true }));
}

// --- generators -------------------------------------------------------------------------------
const key = fc.constantFrom('name', 'description', 'layout', 'contentType', 'tags', 'Name', 'title', 'layoutId', 'true', 'Null', 'yes', 'x1', 'a-b', 'a_b', '1a', 'é');
const valueChar = fc.constantFrom(
  'a', 'B', 'z', ' ', ' ', '1', '0', '.', ',', '-', '_', '/', '(', ')', '!', '?', '@', '&', '*', '%', '|', '>', '=', '+', '~', '`', '^', '$', ';',
  ':', '#', '"', "'", '\\', '{', '}', '[', ']', '\t', 'é', 'e\u0301', '日', '\u00a0', '\u2028', '\u0085', '\uFEFF', '😀', '\r',
);
const value = fc.oneof(
  { weight: 6, arbitrary: fc.array(valueChar, { maxLength: 12 }).map((cs) => cs.join('')) },
  { weight: 2, arbitrary: fc.constantFrom('main', 'Page 1', 'null', 'NULL', 'True', 'false', 'yes', 'No', 'on', '~', '12', '1e3', '0x1f', '.5', '-1', '.inf', 'a: b', 'a #b', 'a#b', 'x ', 'text/html', '{ a: b }', '[a]', '|', '>', '- a', '!!str x', '&a x', '*a', 'y', 'n') },
  { weight: 1, arbitrary: trickyText(0, 12) },
);
const separator = fc.constantFrom(': ', ': ', ': ', ':', ':  ', ' : ', ':\t');
const fieldLine = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(key, separator, value).map(([k, s, v]) => `${k}${s}${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '  indented: x', 'tags:', '  a: b', 'tags: { a: b }', '---', '...', '- x') },
);
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\n', '\r\n');
const body = fc.constantFrom(
  '<p>{{x}}</p>\n', '', '\n', '\n\nlead\n', '{{#if a}}{{fmt b}}{{/if}}', '{{fmt a}}\n{{component "c"}}\n{{experience.globals.g}}', 'text {{', '{{page}}', '<html>{{{page}}}</html>\n',
  '---\nx', '\r\nx', '{{#each a as |i|}}{{i x}}{{/each}}', '{{> p}}{{page}}',
);
const opening = fc.constantFrom('---\n', '---\n', '---\n', '---yaml\n', '--- \n', '---\r\n', '\uFEFF---\n', '\uFEFF\uFEFF---\n', '----\n', '');
const closing = fc.constantFrom('\n---\n', '\n---\n', '\n---\n', '\n---', '\n----\n', '\n---x\n', '\n--- \n', '\n---\r\n', '\n');
const file = fc
  .tuple(opening, fc.array(fc.tuple(fieldLine, lineEnd), { maxLength: 5 }), closing, body)
  .map(([open, lines, close, b]) => {
    const fm = lines.map(([l, e]) => l + e).join('').replace(/\r?\n$/, '');
    return `${open}${fm}${close}${b}`;
  });
const path = fc.constantFrom('pages/a.hbs', 'layouts/main.hbs', 'components/c.hbs', 'pages/deep/x.hbs');

describe('parseViewFile fast paths', () => {
  test('give what the full parsers give, on generated files', () => {
    let fastOnes = 0;
    fc.assert(
      fc.property(path, file, (p, t) => {
        if (fast(t)) fastOnes++;
        expectSame(p, t);
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the fast path often, or the property says little.
    expect(fastOnes).toBeGreaterThan(RUNS / 20);
  });

  test('give what the full parsers give, on any text', () => {
    fc.assert(fc.property(path, trickyText(0, 60), (p, t) => void expectSame(p, t)), { numRuns: RUNS });
  });

  test('hand-picked files', () => {
    const files = [
      '---\nlayout: main\ndescription: Page 1\n---\n<section>{{pageData.title}}</section>\n',
      '---\nname: Café crème\ndescription: A page, with (some) punctuation! ok? 50% & more | x > y = z ~ `q` ^ $ ; @a *b\n---\nx',
      '---\nname: a\nname: b\n---\nx',
      '---\nfoo: bar\nlayoutId: x\n---\nx',
      '---\ntags: a\n---\nx',
      '---\nlayout: main\n---',
      '---\nlayout: main\n---\n',
      '---\nlayout: main\n---\n\n\n{{page}}',
      '---\ndescription: null\n---\nx',
      '---\ndescription: x \n---\nx',
      '---\n---\nx',
      'no front matter {{fmt x}}',
      '\uFEFF\uFEFFx',
      '',
    ];
    for (const t of files) {
      for (const p of ['pages/a.hbs', 'layouts/l.hbs', 'components/c.hbs']) expectSame(p, t);
    }
  });

  test('the common shape takes the fast path', () => {
    const page = '---\nlayout: main\ndescription: Page 12\n---\n<section>\n  {{component "c00010"}}\n</section>\n';
    expect(simpleFrontMatter(page, true)).toStrictEqual({
      body: '<section>\n  {{component "c00010"}}\n</section>\n',
      fields: [
        ['layout', 2, 'main'],
        ['description', 3, 'Page 12'],
      ],
    });
    expect(simpleFrontMatter('<aside/>', false)).toStrictEqual({ body: '<aside/>', fields: [] });
    // Anything else is left to the full parse.
    for (const t of ['---\ndescription: 12\n---\n', '---\nname: a: b\n---\n', '---\ntags:\n  a: b\n---\n', '---\r\nname: a\r\n---\r\n', '---\nname: a\n---x\n', '---\nname: "a"\n---\n'])
      expect(simpleFrontMatter(t, true), t).toBeUndefined();
  });
});
