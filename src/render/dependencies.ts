// Which views a view uses, found by reading its Handlebars syntax tree (no rendering): the
// components it names with a literal ({{component "header"}}) and whether it names one with
// an expression (then any component may be used). The preview's index page and its live
// reload (re-render a page when a file it depends on changes) both read this.
import Handlebars from 'handlebars';
import { viewKey, type LocalView } from '../project/view.js';

export interface ViewRefs {
  components: string[];
  /** True when some {{component expr}} names its component with an expression. */
  dynamic: boolean;
}

interface Node {
  type?: string;
  path?: { original?: unknown };
  params?: Array<{ type?: string; value?: unknown }>;
}

export function referencesOf(body: string): ViewRefs {
  const names = new Set<string>();
  let dynamic = false;
  let ast: unknown;
  try {
    ast = Handlebars.parse(body);
  } catch {
    return { components: [], dynamic: false };
  }
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const node = n as Node;
    if ((node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement') && node.path?.original === 'component') {
      const first = node.params?.[0];
      if (first && first.type === 'StringLiteral') names.add(String(first.value));
      else dynamic = true;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && v && typeof v === 'object') walk(v);
  };
  walk(ast);
  return { components: [...names].sort(), dynamic };
}

export interface PageGraph {
  page: LocalView;
  layout: LocalView | null;
  /** The layout the page names but that does not exist. */
  missingLayout: string | null;
  /** Components the page (and its layout) render, directly or through other components. */
  components: string[];
  /** Names used but without a component (render as empty text). */
  missingComponents: string[];
  dynamic: boolean;
  /** Files whose change changes this page's output. */
  files: string[];
}

export interface ProjectGraph {
  pages: PageGraph[];
  /** For each component name: keys ("page:home", "layout:main", "component:nav") of the views naming it. */
  componentUsers: Map<string, string[]>;
  /** For each layout name: the pages that use it. */
  layoutUsers: Map<string, string[]>;
  refs: Map<string, ViewRefs>;
}

export function buildGraph(views: readonly LocalView[]): ProjectGraph {
  const refs = new Map<string, ViewRefs>();
  for (const v of views) refs.set(viewKey(v), referencesOf(v.body));
  const byKey = new Map(views.map((v) => [viewKey(v), v]));
  const components = views.filter((v) => v.viewType === 'component');

  const componentUsers = new Map<string, string[]>();
  for (const v of views) {
    for (const c of refs.get(viewKey(v))!.components) {
      if (!componentUsers.has(c)) componentUsers.set(c, []);
      componentUsers.get(c)!.push(viewKey(v));
    }
  }
  const layoutUsers = new Map<string, string[]>();
  for (const p of views) {
    if (p.viewType !== 'page' || !p.layout) continue;
    if (!layoutUsers.has(p.layout)) layoutUsers.set(p.layout, []);
    layoutUsers.get(p.layout)!.push(p.name);
  }

  const pages: PageGraph[] = views
    .filter((v) => v.viewType === 'page')
    .map((page) => {
      const layout = page.layout ? byKey.get(viewKey({ viewType: 'layout', name: page.layout })) ?? null : null;
      const seen = new Set<string>();
      const missing = new Set<string>();
      let dynamic = false;
      const queue: LocalView[] = layout ? [page, layout] : [page];
      while (queue.length) {
        const v = queue.shift()!;
        const r = refs.get(viewKey(v))!;
        dynamic ||= r.dynamic;
        for (const name of r.components) {
          if (seen.has(name) || missing.has(name)) continue;
          const c = byKey.get(viewKey({ viewType: 'component', name }));
          if (c) {
            seen.add(name);
            queue.push(c);
          } else missing.add(name);
        }
      }
      const files = new Set<string>([page.file]);
      if (layout) files.add(layout.file);
      for (const c of components) if (dynamic || seen.has(c.name)) files.add(c.file);
      return {
        page,
        layout,
        missingLayout: page.layout && !layout ? page.layout : null,
        components: [...seen].sort(),
        missingComponents: [...missing].sort(),
        dynamic,
        files: [...files],
      };
    });
  return { pages, componentUsers, layoutUsers, refs };
}
