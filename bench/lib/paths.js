// Where things are: the built CLI and library (bench runs against dist/, like a user would).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** LXP_BENCH_ROOT measures another build (e.g. main's worktree) with these cases, for before/after runs side by side. */
export const ROOT = process.env.LXP_BENCH_ROOT ? path.resolve(process.env.LXP_BENCH_ROOT) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'lxp.js');
export const DIST = path.join(ROOT, 'dist');

/** Dynamic import of a module of dist/ (e.g. 'index.js'). */
export function fromDist(rel) {
  return import(new URL(`file://${path.join(DIST, rel)}`).href);
}
