// The CLI bundle's lazy Intl formatters (scripts/lazy-intl.mjs): got's @sindresorhus/is makes two
// Intl.ListFormat objects when it loads, which costs every command that connects the loading of
// ICU's list data. The bundle makes them on first use instead; what a failed assertion says must
// not change, and the bundle must really be built that way.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { useTempRoots } from '../harness/lifecycle.js';
import { ROOT } from '../harness/server.js';

type Plugin = { transform: { filter: { id: RegExp }; handler(code: string): { code: string } | null } };
const { lazyIntlFormatters } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'lazy-intl.mjs')).href)) as { lazyIntlFormatters(): Plugin };
const IS_DIR = path.join(ROOT, 'node_modules', '@sindresorhus', 'is', 'distribution');

const tempDir = useTempRoots('file');
let root: string;
beforeAll(async () => {
  root = await tempDir('lxp-lazy-intl-');
});

type Is = { assert: { any(predicates: unknown[], ...values: unknown[]): void; all(predicate: unknown, ...values: unknown[]): void }; default: Record<string, unknown> };
const failure = (f: () => void): string => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no failure');
};

test('@sindresorhus/is as bundled makes no Intl.ListFormat when it loads, and its messages are unchanged', async () => {
  const plugin = lazyIntlFormatters();
  const file = path.join(IS_DIR, 'index.js');
  expect(plugin.transform.filter.id.test(file)).toBe(true);
  const transformed = plugin.transform.handler(await readFile(file, 'utf8'));
  expect(transformed).not.toBeNull();
  const copy = path.join(root, 'is');
  await cp(IS_DIR, copy, { recursive: true });
  await writeFile(path.join(copy, 'package.json'), '{"type":"module"}\n');
  await writeFile(path.join(copy, 'index.js'), transformed!.code);

  // A counting Intl.ListFormat, each formatter still a real one. The property is writable (TypeScript's
  // lib declares it readonly): defined, not assigned.
  const Real = Intl.ListFormat;
  let made = 0;
  const useListFormat = (value: typeof Intl.ListFormat) => Object.defineProperty(Intl, 'ListFormat', { value });
  useListFormat(
    class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made++;
      }
    },
  );
  try {
    const lazy = (await import(pathToFileURL(path.join(copy, 'index.js')).href)) as Is;
    expect(made).toBe(0);
    const original = (await import(pathToFileURL(file).href)) as Is;
    const made0 = made;
    const cases: Array<(is: Is) => void> = [
      (is) => is.assert.any([is.default.string, is.default.number], {}, [], null),
      (is) => is.assert.all(is.default.string, 'a', 1, true),
      (is) => is.assert.any([is.default.string], 1),
    ];
    for (const c of cases) expect(failure(() => c(lazy))).toBe(failure(() => c(original)));
    expect(failure(() => cases[0](lazy))).toBe('Expected values which are `string` or `number`. Received values of types `Object`, `Array`, and `null`.');
    expect(made - made0).toBe(2); // the lazy copy's two formatters, made on first use, once
  } finally {
    useListFormat(Real);
  }
});

test('the CLI bundle has no Intl.ListFormat made at load time', () => {
  // The bundle `npm run build` made (the test command builds first).
  const dir = path.join(ROOT, 'dist', 'cli-bundle');
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.cjs'));
  expect(chunks.length).toBeGreaterThan(0);
  const texts = chunks.map((f) => readFileSync(path.join(dir, f), 'utf8'));
  expect(texts.some((t) => t.includes('new LxpLazyListFormat('))).toBe(true);
  for (const [i, t] of texts.entries()) {
    // Only the stand-in's own `new Intl.ListFormat(...this.#args)` inside its method.
    const made = [...t.matchAll(/new Intl\.ListFormat\(([^)]*)\)/g)].map((m) => m[1]);
    expect(made.every((args) => args === '...this.#args'), chunks[i]).toBe(true);
  }
});
