// The brief's structure rules, checked on every run: layers only look down
// (project/, config/ → api/, render/, server/ → sync/ → watch/, release/, preview/, import/, people/ → cli/ →
// index.ts) and no module circles. See ./import-graph.ts for how imports are read.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importsOf, readGraph, upwardImports, type ImportGraph } from './import-graph.js';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');

describe('src/ import graph', () => {
  const graph = readGraph(SRC);

  it('reads the imports of every module', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')?.has('cli/commands/deploy.ts')).toBe(true); // a dynamic import
    expect(graph.get('index.ts')?.has('sync/index.ts')).toBe(true);
  });

  it('no module imports from a higher layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('no module circles', () => {
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the checker itself', () => {
  const g = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

  it('finds static, type, re-export and dynamic imports, not comments or packages', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      'import {\n  c,\n  d,\n} from "./c.js";',
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './side-effect.js';",
      "const m = await import('../m.js');",
      "// import { x } from './commented.js';",
      "import got from 'got';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b/b.js', '../m.js', './a.js', './c.js', './e.js', './f.js', './side-effect.js'].sort());
  });

  it('reports an import from a higher layer', () => {
    expect(upwardImports(g({ 'sync/run.ts': ['cli/exit-codes.ts'], 'cli/exit-codes.ts': [] }))).toEqual(['sync/run.ts → cli/exit-codes.ts']);
    expect(upwardImports(g({ 'cli/main.ts': ['sync/run.ts'], 'sync/run.ts': ['project/load.ts'], 'project/load.ts': [] }))).toEqual([]);
  });

  it('reports a circle, however long', () => {
    expect(cycles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(cycles(g({ a: ['a'] }))).toEqual([['a']]);
    expect(cycles(g({ a: ['b'], b: [] }))).toEqual([]);
  });
});
