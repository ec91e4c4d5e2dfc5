// Where things are: the built CLI and library (bench runs against dist/, like a user would).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'lxp.js');
export const DIST = path.join(ROOT, 'dist');

/** Dynamic import of a module of dist/ (e.g. 'index.js'). */
export function fromDist(rel) {
  return import(new URL(`file://${path.join(DIST, rel)}`).href);
}
