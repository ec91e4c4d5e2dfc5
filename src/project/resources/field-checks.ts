// Checks shared by the readers of endpoints.yaml, groups.yaml and experience.yaml, for what a
// JSON Schema cannot say well: tag keys one by one (with the key in the message), lxp's
// reserved tags, values that JSON cannot hold, secrets written into the folder.
import path from 'node:path';
import type { ValidationIssue } from '../issues.js';
import { codePoints, VIEW_LIMITS } from '../limits.js';
import { isMap, isScalar, isSeq } from 'yaml';
import { exactNumberOf, losesValue, type ExactNumber } from '../exact-number.js';
import { isReservedTag } from './tags.js';
import { fieldOf, lineOf, type Path, type YamlSource } from './yaml-file.js';

/** Losant's rule for every tag key (views, endpoints, groups, users): the one in limits.ts. */
export const TAG_KEY = VIEW_LIMITS.tagKeyPattern;

export function issueAt(src: YamlSource, at: Path, message: string): ValidationIssue {
  const field = fieldOf(at);
  return { file: src.file, line: lineOf(src, at), ...(field ? { field } : {}), message };
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Tags of a record: key syntax, reserved lxp- keys, string values (types and lengths are the schema's). */
export function tagIssues(src: YamlSource, at: Path, tags: unknown, what: string): ValidationIssue[] {
  if (!isMapping(tags)) return [];
  const out: ValidationIssue[] = [];
  for (const k of Object.keys(tags)) {
    if (k === '__proto__') out.push(issueAt(src, [...at, k], 'the tag key "__proto__" is not supported'));
    else if (isReservedTag(k)) out.push(issueAt(src, [...at, k], `tag keys starting with "lxp-" are reserved: lxp marks the ${what} it manages with them`));
    else if (!TAG_KEY.test(k)) out.push(issueAt(src, [...at, k], 'a tag key must be 1–255 letters, digits, "_" or "-"'));
  }
  return out;
}

/** Plain tags with only string values (what the record keeps; the rest was reported). */
export function tagsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMapping(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string' && TAG_KEY.test(k) && !isReservedTag(k)) out[k] = val;
  return out;
}

/** Why a value cannot be stored as JSON, or undefined. */
export function jsonProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${String(value)} cannot be stored as JSON`;
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = jsonProblem(v);
      if (p) return p;
    }
  } else if (isMapping(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') return 'the key "__proto__" is not supported';
      const p = jsonProblem(v);
      if (p) return p;
    }
  }
  return undefined;
}

/** A number of the file that a double cannot hold, where it is, and what it would be sent as. */
export interface InexactNumber {
  path: Path;
  number: ExactNumber;
  /** The double it reads as (what would be stored). */
  readAs: number;
}

/**
 * Numbers under `at` whose text the file gives but a double cannot hold (an integer past 2^53,
 * more significant digits than 17, beyond a double's range): the value sent would not be the one
 * written — nor, after a pull, develop's.
 */
export function inexactNumbers(src: YamlSource, at: Path): InexactNumber[] {
  return numbersAt(src, at).flatMap((n) => (n.source !== undefined && losesValue(n.source) ? [{ path: n.path, number: exactNumberOf(n.source), readAs: n.value }] : []));
}

/** The numbers the file writes under `at` (not through aliases): where, as read, and as written. */
function numbersAt(src: YamlSource, at: Path): Array<{ path: Path; value: number; source?: string }> {
  const out: Array<{ path: Path; value: number; source?: string }> = [];
  const walk = (node: unknown, p: Path): void => {
    if (isScalar(node)) {
      const source = (node as { source?: string }).source;
      if (typeof node.value === 'number') out.push({ path: p, value: node.value, ...(typeof source === 'string' ? { source } : {}) });
    } else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...p, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...p, i]));
    }
  };
  walk(src.doc.getIn(at, true), at);
  return out;
}

/** Why such a number is refused, for its issue: the file says one number and would send another. */
export function inexactNumberProblem(n: InexactNumber): string {
  const what = !Number.isFinite(n.readAs)
    ? `${n.number.text} is beyond the range of a number (it would be sent as null)`
    : Number.isInteger(n.readAs) && /^-?\d+$/.test(n.number.text)
      ? 'this integer has more digits than a number holds'
      : `this number is more precise than a number holds (it would be sent as ${String(n.readAs)})`;
  return `${what}: quote it to keep it as text`;
}

/**
 * The issues of a value the file gives at `at` (a global's value, a device query) that cannot be
 * sent as written, each at its own field and naming the value as the file writes it: numbers a
 * double cannot hold (`lost`, which withExactNumbers keeps exact in the record), then what JSON
 * has no room for (`.inf`, `.nan`, the key "__proto__").
 */
export function valueIssues(src: YamlSource, at: Path, value: unknown): { issues: ValidationIssue[]; lost: InexactNumber[] } {
  const lost = inexactNumbers(src, at);
  if (lost.length > 0) return { issues: lost.map((n) => issueAt(src, n.path, inexactNumberProblem(n))), lost };
  const issues = numbersAt(src, at)
    .filter((n) => !Number.isFinite(n.value))
    .map((n) => issueAt(src, n.path, `${n.source ?? String(n.value)} cannot be stored as JSON, which has no infinity or NaN: quote it to keep it as text`));
  if (issues.length > 0) return { issues, lost };
  // What the walk cannot see (a value reached through an alias, a "__proto__" key).
  const problem = jsonProblem(value);
  return { issues: problem ? [issueAt(src, at, problem)] : [], lost };
}

/**
 * `value` (the file's value at `at`) with its inexact numbers as ExactNumbers: the record then
 * says exactly what the file says, so that it never compares equal to another number.
 */
export function withExactNumbers(value: unknown, at: Path, found: readonly InexactNumber[]): unknown {
  if (found.length === 0) return value;
  const set = (v: unknown, rest: Path, n: ExactNumber): unknown => {
    if (rest.length === 0) return n;
    const [k, ...more] = rest;
    if (Array.isArray(v)) return v.map((x, i) => (i === k ? set(x, more, n) : x));
    if (isMapping(v)) return { ...v, [k]: set(v[k as string], more, n) };
    return v;
  };
  return found.reduce((v, f) => set(v, f.path.slice(at.length), f.number), value);
}

/** Paths of strings holding a PEM block (a certificate or key pasted into the folder). */
export function pemPaths(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'string') return /-----BEGIN [A-Z ]+-----/.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pemPaths(v, [...at, i]));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => pemPaths(v, [...at, k]));
  return [];
}

/** Whether `file` (relative to `dir`, or absolute) lands inside the experience folder. */
export function isInsideFolder(file: string, dir: string | undefined): boolean {
  const base = dir ?? '/experience-folder';
  const rel = path.relative(path.resolve(base), path.resolve(base, file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export { codePoints };
