// View names ⇄ file paths. A view's identity is (viewType, name); its file is where a person
// finds it. Most names map to the obvious file ("admin/users" → pages/admin/users.hbs). Names
// that cannot be file names everywhere (Windows, macOS, Linux) — or that would escape the type
// folder, or collide with another file on a case-insensitive disk — get a flat, stable,
// escaped name in the type folder instead, and keep their exact name in front matter.
import { createHash } from 'node:crypto';
import { VIEW_TYPE_FOLDERS, VIEW_TYPES, type ViewType } from './view.js';

export const VIEW_EXTENSION = '.hbs';

/** Longest safe segment, in UTF-8 bytes: leaves room for ".hbs" and escape suffixes under 255. */
const MAX_SEGMENT_BYTES = 200;
/** Longest name used as a path, in UTF-8 bytes: keeps whole paths well under every OS limit. */
const MAX_NAME_BYTES = 400;
/** Longest readable prefix kept in an escaped file name, in code points. */
const ESCAPED_PREFIX_MAX = 40;

// \ : * ? " < > | and control characters are refused by Windows (and \ : by other tools).
const FORBIDDEN_CHARS = /[\\:*?"<>|\u0000-\u001f\u007f]/;
const FORBIDDEN_CHARS_GLOBAL = /[\\:*?"<>|\u0000-\u001f\u007f/]/g;
// CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript digits Windows also reserves), with
// or without an extension: "con.hbs" and "nul.txt.hbs" are both unusable on Windows.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/**
 * What an escaped file name ends with. A safe name whose last segment looks like this is
 * escaped too, so a safe name can never take the file an escaped name would get.
 */
const ESCAPED_SUFFIX = /~[0-9a-f]{8}(-[0-9]+)?$/;

/** The key that decides whether two paths are one file on a case-insensitive disk. */
export function fileKey(file: string): string {
  return file.normalize('NFC').toLowerCase();
}

function isSafeSegment(segment: string, isLast: boolean): boolean {
  if (segment === '' || segment.startsWith('.')) return false; // hidden, ".", ".." and empty
  if (FORBIDDEN_CHARS.test(segment)) return false;
  if (/[. ]$/.test(segment) || /^\s/.test(segment)) return false; // Windows strips trailing dots/spaces
  if (WINDOWS_RESERVED.test(segment)) return false;
  if (segment !== segment.normalize('NFC')) return false; // macOS would give it back in another form
  if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) return false;
  if (/[\u{d800}-\u{dfff}]/u.test(segment)) return false; // a lone surrogate cannot be written as UTF-8
  if (!isLast && fileKey(segment).endsWith(VIEW_EXTENSION)) return false; // a folder never looks like a view file
  if (isLast && ESCAPED_SUFFIX.test(segment)) return false;
  return true;
}

/** True when a name can be used as it is: its "/"-separated segments become folders. */
export function isSafeName(name: string): boolean {
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return false;
  const segments = name.split('/');
  return segments.every((s, i) => isSafeSegment(s, i === segments.length - 1));
}

function shortHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
}

/** A readable, safe prefix for an escaped file name: unsafe characters become "_". */
function readablePrefix(name: string): string {
  let s = name
    .replace(/[\u{d800}-\u{dfff}]/gu, '_')
    .normalize('NFC')
    .replace(FORBIDDEN_CHARS_GLOBAL, '_');
  s = [...s].slice(0, ESCAPED_PREFIX_MAX).join('');
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (s === '' || WINDOWS_RESERVED.test(s)) s = `view${s === '' ? '' : `_${s}`}`;
  return s;
}

/**
 * The file (relative to the experience folder, forward slashes) for a view. Deterministic: the
 * same name and the same `taken` set give the same file. `taken` holds the files already used,
 * compared with fileKey() (lower-cased; pass lower-cased paths). The result is never outside
 * the type folder and never equal, but for case, to a taken path.
 */
export function fileForView(viewType: ViewType, name: string, taken: Set<string>): string {
  const folder = VIEW_TYPE_FOLDERS[viewType];
  if (!folder) throw new Error(`unknown view type ${JSON.stringify(viewType)}`);
  const isTaken = (f: string) => taken.has(fileKey(f)) || taken.has(f.toLowerCase());
  if (isSafeName(name)) {
    const plain = `${folder}/${name}${VIEW_EXTENSION}`;
    if (!isTaken(plain)) return plain;
  }
  const base = `${folder}/${readablePrefix(name)}~${shortHash(name)}`;
  let candidate = `${base}${VIEW_EXTENSION}`;
  for (let n = 2; isTaken(candidate); n++) candidate = `${base}-${n}${VIEW_EXTENSION}`;
  return candidate;
}

/** The view type of a file from its top folder, or undefined when it is not in a type folder. */
export function viewTypeForFile(file: string): ViewType | undefined {
  const top = file.split('/')[0];
  return VIEW_TYPES.find((t) => VIEW_TYPE_FOLDERS[t] === top);
}

/**
 * The name a view file has when its front matter does not name one: its path inside its type
 * folder, without ".hbs" ("pages/admin/users.hbs" → "admin/users").
 */
export function defaultNameForFile(file: string): string {
  const slash = file.indexOf('/');
  const inner = slash === -1 ? file : file.slice(slash + 1);
  return inner.endsWith(VIEW_EXTENSION) ? inner.slice(0, -VIEW_EXTENSION.length) : inner;
}
