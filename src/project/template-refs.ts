// The names a view's Handlebars calls on, read from its syntax tree at parse time (so the parse
// cache keeps them and a large folder is not parsed twice): every helper called by a plain name,
// and every component named with a literal (`{{component "footer"}}`). What is and is not a
// known name is decided elsewhere (render/lint.ts, which knows Losant's helpers); this only reads.
//
// A call counts as a helper call exactly where Handlebars would look the name up as one: a
// subexpression, or a mustache/block with arguments (`{{x a}}`, `{{#x a}}`, `{{x k=v}}`). A bare
// `{{x}}` or `{{#x}}` may be a field of the context, and names with a path (`a.b`, `../x`,
// `@root`, `this`) or a block parameter (`as |item|`) are values, never helpers. A component named
// by an expression (`{{component name}}`, `{{component (concat …)}}`) is built at run time: not a
// reference anyone can check before then.
/// <reference types="handlebars" />
import { handlebars } from './lazy-parsers.js';

type Program = hbs.AST.Program;
type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** name → 1-based file lines where it is used (each line once), in order of first use. */
export type NameLines = Array<[name: string, lines: number[]]>;

export interface TemplateRefs {
  helpers: NameLines;
  components: NameLines;
  /**
   * Paths into the context that Losant's page context never has, as written (`experience.globals.x`):
   * globals are at its top (`globals.x`), so these render as nothing. Absent: none.
   */
  misplaced?: NameLines;
}

/** A path that reads globals under `experience` (also from @root or a parent context): Losant has them at the top. */
function misplacedPath(p: hbs.AST.PathExpression): boolean {
  const parts = p.data ? (p.parts[0] === 'root' ? p.parts.slice(1) : []) : p.parts;
  return parts.length >= 2 && parts[0] === 'experience' && parts[1] === 'globals';
}

/** Helpers Handlebars itself has: they are in every environment, so not worth a reference. */
export const HANDLEBARS_BUILTINS: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing']);

function isCall(node: Node): node is Call {
  return node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression';
}

/** The name a path calls when it is a plain identifier (no dots, no ../, no @data, not this). */
function simpleName(path: Node): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as hbs.AST.PathExpression;
  if (p.data || p.depth !== 0 || p.parts.length !== 1 || /^(\.|this\b)/.test(p.original)) return undefined;
  return p.parts[0];
}

class Collector {
  private readonly map = new Map<string, number[]>();
  add(name: string, line: number): void {
    const lines = this.map.get(name);
    if (!lines) this.map.set(name, [line]);
    else if (lines[lines.length - 1] !== line) lines.push(line);
  }
  entries(): NameLines {
    return [...this.map];
  }
}

/**
 * References of a parsed body. `bodyLine` is the file line where the body starts, so the lines
 * returned are the file's own.
 */
export function templateRefs(ast: Program, bodyLine = 1): TemplateRefs {
  const helpers = new Collector();
  const components = new Collector();
  const misplaced = new Collector();
  const blockParams: string[][] = [];
  const isBlockParam = (name: string) => blockParams.some((ps) => ps.includes(name));
  const lineOf = (node: Node) => bodyLine + (node.loc?.start.line ?? 1) - 1;

  const visit = (node: Node | undefined | null): void => {
    if (!node) return;
    if (node.type === 'PathExpression') {
      const p = node as hbs.AST.PathExpression;
      if (misplacedPath(p)) misplaced.add(p.original, lineOf(node));
      return;
    }
    if (node.type === 'Program') {
      const program = node as Program;
      blockParams.push(program.blockParams ?? []);
      for (const statement of program.body) visit(statement);
      blockParams.pop();
      return;
    }
    if (isCall(node)) {
      const name = simpleName(node.path);
      if (name !== undefined && !isBlockParam(name)) {
        const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
        if (name === 'component') {
          const first = node.params[0];
          if (first?.type === 'StringLiteral') components.add((first as hbs.AST.StringLiteral).value, lineOf(node));
        } else if ((node.type === 'SubExpression' || hasArgs) && !HANDLEBARS_BUILTINS.has(name)) {
          helpers.add(name, lineOf(node));
        }
      }
      visit(node.path);
      for (const param of node.params) visit(param);
      for (const pair of node.hash?.pairs ?? []) visit(pair.value);
      if (node.type === 'BlockStatement') {
        visit((node as hbs.AST.BlockStatement).program);
        visit((node as hbs.AST.BlockStatement).inverse);
      }
    }
    // Partials, comments, content and literals call nothing lxp can check.
  };
  visit(ast);
  const wrong = misplaced.entries();
  return { helpers: helpers.entries(), components: components.entries(), ...(wrong.length > 0 ? { misplaced: wrong } : {}) };
}

/** Number of `{{page}}` / `{{{page}}}` statements anywhere in a template. */
export function countPagePlaceholders(ast: hbs.AST.Program): number {
  let count = 0;
  const visitor = new (handlebars().Visitor)();
  visitor.MustacheStatement = function (node: hbs.AST.MustacheStatement) {
    const path = node.path as hbs.AST.PathExpression;
    if (path.type === 'PathExpression' && path.original === 'page' && node.params.length === 0) count++;
  };
  visitor.accept(ast);
  return count;
}
