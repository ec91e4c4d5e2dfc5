// A small, safe evaluator for Losant "expressions" (the language of the Conditional node and
// of the `evalExpression` helper): JavaScript-like operators, a few keywords and Math
// functions, and nothing else. It never calls eval/Function and cannot reach any object
// other than the values it is given, which is why it is hand-written: no maintained
// library installed here speaks exactly this dialect (`^` is exponentiation, `===` exists).
//
// Grammar, lowest precedence first:
//   or: and ('||' and)*          and: eq ('&&' eq)*
//   eq: rel (('=='|'!='|'==='|'!==') rel)*     rel: shift (('<'|'>'|'<='|'>=') shift)*
//   shift: add (('<<'|'>>') add)*              add: mul (('+'|'-') mul)*
//   mul: pow (('*'|'/'|'%') pow)*              pow: unary ('^' pow)?   (right-assoc)
//   unary: ('!'|'-'|'+') unary | call          call: IDENT '(' args ')' | primary
//   primary: NUMBER | STRING | IDENT | '(' or ')'

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'id'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<<', '>>', '+', '-', '*', '/', '%', '^', '<', '>', '!', '(', ')', ','];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const n = src[j + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new ExpressionError('unterminated string', i);
      out.push({ kind: 'str', value: s, pos: i });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', value: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}"`, i);
    out.push({ kind: 'op', value: op, pos: i });
    i += op.length;
  }
  out.push({ kind: 'end', pos: src.length });
  return out;
}

function length(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

function includes(coll: unknown, value: unknown): boolean {
  if (typeof coll === 'string') return coll.includes(String(value));
  if (Array.isArray(coll)) return coll.includes(value);
  if (coll && typeof coll === 'object') return Object.values(coll).includes(value);
  return false;
}

const num = (f: (...n: number[]) => number) => (...a: unknown[]) => f(...a.map(Number));

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  sin: num(Math.sin), cos: num(Math.cos), tan: num(Math.tan),
  asin: num(Math.asin), acos: num(Math.acos), atan: num(Math.atan),
  sinh: num(Math.sinh), cosh: num(Math.cosh), tanh: num(Math.tanh),
  asinh: num(Math.asinh), acosh: num(Math.acosh), atanh: num(Math.atanh),
  atan2: num(Math.atan2), sqrt: num(Math.sqrt), log: num(Math.log), log10: num(Math.log10),
  abs: num(Math.abs), ceil: num(Math.ceil), floor: num(Math.floor), round: num(Math.round),
  trunc: num(Math.trunc), exp: num(Math.exp), pow: num(Math.pow), max: num(Math.max), min: num(Math.min),
  length: (v) => length(v),
  includes: (c, v) => includes(c, v),
};

const KEYWORDS: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined, E: Math.E, PI: Math.PI };

/* eslint-disable @typescript-eslint/no-explicit-any */
function binary(op: string, a: any, b: any): unknown {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '^': return Math.pow(a, b);
    case '==': return a == b;
    case '!=': return a != b;
    case '===': return a === b;
    case '!==': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    case '<<': return a << b;
    case '>>': return a >> b;
  }
  throw new Error(`unknown operator ${op}`);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const LEVELS: string[][] = [['==', '!=', '===', '!=='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/**
 * Evaluates `src`. Identifiers that are not keywords or functions are looked up in `vars`
 * (own properties only); an unknown identifier is an error, not undefined, so typos show.
 */
export function evaluateExpression(src: string, vars: Record<string, unknown> = {}): unknown {
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p];
  const isOp = (v: string) => {
    const t = tokens[p];
    return t.kind === 'op' && t.value === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`, tokens[p].pos);
    p++;
  };

  function or(): unknown {
    let left = and();
    while (isOp('||')) {
      p++;
      const right = and();
      // Losant's expressions answer booleans: `true || 0` is true, `true && 0` is false.
      left = Boolean(left) || Boolean(right);
    }
    return left;
  }
  function and(): unknown {
    let left = level(0);
    while (isOp('&&')) {
      p++;
      const right = level(0);
      left = Boolean(left) && Boolean(right);
    }
    return left;
  }
  function level(n: number): unknown {
    if (n === LEVELS.length) return pow();
    let left = level(n + 1);
    for (;;) {
      const t = peek();
      if (t.kind !== 'op' || !LEVELS[n].includes(t.value)) return left;
      p++;
      left = binary(t.value, left, level(n + 1));
    }
  }
  function pow(): unknown {
    const base = unary();
    if (isOp('^')) {
      p++;
      return binary('^', base, pow());
    }
    return base;
  }
  function unary(): unknown {
    if (isOp('!')) {
      p++;
      return !unary();
    }
    if (isOp('-')) {
      p++;
      return -(unary() as number);
    }
    if (isOp('+')) {
      p++;
      return +(unary() as number);
    }
    return primary();
  }
  function primary(): unknown {
    const t = peek();
    if (t.kind === 'num' || t.kind === 'str') {
      p++;
      return t.value;
    }
    if (t.kind === 'id') {
      p++;
      if (isOp('(')) {
        const fn = Object.hasOwn(FUNCTIONS, t.value) ? FUNCTIONS[t.value] : undefined;
        if (!fn) throw new ExpressionError(`unknown function "${t.value}"`, t.pos);
        p++;
        const args: unknown[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            p++;
            args.push(or());
          }
        }
        expect(')');
        return fn(...args);
      }
      if (Object.hasOwn(KEYWORDS, t.value)) return KEYWORDS[t.value];
      if (Object.hasOwn(vars, t.value)) return vars[t.value];
      throw new ExpressionError(`unknown name "${t.value}"`, t.pos);
    }
    if (isOp('(')) {
      p++;
      const v = or();
      expect(')');
      return v;
    }
    throw new ExpressionError(t.kind === 'end' ? 'unexpected end of expression' : `unexpected "${(t as { value: unknown }).value}"`, t.pos);
  }

  const result = or();
  if (peek().kind !== 'end') throw new ExpressionError(`unexpected "${(peek() as { value: unknown }).value}"`, peek().pos);
  return result;
}
