// Data helpers: building and reading objects and arrays, rendering strings as templates and
// evaluating Losant expressions.
import { evaluateExpression } from '../expression.js';
import { getPath, hashOf, plain, splitArgs, type HelperDeps, type HelperOptions, type HelperSet } from './types.js';

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  const t = typeof v;
  return t === 'number' || t === 'boolean' || t === 'string' || t === 'undefined' ? t : 'object';
}

/** Marks a data frame while `template`/`evalExpression` run: Losant forbids nesting them. */
const NESTED = '_lxpTemplateDepth';

function nestedFrame(deps: HelperDeps, options: HelperOptions, what: string): Record<string, unknown> {
  const data = (options.data ?? {}) as Record<string, unknown>;
  if (data[NESTED]) throw new Error(`${what} cannot be used inside template or evalExpression`);
  const frame = deps.hb.createFrame(data) as Record<string, unknown>;
  frame[NESTED] = 1;
  return frame;
}

/** Helper (and data key) that hands a template's value back to evalExpression. */
const CAPTURE = '_lxpCapture';

/** A Handlebars path such as data.list.[0] or @root.x, usable as a helper parameter. */
const PATH_RE = /^(?:@?[\w$-]+|\.\.?|this)(?:(?:\.|\/)(?:[\w$-]+|\[[^\]]*\]))*$/;

/**
 * Losant expressions embed string templates ({{data.x}} > 5). Each template becomes a variable
 * holding its value — the raw value for a path, the helper's result for a helper call — and
 * the rest is evaluated by the safe expression evaluator.
 */
function evalExpressionString(deps: HelperDeps, source: string, ctx: unknown, data: Record<string, unknown>): unknown {
  const vars: Record<string, unknown> = {};
  let n = 0;
  const expr = source.replace(/\{\{\{?([\s\S]*?)\}?\}\}/g, (_m, inner: string) => {
    const name = `__lxp_v${n++}`;
    const body = inner.trim();
    if (body.startsWith('#') || body.startsWith('/')) throw new Error('block helpers cannot be used inside an expression');
    const isHelperCall = /\s/.test(body) || Object.hasOwn(deps.hb.helpers, body);
    const box: { value?: unknown } = {};
    const frame = deps.hb.createFrame(data) as Record<string, unknown>;
    frame[CAPTURE] = box;
    const src = isHelperCall ? `{{${CAPTURE} (${body})}}` : PATH_RE.test(body) ? `{{${CAPTURE} ${body}}}` : `{{${CAPTURE} (${body})}}`;
    deps.hb.compile(src)(ctx, { data: frame });
    const captured = box.value;
    vars[name] = plain(captured);
    return ` ${name} `;
  });
  return evaluateExpression(expr, vars);
}

export function dataHelpers(deps: HelperDeps): HelperSet {
  return {
    [CAPTURE](...a) {
      const { params, options } = splitArgs(a);
      const box = (options.data as Record<string, unknown> | undefined)?.[CAPTURE] as { value?: unknown } | undefined;
      if (box) box.value = params[0];
      return '';
    },
    // Values are kept as the plain values they stand for: a subexpression's SafeString (from
    // template, say) is its text, so jsonEncode and element's ctx see strings, not wrappers.
    obj: (...a) => Object.fromEntries(Object.entries(hashOf(splitArgs(a).options)).map(([k, v]) => [k, plain(v)])),
    array: (...a) => splitArgs(a).params.map(plain),
    merge: (...a) => Object.assign({}, ...splitArgs(a).params.map(plain).filter((o) => o && typeof o === 'object')),
    last(...a) {
      const v = plain(splitArgs(a).params[0]);
      if (Array.isArray(v) || typeof v === 'string') return v[v.length - 1];
      return undefined;
    },
    valueByKey(...a) {
      const { params } = splitArgs(a);
      const [arr, key] = params.map(plain);
      const keyField = typeof params[2] === 'string' ? params[2] : 'key';
      const valueField = typeof params[3] === 'string' ? params[3] : 'value';
      if (!Array.isArray(arr)) return undefined;
      const hit = arr.find((item) => getPath(item, keyField) === key);
      return hit === undefined ? undefined : getPath(hit, valueField);
    },
    indexByKey(...a) {
      const { params } = splitArgs(a);
      const [arr, value] = params.map(plain);
      const keyPath = typeof params[2] === 'string' ? params[2] : 'key';
      return Array.isArray(arr) ? arr.findIndex((item) => getPath(item, keyPath) === value) : -1;
    },
    typeof: (...a) => typeOf(plain(splitArgs(a).params[0])),
    template(this: unknown, ...a) {
      const { params, options } = splitArgs(a);
      const frame = nestedFrame(deps, options, 'template');
      // Without a context, the template sees the root context (Losant: "defaults to payload"),
      // not the block it stands in.
      const ctx = params.length > 1 ? params[1] : ((options.data as { root?: unknown } | undefined)?.root ?? this);
      const out = deps.hb.compile(String(plain(params[0]) ?? ''))(ctx, { data: frame });
      // Already escaped by the inner template; do not escape twice.
      return new deps.hb.SafeString(out);
    },
    evalExpression(this: unknown, ...a) {
      const { params, options } = splitArgs(a);
      const frame = nestedFrame(deps, options, 'evalExpression');
      const ctx = params.length > 1 ? params[1] : this;
      return evalExpressionString(deps, String(plain(params[0]) ?? ''), ctx, frame);
    },
  };
}
