// Property tests of hostile view files: whatever the bytes, parseViewFile returns (never throws)
// and every problem it reports is located (the file, a line inside it). test/project/ already
// covers names ⇄ files (never escaping, case-insensitive uniqueness) and serialize round-trips;
// these add arbitrary and adversarial front matter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseViewFile } from '../../src/project/parse.js';

const files = fc.constantFrom('pages/home.hbs', 'layouts/main.hbs', 'components/nav/bar.hbs', 'pages/a b/ü.hbs');

/** Pieces hostile front matter is made of: YAML features, engines, huge or odd scalars. */
const yamlPiece = fc.oneof(
  fc.constantFrom(
    'name: x',
    'name: [1, 2]',
    'name: !!js/function "function(){ return 1 }"',
    'tags: { a: *ref }',
    'tags: &ref { a: 1 }',
    'tags: { <<: *ref }',
    'layout: null',
    'layout: ~',
    'description: |\n  multi\n  line',
    'contentType: 5',
    '__proto__: { polluted: true }',
    'constructor: { prototype: { polluted: true } }',
    'tags: { __proto__: 1 }',
    '? complex\n: key',
    '- a list',
    '"unterminated',
    '\t\ttabs: 1',
    'name: "\\u0000"',
    'a: b: c',
    '%YAML 1.2',
    '---',
    '...',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const frontMatter = fc.tuple(fc.constantFrom('---', '---yaml', '---js', '---javascript', '---json', '---coffee', '--- ', '----'), fc.array(yamlPiece, { maxLength: 8 }), fc.boolean(), fc.string({ maxLength: 80 })).map(
  ([open, lines, closed, body]) => `${open}\n${lines.join('\n')}\n${closed ? '---\n' : ''}${body}`,
);

const anyText = fc.oneof(frontMatter, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('\uFEFF---\nname: bom\n---\nx', '---\r\nname: crlf\r\n---\r\nx', '{{#if}}', '{{> partial}}', '{{{{raw}}}}'));

describe('parseViewFile on hostile input (property)', () => {
  it('never throws; every issue names the file and a line within it', () => {
    fc.assert(
      fc.property(files, anyText, (file, text) => {
        const parsed = parseViewFile(file, text);
        const lineCount = text.split(/\r\n|\r|\n/).length;
        for (const issue of parsed.issues) {
          expect(issue.file).toBe(file);
          expect(typeof issue.message).toBe('string');
          expect(issue.message.length).toBeGreaterThan(0);
          if (issue.line !== undefined) {
            expect(Number.isInteger(issue.line)).toBe(true);
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.line).toBeLessThanOrEqual(lineCount + 1);
          }
        }
        // Parsing front matter never pollutes prototypes.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1500 },
    );
  });

  it('front matter in any engine but YAML is an issue on line 1, never a view', () => {
    fc.assert(
      fc.property(fc.constantFrom('js', 'javascript', 'coffee', 'json', 'toml'), fc.string({ maxLength: 60 }), (engine, inner) => {
        const parsed = parseViewFile('pages/x.hbs', `---${engine}\n${inner.replace(/---/g, '')}\n---\n<p>x</p>\n`);
        expect(parsed.view).toBeUndefined();
        expect(parsed.issues).toContainEqual({ file: 'pages/x.hbs', line: 1, message: expect.stringMatching(/YAML only/) });
      }),
      { numRuns: 300 },
    );
  });
});
