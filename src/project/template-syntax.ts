// A fast, conservative syntax check for view bodies. Handlebars' own parser (a generated Jison
// lexer that tries each rule's regular expression in turn) costs ~8 µs per mustache: most of a
// create's CPU on the local server, and most of reading a folder of views (plus ~50 ms to load
// Handlebars at all). This recognizer accepts only a strict subset of templates —
// text, `{{path params hash}}`, `{{{…}}}`, `{{> partial}}`, comments, `{{#block}}…{{else …}}…
// {{/block}}` with paths, strings, numbers, literals, sub-expressions and block params — and it
// mirrors the lexer's rules (their order, their lookaheads) for everything it accepts, so
// "accepted here ⇒ Handlebars.parseWithoutProcessing accepts" (test/server/template-syntax.test.ts
// checks it against Handlebars over generated and hand-picked tricky templates). Anything else —
// raw blocks, `\{{`, `{{^…}}`, `{{&…}}`, partial blocks, decorators, `[literal]` segments,
// escapes in strings, unusual whitespace, unbalanced or mismatched blocks — answers false and
// goes to Handlebars, whose verdict and error message stand.
//
// The server needs only the verdict (surelyParsesAsHandlebars). The folder reader also needs what
// it takes from the syntax tree: the references of template-refs.ts (helpers, literal component
// names, globals read under `experience`, each with its lines) and, for layouts, the number of
// `{{page}}` statements. scanTemplate() gathers them in the same pass, the way the tree walk would
// (same rules, same order), so a proven body needs no Handlebars at all;
// test/project/template-syntax.test.ts checks "proven ⇒ same facts as Handlebars' tree".
import { HANDLEBARS_BUILTINS, type NameLines, type TemplateRefs } from './template-refs.js';

const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const TILDE = 0x7e;
const DOT = 0x2e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const PIPE = 0x7c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const AT = 0x40;
const HASH = 0x23;
const GT = 0x3e;
const BANG = 0x21;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

/** Only these count as whitespace here (the lexer's `\s` is wider: anything else is deferred). */
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isIdentStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24;
const isIdentChar = (c: number) => isIdentStart(c) || isDigit(c) || c === MINUS;
/**
 * The lexer's ID lookahead `[=~}\s\/.)|]`, narrowed to ASCII whitespace. Every one of these is
 * excluded from the lexer's ID characters, so an identifier scanned here up to one of them is
 * exactly the token the (greedy) lexer produces.
 */
const isIdFollow = (c: number) =>
  isSpace(c) || c === EQUALS || c === TILDE || c === CLOSE_BRACE || c === SLASH || c === DOT || c === CLOSE_PAREN || c === PIPE;
/** The lexer's lookahead for literals (true, 12, …): `[~}\s)]`. */
const isLiteralFollow = (c: number) => isSpace(c) || c === TILDE || c === CLOSE_BRACE || c === CLOSE_PAREN;
/** Words the lexer may turn into other tokens than ID (BOOLEAN, NULL, UNDEFINED, OPEN_BLOCK_PARAMS). */
const KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'as']);

const FAIL = -1;
/** Deepest nesting of sub-expressions proven here. */
const MAX_DEPTH = 32;


/** What the folder reader takes from a body that is proven to parse (see scanTemplate). */
export interface ScannedTemplate {
  /** Exactly what templateRefs() returns for Handlebars.parse's tree of the body. */
  refs: TemplateRefs;
  /** `{{page}}` / `{{{page}}}` statements (a mustache of the path `page` without params), anywhere. */
  pagePlaceholders: number;
}

/** A name → lines collector, as template-refs.ts keeps them (each line once, in order of first use). */
function addLine(map: Map<string, number[]>, name: string, line: number): void {
  const lines = map.get(name);
  if (!lines) map.set(name, [line]);
  else if (lines[lines.length - 1] !== line) lines.push(line);
}

/**
 * True only when Handlebars is certain to parse `src`; false means "not proven": ask Handlebars.
 */
export function surelyParsesAsHandlebars(src: string): boolean {
  return scan(src, undefined) !== undefined;
}

