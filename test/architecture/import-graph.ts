// A small import-graph checker for src/ (why not dependency-cruiser or madge: both parse
// TypeScript through the `typescript` package's JavaScript API, which TypeScript 7 — the native
// compiler this project builds with — no longer ships). Reads every relative import of every
// module — static, `import type`, `export … from` and dynamic `import('…')` alike, since a type
// import is a dependency on the module's design too — and checks two rules of the brief:
// layers only look down, and there is no circle.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Module (path relative to src/, posix) → modules it imports (same form). */
export type ImportGraph = Map<string, Set<string>>;

// Statement-level imports and re-exports (never inside a line comment: they start a line), and
// dynamic imports anywhere. Import clauses hold no `;`, so a match never runs into the next statement.
const STATIC = /^\s*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const BARE = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

/** The relative specifiers a module's text imports. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const re of [STATIC, BARE, DYNAMIC]) for (const m of text.matchAll(re)) if (m[1].startsWith('.')) out.push(m[1]);
  return out;
}

function listTs(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listTs(dir, r));
    else if (/\.c?ts$/.test(e.name) && !/\.d\.c?ts$/.test(e.name)) out.push(r);
  }
  return out;
}

/** The graph of src/. A specifier with a template expression (`./commands/${name}.js`) is resolved against every module it can match. */
export function readGraph(srcDir: string): ImportGraph {
  const files = listTs(srcDir);
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const deps = new Set<string>();
    for (const spec of importsOf(readFileSync(path.join(srcDir, file), 'utf8'))) {
      // `./x.js` is x.ts; `./x.cjs` is x.cts (a CommonJS module, as bin/lxp.js requires one).
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(c?)js$/, '.$1ts');
      if (target.includes('${')) {
        const re = new RegExp(`^${target.split(/\$\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
        for (const f of files) if (re.test(f)) deps.add(f);
      } else if (known.has(target)) deps.add(target);
      else if (known.has(target.replace(/\.ts$/, '/index.ts'))) deps.add(target.replace(/\.ts$/, '/index.ts'));
      else throw new Error(`${file}: cannot resolve import "${spec}"`);
    }
    graph.set(file, deps);
  }
  return graph;
}

/**
 * The layers of src/, lowest first (docs/architecture.md): a module may import from its own
 * layer or a lower one, never a higher one.
 */
export const LAYERS: string[][] = [
  ['project', 'config', 'routing'],
  ['api', 'render', 'runtime', 'server'],
  ['sync'],
  ['watch', 'release', 'preview', 'import', 'people'],
  ['cli'],
  ['index.ts'],
];

export function layerOf(file: string): number {
  const top = file.split('/')[0];
  const i = LAYERS.findIndex((l) => l.includes(top));
  if (i < 0) throw new Error(`${file}: in no layer (add its folder to LAYERS)`);
  return i;
}

/** Imports that point at a higher layer, as "from → to". */
export function upwardImports(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) for (const to of deps) if (layerOf(to) > layerOf(from)) out.push(`${from} → ${to}`);
  return out.sort();
}

/** Every circle (strongly connected component of more than one module, or a module importing itself), each sorted. */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
