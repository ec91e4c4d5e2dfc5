// The Losant view renderer, pure (no I/O): a page rendered inside its layout with Losant's
// helper set, components, sections and the root context. One isolated Handlebars
// environment per renderer (Handlebars.create()), so helpers never leak into other code
// using Handlebars; each view body is compiled once and reused until it changes.
import Handlebars from 'handlebars';
import { viewKey, type LocalView } from '../project/view.js';
import { buildRootContext, DEFAULT_APPLICATION, type RootContext } from './context.js';
import { RenderError } from './errors.js';
import { losantHelpers } from './helpers/index.js';
import { plain, splitArgs, type Helper, type HelperOptions } from './helpers/types.js';

/**
 * A view plus, optionally, where things sit in its file (1-based lines): the body's first line
 * (after front matter) and the `layout:` field, so errors point at the file's own lines.
 */
export type RenderView = LocalView & { bodyLine?: number; layoutLine?: number };

export interface RendererOptions {
  application?: { id: string; name: string };
  /** The clock behind `time`, `currentDateTime` and `formatDateRelative`. */
  now?: () => Date;
}

export interface RenderResult {
  body: string;
  contentType: string;
}

export interface RenderOptions {
  /**
   * The context is the whole root context, exactly as the caller built it (the experience
   * runtime); only experience.page and experience.layout are filled in. Without it, the
   * context is merged over the preview's sample context.
   */
  exactContext?: boolean;
  /** Render in this layout instead of the page's own (an Endpoint Reply may override it); null = none. */
  layout?: string | null;
}

export interface Renderer {
  render(pageName: string, ctx?: Partial<RootContext> | Record<string, unknown>, options?: RenderOptions): RenderResult;
  /** Replaces the views; compiled templates of unchanged bodies are kept. */
  update(views: readonly RenderView[]): void;
  readonly views: readonly RenderView[];
}

/** Content type of a page without one: what Losant sends for HTML pages. */
export const DEFAULT_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Deeper than this, a component is assumed to render itself forever. */
const MAX_COMPONENT_DEPTH = 64;

/** Per-render state, carried in the Handlebars data frame so it reaches every helper. */
interface RenderState {
  phase: 'page' | 'layout';
  fills: Map<string, string>;
  pageOutput: string;
  stack: RenderView[];
}
const STATE = '_lxpRender';

function stateOf(options: HelperOptions | undefined): RenderState | undefined {
  return (options?.data as Record<string, unknown> | undefined)?.[STATE] as RenderState | undefined;
}

function fileLine(view: RenderView, bodyLine: number | undefined): number | undefined {
  return bodyLine === undefined ? undefined : (view.bodyLine ?? 1) + bodyLine - 1;
}

function errorFor(view: RenderView | undefined, message: string, bodyLine?: number, column?: number): RenderError {
  return new RenderError(message, {
    view: view?.name,
    viewType: view?.viewType,
    file: view?.file,
    line: view ? fileLine(view, bodyLine) : undefined,
    column,
  });
}

/** Any error thrown while a view runs, as a RenderError that names the view and (if known) line. */
function asRenderError(err: unknown, view: RenderView | undefined): RenderError {
  if (err instanceof RenderError) return err;
  const e = err as Error & { lineNumber?: number; column?: number };
  let line = typeof e.lineNumber === 'number' ? e.lineNumber : undefined;
  if (line === undefined) {
    const m = /on line (\d+)/.exec(e.message ?? '');
    if (m) line = Number(m[1]);
  }
  const error = errorFor(view, e.message ?? String(err), line, e.column);
  // Handlebars counts lines from the start of the body; the message must agree with the file
  // line the error names (front matter included), so its line numbers are rewritten.
  if (line !== undefined && error.line !== undefined && error.line !== line) {
    const fixed = error.message
      .replace(/\bon line \d+/, `on line ${error.line}`)
      .replace(/ - \d+:(\d+)$/, ` - ${error.line}:$1`);
    return new RenderError(fixed, { view: error.view, viewType: error.viewType, file: error.file, line: error.line, column: error.column });
  }
  return error;
}

