// The fast syntax check of view bodies (src/server/template-syntax.ts) must never accept what
// Handlebars refuses: "surelyParsesAsHandlebars(t) ⇒ Handlebars.parseWithoutProcessing(t) parses",
// over generated templates (valid shapes, then mutated) and over hand-picked tricky ones. It
// must also accept the common shapes, or it would buy nothing.
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { countPagePlaceholders, templateRefs } from '../../src/project/template-refs.js';
import { scanTemplate, surelyParsesAsHandlebars } from '../../src/project/template-syntax.js';
import { assertHandlebars } from '../../src/server/validate.js';

/** More runs for a longer hunt: LXP_FUZZ_RUNS=200000 npx vitest run test/server/template-syntax.test.ts */
const RUNS = Number(process.env.LXP_FUZZ_RUNS ?? 6000);

const parses = (t: string) => {
  try {
    Handlebars.parseWithoutProcessing(t);
    return true;
  } catch {
    return false;
  }
};

/** The implication the server relies on, with the template in the failure message. */
function expectSound(t: string): boolean {
  const fast = surelyParsesAsHandlebars(t);
  if (fast && !parses(t)) expect.fail(`accepted, but Handlebars refuses: ${JSON.stringify(t)}`);
  return fast;
}

// --- generators -------------------------------------------------------------------------------
const word = fc.constantFrom(
  'a', 'foo', 'bar-baz', '$x', '_y', 'x1', 'if', 'each', 'with', 'lookup', 'else', 'elsewhere', 'this', 'true', 'false',
  'null', 'undefined', 'as', 'asx', 'trueish', 'null-x', '1', '-1', '1.5', '1.', '0x1', 'a:b', 'é', '-', 'a?', 'a,b',
);
/** Templates (valid shapes, many broken on purpose) over the words of `word`; then mutated ones. */
function generators(word: fc.Arbitrary<string>) {
  const sep = fc.constantFrom('.', '/', '..', './', '', '//', '.[', '[a b]');
  const prefix = fc.constantFrom('', '', '', '../', '../../', './', 'this.', 'this/', '@', '@root.', '.', '..', '@../');
  const pathArb = fc
    .tuple(prefix, word, fc.array(fc.tuple(sep, word), { maxLength: 2 }))
    .map(([p, w, rest]) => p + w + rest.map(([s, x]) => s + x).join(''));
  const ws = fc.constantFrom('', ' ', ' ', ' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\f');
  const strChar = fc.constantFrom('a', ' ', '"', "'", '\\', '}}', '{{', ')', '~', '\n');
  const stringLit = fc
    .tuple(fc.constantFrom('"', "'"), fc.array(strChar, { maxLength: 4 }), fc.boolean())
    .map(([q, cs, closed]) => q + cs.join('') + (closed ? q : ''));
  const literal = fc.constantFrom('true', 'false', 'null', 'undefined', '0', '12', '-3', '1.25', '1.2.3', '-', '1e3');

  const { param } = fc.letrec((tie) => ({
    param: fc.oneof(
      { weight: 5, arbitrary: pathArb },
      { weight: 2, arbitrary: stringLit },
      { weight: 2, arbitrary: literal },
      { weight: 2, arbitrary: fc.tuple(word, fc.constantFrom('=', ' =', '= ', '=='), tie('param')).map(([k, e, v]) => `${k}${e}${v}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(ws, pathArb, fc.array(fc.tuple(ws, tie('param')), { maxLength: 2 }), ws, fc.constantFrom(')', ')', ''))
          .map(([a, h, ps, b, c]) => `(${a}${h}${ps.map(([w, x]) => (w || ' ') + x).join('')}${b}${c}`),
      },
    ),
  }));
  const params = fc.array(fc.tuple(ws, param), { maxLength: 3 }).map((ps) => ps.map(([w, p]) => (w || ' ') + p).join(''));
  const blockParams = fc.constantFrom('', '', '', ' as |x|', ' as |x y|', ' as | x |', ' as |true|', ' as ||', ' as |x', ' as x');
  const strip = fc.constantFrom('', '', '~');
  const close = fc.constantFrom('}}', '}}', '}}', '}}}', '}}}}', ' }}', '}', '~}}');

  const mustache = fc
    .tuple(
      fc.constantFrom('', '', '', '', '{', '&', '>', '> ', '^', '*', '#>', '#*', '!', '!--', '{{', ' ', '\\'),
      strip,
      ws,
      pathArb,
      params,
      ws,
      strip,
      close,
    )
    .map(([kind, l, w1, h, ps, w2, r, c]) => {
      if (kind === '\\') return `\\{{${h}}}`;
      if (kind === '!') return `{{${l}!${h}${ps}${c}`;
      if (kind === '!--') return `{{${l}!--${h}${ps}${w2}--${r}${c}`;
      const closing = kind === '{' ? `}${r}}}` : `${r}${c}`;
      return `{{${l}${kind}${w1}${h}${ps}${w2}${closing}`;
    });

  const content = fc.constantFrom('', 'text', ' ', '\n', '<p>', '}', '{', '}}', '\\', '\\\\', '\0', 'a}}b', '{ {');

  const { program } = fc.letrec((tie) => ({
    statement: fc.oneof(
      { weight: 4, arbitrary: content },
      { weight: 4, arbitrary: mustache },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            strip,
            fc.constantFrom('#', '#', '#', '^', '# '),
            pathArb,
            params,
            blockParams,
            close,
            tie('program'),
            fc.array(
              fc.tuple(
                fc.constantFrom('{{else}}', '{{~else~}}', '{{ else }}', '{{^}}', '{{else if b}}', '{{else each c as |z|}}', '{{elsewhere}}', '{{else}}}', '{{else x=1}}'),
                tie('program'),
              ),
              { maxLength: 2 },
            ),
            fc.boolean(),
            fc.constantFrom('', '', '', 'x', ' ', '~'),
          )
          .map(([l, open, h, ps, bp, c, body, elses, same, bend]) => {
            const name = same ? h : h + 'x';
            const closeName = bend === '~' ? `~/${name}` : `/${bend === ' ' ? ' ' : ''}${name}${bend === 'x' ? 'x' : ''}`;
            return `{{${l}${open}${h}${ps}${bp}${c}${body}${elses.map(([e, p]) => e + p).join('')}{{${closeName}}}`;
          }),
      },
    ),
    program: fc.array(tie('statement'), { maxLength: 4 }).map((ss) => (ss as string[]).join('')),
  }));

  /** A template, then a few characters inserted or removed at random places. */
  const mutated = fc
    .tuple(
      program,
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '{', '}', '~', '\\', '"', ' ', '.', '/', '#', '(', ')', '=', '|', '@', '!', '-', 'e')), { maxLength: 3 }),
    )
    .map(([t, edits]) => {
      let s = t;
      for (const [pos, ch] of edits) {
        const at = s.length === 0 ? 0 : pos % (s.length + 1);
        s = ch === '' ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + ch + s.slice(at);
      }
      return s;
    });
  return { program, mutated };
}

const { program, mutated } = generators(word);

/**
 * What the folder reader relies on: a body scanTemplate() proves parses, and it reports exactly
 * the facts the tree walk takes from Handlebars.parse's tree (references with their lines, page
 * placeholders). Returns whether it was proven.
 */
function expectSameFacts(t: string, bodyLine = 1): boolean {
  const fast = scanTemplate(t, bodyLine);
  if (!fast) return false;
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(t);
  } catch {
    return expect.fail(`accepted, but Handlebars refuses: ${JSON.stringify(t)}`);
  }
  expect(fast.refs, JSON.stringify(t)).toStrictEqual(templateRefs(ast, bodyLine));
  expect(fast.pagePlaceholders, JSON.stringify(t)).toBe(countPagePlaceholders(ast));
  return true;
}

// Words that make facts: helpers, builtins, components, page, globals under experience, block params.
const factWord = fc.constantFrom('component', 'page', 'experience', 'globals', 'root', 'x', 'y', 'z', 'fmt', 'if', 'each', 'lookup', 'log', 'this', 'else', 'a-b', 'true', 'this-x');
const facts = generators(factWord);

describe('scanTemplate', () => {
  test('a proven template has the facts of Handlebars\' tree: generated templates', () => {
    let accepted = 0;
    fc.assert(
      fc.property(facts.program, fc.integer({ min: 1, max: 40 }), (t, line) => {
        if (expectSameFacts(t, line)) accepted++;
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  test('a proven template has the facts of Handlebars\' tree: mutated templates', () => {
    fc.assert(fc.property(facts.mutated, (t) => void expectSameFacts(t, 3)), { numRuns: RUNS });
  });

  test('hand-picked facts, also across lines, also with block params and chains', () => {
    const cases = [
      '{{fmt a}}\n{{fmt b}}{{fmt c}}\n\n{{other (fmt d)}}',
      '{{component "nav"}} {{component name}} {{component (concat "a" b)}} {{#component "card" x=1}}{{/component}}',
      '{{component}} {{x (component "in-sub")}} {{component "a" "b"}} {{component 5}}',
      '{{#each items as |item i|}}\n{{item x}}{{i}}\n{{else}}\n{{item y}}{{/each}}\n{{item z}}',
      '{{#each a as |x|}}\n{{x 1}}\n{{else each b as |y|}}\n{{x 2}}\n{{y 3}}\n{{else}}\n{{y 4}}\n{{/each}}',
      '{{#with a as |x|}}{{#each b as |y|}}\n{{x 1}}{{y 2}}\n{{/each}}\n{{y 3}}{{/with}}\n{{x 4}}',
      '{{#if a}}{{else fmt b}}{{fmt c}}{{/if}}',
      '{{experience.globals.x}} {{fmt experience.globals.y k=../experience.globals.z}}\n{{@root.experience.globals.w}} {{this.experience.globals}} {{@experience.globals.v}} {{experience.globalsx}}',
      '{{#experience.globals.list}}x{{/experience.globals.list}}',
      '{{> partial experience.globals.p (fmt q)}} {{> "p2" k=(fmt r)}}',
      '{{page}}{{{page}}}{{~page~}}{{page k=1}}{{page x}}{{page.x}}{{#if a}}{{page}}{{/if}}{{this.page}}',
      '<html>{{page}}</html>',
      '{{fmt}} {{x (fmt)}} {{#fmt}}{{/fmt}} {{#fmt k=v}}{{/fmt}} {{if a}} {{lookup a b}} {{this-x 1}} {{./fmt 1}} {{../fmt 1}} {{@fmt 1}} {{fmt.x 1}}',
      '{{fmt\n  a\n  (b\n c)}}\n{{!-- {{hidden x}} --}}{{! {{hidden2 y}} }}{{fmt z}}',
    ];
    for (const t of cases) expect(expectSameFacts(t, 7), t).toBe(true);
    // Handlebars counts a lone "\r" as a line break: such a body is left to it.
    expect(scanTemplate('a\r{{fmt x}}')).toBeUndefined();
    expect(expectSameFacts('a\r\n{{fmt x}}\r\n{{fmt y}}', 2)).toBe(true);
    expect(scanTemplate('{{fmt a}}\n{{component "nav"}}\n{{experience.globals.x}}', 10)).toStrictEqual({
      refs: { helpers: [['fmt', [10]]], components: [['nav', [11]]], misplaced: [['experience.globals.x', [12]]] },
      pagePlaceholders: 0,
    });
  });
});

describe('surelyParsesAsHandlebars', () => {
  test('never accepts a generated template that Handlebars refuses, and accepts a fair share of those it parses', () => {
    let accepted = 0;
    let valid = 0;
    fc.assert(
      fc.property(program, (t) => {
        if (parses(t)) valid++;
        if (expectSound(t)) accepted++;
      }),
      { numRuns: RUNS },
    );
    // The generator makes many invalid templates on purpose; of the valid ones, the fast path
    // must take a real share, or the server pays Handlebars for everything again.
    if (process.env.LXP_FUZZ_RUNS) console.log(`generated: ${RUNS}, parse: ${valid}, proven fast: ${accepted}`);
    expect(valid).toBeGreaterThan(RUNS / 10);
    expect(accepted / valid).toBeGreaterThan(0.25);
  });

  test('never accepts a mutated template that Handlebars refuses', () => {
    fc.assert(fc.property(mutated, (t) => void expectSound(t)), { numRuns: RUNS });
  });

  test('tricky templates: accepted only when Handlebars parses them; the invalid ones are refused', () => {
    const valid = [
      '',
      'plain text } { }}',
      '{{a}}',
      '{{ a }}',
      '{{~a~}}',
      '{{{a}}}',
      '{{~{a}~}}',
      '{{a.b/c}}',
      '{{../a}}',
      '{{../../a.b}}',
      '{{this/../a}}', // "..", "." and "this" may lead a path in any order
      '{{./a}}',
      '{{this.a}}',
      '{{this}}',
      '{{.}}',
      '{{..}}',
      '{{@index}}',
      '{{@root.a}}',
      '{{a "s" \'t\' 1 -2 1.5 true false null undefined b=c d="e" f=(g h)}}',
      '{{a (b (c d) e=f)}}',
      '{{> partial}}',
      '{{> "my-partial" a b=c}}',
      '{{> components/nav}}',
      '{{! a comment with }} after}}',
      '{{!-- a comment with }} inside --}}',
      '{{!--}}',
      '{{~!-- x --~}}',
      '{{#if a}}x{{/if}}',
      '{{#if a}}x{{else}}y{{/if}}',
      '{{#if a}}x{{else if b}}y{{else if c}}z{{else}}w{{/if}}',
      '{{#each items as |item i|}}{{item}}{{else}}none{{/each}}',
      '{{#with a.b}}{{c}}{{/with}}',
      '{{#if (eq a "b")}}x{{/if}}',
      '{{~#if a~}} x {{~else~}} y {{~/if~}}',
      '{{#a.b}}{{/a.b}}',
      '{{#this.a}}{{/this.a}}',
      '{{foo "}}"}}',
      '{{foo "{{"}}',
      '{{foo null-x}}',
    ];
    for (const t of valid) {
      expect(parses(t), t).toBe(true);
      expect(expectSound(t), t).toBe(true);
    }
    const invalid = [
      '{{a}}}', // "}}}" lexes as CLOSE_UNESCAPED
      '{{a}}}}',
      '{{{a}}}}',
      '{{{a}}',
      '{{elsewhere}}', // lexes as {{else where}}
      '{{#if a}}{{elsewhere}}{{/if}}x{{/if}}',
      '{{a.true}}',
      '{{a.null}}',
      '{{a.1}}',
      '{{a.this}}',
      '{{a/..}}',
      '{{a/./b}}',
      '{{#if a}}x{{/each}}',
      '{{#if (eq a b)}}x{{/eq}}',
      '{{#if a}}{{else}}{{else}}{{/if}}',
      '{{#if a}}{{else}}{{else if b}}{{/if}}',
      '{{else}}',
      '{{else if a}}',
      '{{/if}}',
      '{{#if a}}',
      '{{a b=c d}}',
      '{{a as |x|}}',
      '{{#if a as x}}{{/if}}',
      '{{!-- never closed }}',
      '{{a',
      '{{}}',
      '{{#}}{{/}}',
      '{{this..}}',
      '{{a b c="d" (e)}}',
      '{{a "unterminated}}',
      '{{a\0}}',
      'nul \0 here',
      '{{#if a}}{{else}}}{{/if}}x{{/if}}',
    ];
    for (const t of invalid) expect(expectSound(t), t).toBe(false);
    // Deferred, not refused: Handlebars parses these, the fast path leaves them to it.
    for (const t of ['\\{{a}}', '{{{{raw}}}}{{x}}{{{{/raw}}}}', '{{^a}}x{{/a}}', '{{&a}}', '{{#> layout}}x{{/layout}}', '{{#*inline "x"}}y{{/inline}}', '{{a.[b c]}}', '{{a "\\"q\\""}}', '{{foo true=1}}']) {
      expect(parses(t), t).toBe(true);
      expect(surelyParsesAsHandlebars(t), t).toBe(false);
    }
  });

  test('the bodies lxp ships and benchmarks take the fast path', async () => {
    const { viewBody, benchPageBody } = await import('../../bench/lib/server-cpu.js');
    expect(surelyParsesAsHandlebars(viewBody(1))).toBe(true);
    expect(surelyParsesAsHandlebars(benchPageBody(1))).toBe(true);
    const dir = path.join(import.meta.dirname, '..', '..', 'example-experience');
    let seen = 0;
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      if (expectSound(text)) seen++;
    }
    // Every view of the example experience is proven without Handlebars.
    expect(seen).toBe(files.length);
  });

  test('deep nesting is left to Handlebars, never a stack overflow', () => {
    const deep = (n: number) => `{{a ${'(b '.repeat(n)}c${')'.repeat(n)}}}`;
    expect(surelyParsesAsHandlebars(deep(30))).toBe(true);
    expect(parses(deep(30))).toBe(true);
    for (const n of [33, 100_000]) {
      expect(surelyParsesAsHandlebars(deep(n))).toBe(false);
      expect(surelyParsesAsHandlebars(`{{a ${'('.repeat(n)}`)).toBe(false);
    }
  });

  test('a refused body keeps Handlebars\' own error message', () => {
    expect(() => assertHandlebars('experienceView.body', '{{a}}}')).toThrow(
      /^experienceView\.body is not a valid Handlebars template: Parse error on line 1: .*Expecting 'CLOSE'.*got 'CLOSE_UNESCAPED'/,
    );
  });
});
