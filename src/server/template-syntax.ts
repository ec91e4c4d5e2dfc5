// A fast, conservative syntax check for view bodies. Handlebars' own parser (a generated Jison
// lexer that tries each rule's regular expression in turn) costs ~8 µs per mustache, most of a
// create's CPU on the local server. This recognizer accepts only a strict subset of templates —
// text, `{{path params hash}}`, `{{{…}}}`, `{{> partial}}`, comments, `{{#block}}…{{else …}}…
// {{/block}}` with paths, strings, numbers, literals, sub-expressions and block params — and it
// mirrors the lexer's rules (their order, their lookaheads) for everything it accepts, so
// "accepted here ⇒ Handlebars.parseWithoutProcessing accepts" (test/server/template-syntax.test.ts
// checks it against Handlebars over generated and hand-picked tricky templates). Anything else —
// raw blocks, `\{{`, `{{^…}}`, `{{&…}}`, partial blocks, decorators, `[literal]` segments,
// escapes in strings, unusual whitespace, unbalanced or mismatched blocks — answers false and
// goes to Handlebars, whose verdict and error message stand.

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

/**
 * True only when Handlebars is certain to parse `src`; false means "not proven": ask Handlebars.
 */
export function surelyParsesAsHandlebars(src: string): boolean {
  if (src.includes('\0')) return false;
  const n = src.length;
  const code = (i: number) => (i < n ? src.charCodeAt(i) : -1);

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
   * `this` only before any named segment (Handlebars throws "Invalid path" otherwise).
   */
  const path = (p: number): number => {
    const data = code(p) === AT;
    if (data) p++;
    let named = 0;
    for (;;) {
      let end: number;
      let special = false;
      if (code(p) === DOT && code(p + 1) === DOT) {
        end = p + 2;
        special = true;
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
    const c = code(p);
    if (c === OPEN_PAREN) {
      // Sub-expressions recurse: a deep pile of "(" is left to Handlebars (whose parser does not
      // recurse) rather than overflow the stack here.
      if (++depth > MAX_DEPTH) return FAIL;
      const q = expression(p + 1, false);
      depth--;
      return q !== FAIL && code(q) === CLOSE_PAREN ? q + 1 : FAIL;
    }
    if (c === DQUOTE || c === SQUOTE) {
      let k = p + 1;
      while (k < n && code(k) !== c) {
        if (code(k) === BACKSLASH) return FAIL;
        k++;
      }
      return k < n ? k + 1 : FAIL;
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
    return path(p);
  };

  /** `as |a b|` at p (after whitespace), or FAIL. */
  const blockParams = (p: number): number => {
    if (!(code(p) === 0x61 && code(p + 1) === 0x73 && isSpace(code(p + 2)))) return FAIL;
    p = skipSpace(p + 2);
    if (code(p) !== PIPE) return FAIL;
    p = skipSpace(p + 1);
    let count = 0;
    for (;;) {
      const end = ident(p);
      if (end === FAIL || KEYWORDS.has(src.slice(p, end)) || src.slice(p, end) === 'this') break;
      count++;
      p = skipSpace(end);
    }
    return count > 0 && code(p) === PIPE ? p + 1 : FAIL;
  };

  /**
   * `param* hash? blockParams?` after a helper's name, ending before the closing `}}`, `~}}` or
   * `)`: the position there, or FAIL. Tokens are separated by whitespace.
   */
  const args = (p: number, allowBlockParams: boolean): number => {
    let hash = false;
    for (;;) {
      const q = skipSpace(p);
      if (q === p) return p;
      p = q;
      const c = code(p);
      if (c === CLOSE_BRACE || c === TILDE || c === CLOSE_PAREN) return p;
      if (allowBlockParams && c === 0x61 /* a */ && code(p + 1) === 0x73 && isSpace(code(p + 2))) {
        const end = blockParams(p);
        return end === FAIL ? FAIL : skipSpace(end);
      }
      const key = ident(p);
      if (key !== FAIL && code(key) === EQUALS) {
        if (KEYWORDS.has(src.slice(p, key))) return FAIL;
        hash = true;
        p = param(key + 1);
      } else {
        if (hash) return FAIL;
        p = param(p);
      }
      if (p === FAIL) return FAIL;
    }
  };

  /** `helperName param* hash? blockParams?` from p (whitespace first allowed); see args(). */
  const expression = (p: number, allowBlockParams: boolean): number => {
    p = path(skipSpace(p));
    return p === FAIL ? FAIL : args(p, allowBlockParams);
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

  // Open blocks: their path as written, and whether their final {{else}} has been seen.
  const blocks: string[] = [];
  const elsed: boolean[] = [];
  let i = 0;
  for (;;) {
    const at = src.indexOf('{{', i);
    if (at < 0) return blocks.length === 0;
    if (at > 0 && code(at - 1) === BACKSLASH) return false; // escaped mustache
    let p = at + 2;
    if (code(p) === OPEN_BRACE && code(p + 1) === OPEN_BRACE) return false; // raw block
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
        if (end === Infinity) return false;
        i = end;
      } else {
        const end = src.indexOf('}}', p + 1);
        if (end < 0) return false;
        i = end + 2;
      }
      continue;
    }
    let q: number;
    if (c === GT) {
      // {{> name params hash}}: the name is a path or a string.
      const s = skipSpace(p + 1);
      if (code(s) === DQUOTE || code(s) === SQUOTE) {
        const e = param(s);
        if (e === FAIL) return false;
        q = args(e, false);
      } else {
        q = expression(s, false);
      }
      if (q === FAIL) return false;
      q = close(q);
    } else if (c === HASH) {
      if (code(p + 1) === GT || code(p + 1) === 0x2a /* * */) return false; // partial block, decorator
      const s = skipSpace(p + 1);
      const name = path(s);
      q = expression(s, true);
      if (name === FAIL || q === FAIL) return false;
      q = close(q);
      if (q === FAIL) return false;
      blocks.push(src.slice(s, name));
      elsed.push(false);
    } else if (c === SLASH) {
      const s = skipSpace(p + 1);
      const e = path(s);
      if (e === FAIL || blocks.length === 0 || blocks[blocks.length - 1] !== src.slice(s, e)) return false;
      q = close(skipSpace(e));
      blocks.pop();
      elsed.pop();
    } else if (c === OPEN_BRACE) {
      q = expression(p + 1, false);
      if (q === FAIL) return false;
      q = closeUnescaped(q);
    } else if (c === 0x5e /* ^ */ || c === 0x26 /* & */ || c === 0x2a /* * */) {
      return false;
    } else {
      const s = skipSpace(p);
      if (src.startsWith('else', s)) {
        // `{{else}}` (INVERSE) or `{{else helper …}}` (OPEN_INVERSE_CHAIN): only inside a block,
        // and nothing after its final {{else}}. `{{elsewhere}}` lexes as a chain too: not proven.
        const top = blocks.length - 1;
        if (top < 0 || elsed[top]) return false;
        const e = skipSpace(s + 4);
        const inverse = close(e);
        if (inverse !== FAIL) {
          elsed[top] = true;
          q = inverse;
        } else {
          if (!isSpace(code(s + 4))) return false;
          q = expression(s + 4, true);
          if (q === FAIL) return false;
          q = close(q);
        }
      } else {
        q = expression(p, false);
        if (q === FAIL) return false;
        q = close(q);
      }
    }
    if (q === FAIL) return false;
    i = q;
  }
}