/**
 * The facts of a body Handlebars is certain to parse; undefined means "not proven": parse it with
 * Handlebars. `bodyLine` is the file line where the body starts, so the lines are the file's own.
 */
export function scanTemplate(src: string, bodyLine = 1): ScannedTemplate | undefined {
  return scan(src, bodyLine);
}

/** One call (mustache, block, `{{else …}}` or sub-expression) whose kind is known once its arguments are read. */
interface CallEvent {
  name: string;
  line: number;
  kind: 'helper' | 'component' | undefined;
}

function scan(src: string, bodyLine: number | undefined): ScannedTemplate | undefined {
  if (src.includes('\0')) return undefined;
  const n = src.length;
  const code = (i: number) => (i < n ? src.charCodeAt(i) : -1);
  // Facts are gathered only when asked for (bodyLine given) and not inside a partial's
  // arguments, which the tree walk of template-refs.ts does not enter.
  const collect = bodyLine !== undefined;
  // Handlebars' lexer also ends a line at a lone "\r" (its line numbers count them); lines here
  // are counted by "\n" ("\r\n" is one either way), so such a body is left to Handlebars.
  if (collect && src.includes('\r') && /\r(?!\n)/.test(src)) return undefined;
  let recording = collect;

  // --- facts -----------------------------------------------------------------------------------
  // Lines from offsets, counted forward: facts are recorded in source order.
  let lineOffset = 0;
  let lineNumber = bodyLine ?? 1;
  const lineAt = (offset: number): number => {
    if (offset < lineOffset) {
      lineOffset = 0;
      lineNumber = bodyLine ?? 1;
    }
    for (let k = src.indexOf('\n', lineOffset); k !== -1 && k < offset; k = src.indexOf('\n', k + 1)) lineNumber++;
    lineOffset = offset;
    return lineNumber;
  };
  /** Helper and component calls in the order the tree walk meets them (a call before its arguments). */
  const calls: CallEvent[] = [];
  const misplaced = new Map<string, number[]>();
  let pagePlaceholders = 0;
  // The last path read: whether it is data (@…), its `..` count, and its named segments.
  let pathData = false;
  let pathDepth = 0;
  const pathNamed: string[] = [];
  // The last parameter read: a string literal's value, else undefined.
  let paramString: string | undefined;
  // Block params in scope: one list per open block (its current program's: `as |…|`, a chained
  // `{{else x as |…|}}`'s, none after a plain `{{else}}`).
  const scopes: string[][] = [];
  let lastBlockParams: string[] = [];
  const isBlockParam = (name: string) => scopes.some((ps) => ps.includes(name));

  /** template-refs.ts's misplacedPath(): globals read under `experience` (also from @root). */
  const notePath = (start: number, end: number) => {
    if (!recording) return;
    const parts = pathData ? (pathNamed[0] === 'root' ? pathNamed.slice(1) : []) : pathNamed;
    if (parts.length >= 2 && parts[0] === 'experience' && parts[1] === 'globals') addLine(misplaced, src.slice(start, end), lineAt(start));
  };
  /**
   * A call starting at `at` whose path (just read, from start to end) may name a helper: its event,
   * whose kind is settled by settleCall() once the arguments are read. undefined: not a name.
   */
  const openCall = (at: number, start: number, end: number): CallEvent | undefined => {
    if (!recording) return undefined;
    const original = src.slice(start, end);
    // template-refs.ts's simpleName(): a plain identifier, not a block parameter.
    if (pathData || pathDepth !== 0 || pathNamed.length !== 1 || /^(\.|this\b)/.test(original)) return undefined;
    const name = pathNamed[0];
    if (isBlockParam(name)) return undefined;
    const event: CallEvent = { name, line: lineAt(at), kind: undefined };
    calls.push(event);
    return event;
  };
  // What args() saw, for settleCall(): the number of params and hash pairs, and the first param's string value.
  let argParams = 0;
  let argHash = 0;
  let argFirstString: string | undefined;
  const settleCall = (event: CallEvent | undefined, subExpression: boolean) => {
    if (!event) return;
    if (event.name === 'component') {
      if (argFirstString !== undefined) {
        event.kind = 'component';
        event.name = argFirstString;
      }
    } else if ((subExpression || argParams > 0 || argHash > 0) && !HANDLEBARS_BUILTINS.has(event.name)) {
      event.kind = 'helper';
    }
  };

  // --- syntax ----------------------------------------------------------------------------------
  const skipSpace = (p: number) => {
    while (isSpace(code(p))) p++;
    return p;
  };

  /** End of an identifier starting at p (my restricted ID), or FAIL. */
  const ident = (p: number): number => {
    if (!isIdentStart(code(p))) return FAIL;
    let k = p + 1;
    while (isIdentChar(code(k))) k++;
    return isIdFollow(code(k)) ? k : FAIL;
  };

  /**
   * A path: `a.b/c`, `../a`, `./a`, `this.a`, `.`, `..`, `this`, or data `@a.b`. `..`, `.` and
   * `this` only before any named segment (Handlebars throws "Invalid path" otherwise). Leaves
   * what the tree would hold in pathData, pathDepth and pathNamed.
   */
  const path = (p: number): number => {
    const data = code(p) === AT;
    if (data) p++;
    pathData = data;
    pathDepth = 0;
    pathNamed.length = 0;
    let named = 0;
    for (;;) {
      let end: number;
      let special = false;
      if (code(p) === DOT && code(p + 1) === DOT) {
        end = p + 2;
        special = true;
        pathDepth++;
      } else if (code(p) === DOT) {
        // "." followed by the ID lookahead is the ID "."; anything else here would be a SEP.
        if (!isIdFollow(code(p + 1))) return FAIL;
        end = p + 1;
        special = true;
      } else {
        end = ident(p);
        if (end === FAIL) return FAIL;
        const word = src.slice(p, end);
        if (KEYWORDS.has(word)) return FAIL;
        special = word === 'this';
        if (!special && collect) pathNamed.push(word);
      }
      if (special ? data || named > 0 : false) return FAIL;
      if (!special) named++;
      p = end;
      const c = code(p);
      // A separator: "/" always; "." only when the lexer would not read an ID ("..", "." + lookahead).
      if (c === SLASH || (c === DOT && code(p + 1) !== DOT && !isIdFollow(code(p + 1)))) {
        p++;
        continue;
      }
      return p;
    }
  };

  let depth = 0;
  const literalEnd = (end: number) => (isLiteralFollow(code(end)) ? end : FAIL);

  /** One parameter: a path, a string, a number, a literal word, or a sub-expression. */
  const param = (p: number): number => {
    paramString = undefined;
    const c = code(p);
    if (c === OPEN_PAREN) {
      // Sub-expressions recurse: a deep pile of "(" is left to Handlebars (whose parser does not
      // recurse) rather than overflow the stack here.
      if (++depth > MAX_DEPTH) return FAIL;
      const q = expression(p, p + 1, false, true);
      depth--;
      paramString = undefined;
      return q !== FAIL && code(q) === CLOSE_PAREN ? q + 1 : FAIL;
    }
    if (c === DQUOTE || c === SQUOTE) {
      let k = p + 1;
      while (k < n && code(k) !== c) {
        if (code(k) === BACKSLASH) return FAIL;
        k++;
      }
      if (k >= n) return FAIL;
      if (recording) paramString = src.slice(p + 1, k);
      return k + 1;
    }
    if (isDigit(c) || (c === MINUS && isDigit(code(p + 1)))) {
      let k = p + 1;
      while (isDigit(code(k))) k++;
      if (code(k) === DOT && isDigit(code(k + 1))) {
        k += 2;
        while (isDigit(code(k))) k++;
      }
      return literalEnd(k);
    }
    if (isIdentStart(c)) {
      const end = ident(p);
      if (end !== FAIL) {
        const word = src.slice(p, end);
        if (word === 'true' || word === 'false' || word === 'null' || word === 'undefined') return literalEnd(end);
      }
    }
    const end = path(p);
    if (end !== FAIL) notePath(p, end);
    return end;
  };

  /** `as |a b|` at p (after whitespace), or FAIL. The names go to lastBlockParams. */
  const blockParams = (p: number): number => {
    if (!(code(p) === 0x61 && code(p + 1) === 0x73 && isSpace(code(p + 2)))) return FAIL;
    p = skipSpace(p + 2);
    if (code(p) !== PIPE) return FAIL;
    p = skipSpace(p + 1);
    const names: string[] = [];
    for (;;) {
      const end = ident(p);
      if (end === FAIL || KEYWORDS.has(src.slice(p, end)) || src.slice(p, end) === 'this') break;
      names.push(src.slice(p, end));
      p = skipSpace(end);
    }
    if (names.length === 0 || code(p) !== PIPE) return FAIL;
    lastBlockParams = names;
    return p + 1;
  };

  /**
   * `param* hash? blockParams?` after a helper's name, ending before the closing `}}`, `~}}` or
   * `)`: the position there, or FAIL. Tokens are separated by whitespace. Counts what it read in
   * argParams, argHash and argFirstString (valid until the next call's arguments are read).
   */
  const args = (p: number, allowBlockParams: boolean): number => {
    let hash = false;
    let params = 0;
    let pairs = 0;
    let firstString: string | undefined;
    const done = (end: number) => {
      argParams = params;
      argHash = pairs;
      argFirstString = firstString;
      return end;
    };
    lastBlockParams = [];
    for (;;) {
      const q = skipSpace(p);
      if (q === p) return done(p);
      p = q;
      const c = code(p);
      if (c === CLOSE_BRACE || c === TILDE || c === CLOSE_PAREN) return done(p);
      if (allowBlockParams && c === 0x61 /* a */ && code(p + 1) === 0x73 && isSpace(code(p + 2))) {
        const end = blockParams(p);
        return end === FAIL ? FAIL : done(skipSpace(end));
      }
      const key = ident(p);
      if (key !== FAIL && code(key) === EQUALS) {
        if (KEYWORDS.has(src.slice(p, key))) return FAIL;
        hash = true;
        pairs++;
        p = param(key + 1);
      } else {
        if (hash) return FAIL;
        p = param(p);
        if (params === 0) firstString = paramString;
        params++;
      }
      if (p === FAIL) return FAIL;
    }
  };

  /**
   * `helperName param* hash? blockParams?` from p (whitespace first allowed); see args(). `at` is
   * where the statement or sub-expression starts (its line is the call's).
   */
  const expression = (at: number, p: number, allowBlockParams: boolean, subExpression = false): number => {
    const start = skipSpace(p);
    const end = path(start);
    if (end === FAIL) return FAIL;
    const call = openCall(at, start, end);
    notePath(start, end);
    const q = args(end, allowBlockParams);
    if (q !== FAIL) settleCall(call, subExpression);
    return q;
  };

  /** `}}` or `~}}` (a plain close); `}}}` right after would lex as another token. */
  const close = (p: number): number => {
    if (code(p) === TILDE) return code(p + 1) === CLOSE_BRACE && code(p + 2) === CLOSE_BRACE ? p + 3 : FAIL;
    return code(p) === CLOSE_BRACE && code(p + 1) === CLOSE_BRACE && code(p + 2) !== CLOSE_BRACE ? p + 2 : FAIL;
  };
  /** `}}}` or `}~}}`, not followed by another `}` (`}}}}` closes a raw block). */
  const closeUnescaped = (p: number): number => {
    if (code(p) !== CLOSE_BRACE) return FAIL;
    return close(p + 1);
  };
  /** A mustache (`{{x}}`, `{{{x}}}`) whose path was `page` and had no params: a page placeholder. */
  const countPage = (start: number) => {
    // argParams is the mustache's own: its args() finished last. path() re-reads the head (`page`, exactly).
    if (recording && argParams === 0 && src.startsWith('page', start) && path(start) === start + 4) pagePlaceholders++;
  };

  // Open blocks: their path as written, and whether their final {{else}} has been seen.
  const blocks: string[] = [];
  const elsed: boolean[] = [];
  let i = 0;
  for (;;) {
    const at = src.indexOf('{{', i);
    if (at < 0) break;
    if (at > 0 && code(at - 1) === BACKSLASH) return undefined; // escaped mustache
    let p = at + 2;
    if (code(p) === OPEN_BRACE && code(p + 1) === OPEN_BRACE) return undefined; // raw block
    if (code(p) === TILDE) p++;
    const c = code(p);
    if (c === BANG) {
      if (code(p + 1) === MINUS && code(p + 2) === MINUS) {
        // `{{!--`: the lexer re-reads from `{{` up to the first `--}}` or `--~}}`.
        const a = src.indexOf('--}}', at);
        const b = src.indexOf('--~}}', at);
        const endA = a < 0 ? Infinity : a + 4;
        const endB = b < 0 ? Infinity : b + 5;
        const end = Math.min(endA, endB);
        if (end === Infinity) return undefined;
        i = end;
      } else {
        const end = src.indexOf('}}', p + 1);
        if (end < 0) return undefined;
        i = end + 2;
      }
      continue;
    }
    let q: number;
    if (c === GT) {
      // {{> name params hash}}: the name is a path or a string. The tree walk of template-refs.ts
      // does not enter partials: nothing here is a fact.
      recording = false;
      const s = skipSpace(p + 1);
      if (code(s) === DQUOTE || code(s) === SQUOTE) {
        const e = param(s);
        if (e === FAIL) return undefined;
        q = args(e, false);
      } else {
        q = expression(at, s, false);
      }
      recording = collect;
      if (q === FAIL) return undefined;
      q = close(q);
    } else if (c === HASH) {
      if (code(p + 1) === GT || code(p + 1) === 0x2a /* * */) return undefined; // partial block, decorator
      const s = skipSpace(p + 1);
      q = expression(at, s, true);
      if (q === FAIL) return undefined;
      const name = path(s);
      q = close(q);
      if (q === FAIL) return undefined;
      blocks.push(src.slice(s, name));
      elsed.push(false);
      scopes.push(lastBlockParams);
    } else if (c === SLASH) {
      const s = skipSpace(p + 1);
      const e = path(s);
      if (e === FAIL || blocks.length === 0 || blocks[blocks.length - 1] !== src.slice(s, e)) return undefined;
      q = close(skipSpace(e));
      blocks.pop();
      elsed.pop();
      scopes.pop();
    } else if (c === OPEN_BRACE) {
      const s = skipSpace(p + 1);
      q = expression(at, s, false);
      if (q === FAIL) return undefined;
      countPage(s);
      q = closeUnescaped(q);
    } else if (c === 0x5e /* ^ */ || c === 0x26 /* & */ || c === 0x2a /* * */) {
      return undefined;
    } else {
      const s = skipSpace(p);
      if (src.startsWith('else', s)) {
        // `{{else}}` (INVERSE) or `{{else helper …}}` (OPEN_INVERSE_CHAIN): only inside a block,
        // and nothing after its final {{else}}. `{{elsewhere}}` lexes as a chain too: not proven.
        const top = blocks.length - 1;
        if (top < 0 || elsed[top]) return undefined;
        // The block's own params end here: the inverse (or the chained call) is outside them.
        scopes[top] = [];
        const e = skipSpace(s + 4);
        const inverse = close(e);
        if (inverse !== FAIL) {
          elsed[top] = true;
          q = inverse;
        } else {
          if (!isSpace(code(s + 4))) return undefined;
          q = expression(at, s + 4, true);
          if (q === FAIL) return undefined;
          q = close(q);
          scopes[top] = lastBlockParams;
        }
      } else {
        q = expression(at, p, false);
        if (q === FAIL) return undefined;
        countPage(s);
        q = close(q);
      }
    }
    if (q === FAIL) return undefined;
    i = q;
  }
  if (blocks.length !== 0) return undefined;
  if (!collect) return { refs: { helpers: [], components: [] }, pagePlaceholders: 0 };
  const helpers = new Map<string, number[]>();
  const components = new Map<string, number[]>();
  for (const call of calls) {
    if (call.kind === 'helper') addLine(helpers, call.name, call.line);
    else if (call.kind === 'component') addLine(components, call.name, call.line);
  }
  const entries = (m: Map<string, number[]>): NameLines => [...m];
  const refs: TemplateRefs = { helpers: entries(helpers), components: entries(components) };
  if (misplaced.size > 0) refs.misplaced = entries(misplaced);
  return { refs, pagePlaceholders };
}
