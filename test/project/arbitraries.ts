// fast-check generators of views that the API accepts: the inputs of the round-trip properties.
import fc from 'fast-check';
import { MANAGED_TAG, type ViewContent, type ViewType } from '../../src/project/view.js';

/** Any text without lone surrogates (which cannot be stored as UTF-8), of min..max code points. */
export const text = (minLength: number, maxLength: number) =>
  fc
    .string({ unit: 'binary', minLength, maxLength })
    .filter((s) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));

/** Text that often looks like YAML, Handlebars, paths or front matter: where bugs hide. */
export const trickyText = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.oneof(
        text(1, 3),
        fc.constantFrom('---', '\n', '\r\n', '\r', ' ', '#', ': ', '- ', '"', "'", '|', '>', '{{', '}}', '\\', '/', '..', '.', 'true', 'null', '~', '0x1', '1e3', '!!js/function', '&a', '*a', '\t', '\uFEFF', '\u2028', 'CON', '%'),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''))
    .filter((s) => {
      const n = [...s].length;
      return n >= minLength && n <= maxLength;
    });

const str = (min: number, max: number) => fc.oneof(text(min, max), trickyText(min, max));

export const tagKey = fc.stringMatching(/^[0-9a-zA-Z_-]{1,20}$/).filter((k) => k !== MANAGED_TAG && k !== '__proto__');

export const viewType: fc.Arbitrary<ViewType> = fc.constantFrom('layout', 'page', 'component');

export const viewContent: fc.Arbitrary<ViewContent> = fc
  .record({
    viewType,
    // Short plain names often, so that the file name gives the name and front matter can be empty.
    name: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\/[a-z0-9-]{1,8})?$/), str(1, 255)),
    description: fc.oneof(fc.constant(''), str(0, 300)),
    layout: fc.option(str(1, 255), { nil: null, freq: 2 }),
    contentType: fc.option(str(1, 255), { nil: null, freq: 2 }),
    tags: fc.oneof(fc.constant({}), fc.dictionary(tagKey, str(1, 255), { maxKeys: 4 })),
    body: fc.oneof(
      str(0, 400),
      fc.tuple(fc.constantFrom('---', '---\n', '\uFEFF', '---js\n', '----', '--- \n---\n'), str(0, 100)).map(([a, b]) => a + b),
    ),
  })
  .map((v) => (v.viewType === 'page' ? v : { ...v, layout: null, contentType: null }));