export function createRenderer(initialViews: readonly RenderView[], opts: RendererOptions = {}): Renderer {
  const hb = Handlebars.create();
  const now = opts.now ?? (() => new Date());
  const application = opts.application ?? DEFAULT_APPLICATION;

  let views: readonly RenderView[] = [];
  const byKey = new Map<string, RenderView>();
  let compiled = new Map<string, { body: string; fn: HandlebarsTemplateDelegate }>();

  function template(view: RenderView): HandlebarsTemplateDelegate {
    const key = viewKey(view);
    const hit = compiled.get(key);
    if (hit && hit.body === view.body) return hit.fn;
    try {
      hb.parse(view.body); // compile() is lazy: parse now so syntax errors surface here, with their line
    } catch (err) {
      throw asRenderError(err, view);
    }
    const fn = hb.compile(view.body);
    compiled.set(key, { body: view.body, fn });
    return fn;
  }

  function run(view: RenderView, ctx: unknown, data: Record<string, unknown>, state: RenderState): string {
    const fn = template(view);
    state.stack.push(view);
    try {
      return fn(ctx, { data });
    } catch (err) {
      throw asRenderError(err, view);
    } finally {
      state.stack.pop();
    }
  }

  /** Wraps a helper so that what it throws names the view and line it was called from. */
  function located(name: string, fn: Helper): Helper {
    return function (this: unknown, ...args: unknown[]) {
      try {
        return fn.apply(this, args);
      } catch (err) {
        if (err instanceof RenderError) throw err;
        const options = args[args.length - 1] as HelperOptions | undefined;
        const view = stateOf(options)?.stack.at(-1);
        const loc = options?.loc?.start;
        const prefix = name === 'helperMissing' ? '' : `${name}: `;
        throw errorFor(view, prefix + (err as Error).message, loc?.line, loc?.column);
      }
    };
  }

  const viewHelpers: Record<string, Helper> = {
    page(...args) {
      const state = stateOf(splitArgs(args).options);
      return state?.phase === 'layout' ? new hb.SafeString(state.pageOutput) : '';
    },
    section(this: unknown, ...args) {
      const { params, options } = splitArgs(args);
      const fill = stateOf(options)?.fills.get(String(plain(params[0])));
      if (fill !== undefined) return new hb.SafeString(fill);
      return typeof options.fn === 'function' ? new hb.SafeString(options.fn(this)) : '';
    },
    // Collected while the page (and the components it renders) runs; removed from where it
    // stands; the last fill wins. Fills met while the layout runs come too late: ignored.
    fillSection(this: unknown, ...args) {
      const { params, options } = splitArgs(args);
      const state = stateOf(options);
      if (state?.phase === 'page') state.fills.set(String(plain(params[0])), typeof options.fn === 'function' ? options.fn(this) : '');
      return '';
    },
    component(this: unknown, ...args) {
      const { params, options } = splitArgs(args);
      const state = stateOf(options);
      const view = byKey.get(viewKey({ viewType: 'component', name: String(plain(params[0])) }));
      if (!view || !state) return ''; // Losant renders a missing component as empty text
      if (state.stack.length > MAX_COMPONENT_DEPTH) throw new Error(`components nested more than ${MAX_COMPONENT_DEPTH} deep (does "${view.name}" render itself?)`);
      const ctx = params.length > 1 ? params[1] : this;
      // A child frame of the caller's data: @root stays the page's root context. Hash arguments
      // reach the component as @args (Losant: "Passing Custom Arguments"); a component called
      // without any gets an empty @args, never its caller's.
      const data = hb.createFrame(options.data ?? {}) as Record<string, unknown>;
      data.args = { ...(options.hash ?? {}) };
      return new hb.SafeString(run(view, ctx, data, state));
    },
    helperMissing(...args) {
      const { params, options } = splitArgs(args);
      if (params.length === 0) return undefined;
      throw new Error(`missing helper "${(options as unknown as { name: string }).name}"`);
    },
  };

  const all: Record<string, Helper> = { ...losantHelpers({ hb, now, application }), ...viewHelpers };
  for (const [name, fn] of Object.entries(all)) hb.registerHelper(name, located(name, fn) as Handlebars.HelperDelegate);

  function update(next: readonly RenderView[]): void {
    views = [...next];
    byKey.clear();
    for (const v of views) byKey.set(viewKey(v), v);
    const kept = new Map<string, { body: string; fn: HandlebarsTemplateDelegate }>();
    for (const [k, c] of compiled) if (byKey.get(k)?.body === c.body) kept.set(k, c);
    compiled = kept;
  }
  update(initialViews);

  return {
    get views() {
      return views;
    },
    update,
    render(pageName, ctx = {}, options = {}) {
      const page = byKey.get(viewKey({ viewType: 'page', name: pageName }));
      if (!page) throw new RenderError(`no page named "${pageName}"`, { view: pageName, viewType: 'page' });
      let layout: RenderView | undefined;
      const layoutName = options.layout === undefined ? page.layout : options.layout;
      if (layoutName) {
        layout = byKey.get(viewKey({ viewType: 'layout', name: layoutName }));
        if (!layout) {
          const why = options.layout === undefined ? `page "${page.name}" names it` : 'the reply names it';
          throw new RenderError(`layout "${layoutName}" not found (${why})`, {
            view: page.name,
            viewType: 'page',
            file: page.file,
            line: options.layout === undefined ? page.layoutLine : undefined,
          });
        }
      }
      const summary = (v: RenderView) => {
        const id = (v as { id?: string }).id;
        return { ...(id ? { id } : {}), name: v.name, description: v.description, viewTags: { ...v.tags } };
      };
      const root: RootContext = options.exactContext
        ? ({ ...ctx, experience: { ...(ctx as RootContext).experience, page: summary(page), layout: layout ? summary(layout) : null } } as RootContext)
        : buildRootContext({ application, now: now(), pageName: page.name, page: summary(page), layout: layout ? summary(layout) : null }, ctx);
      const state: RenderState = { phase: 'page', fills: new Map(), pageOutput: '', stack: [] };
      const pageOutput = run(page, root, { root, [STATE]: state }, state);
      let body = pageOutput;
      if (layout) {
        state.phase = 'layout';
        state.pageOutput = pageOutput;
        body = run(layout, root, { root, [STATE]: state }, state);
      }
      return { body, contentType: page.contentType ?? DEFAULT_CONTENT_TYPE };
    },
  };
}
