// What `lxp import` reads from: a folder or a .zip, seen the same way — a list of entries by
// relative POSIX path and a way to read one. Everything in it is untrusted: a zip entry whose
// path would leave the folder it is extracted into (`../`, an absolute path, a drive letter, a
// backslash) or that is a symbolic link refuses the whole zip before anything is read, and a
// folder's files are read only when they are plain files inside it (never through a symlink).
import { formatIssue, type ValidationIssue } from '../project/issues.js';
import { LxpError } from '../sync/errors.js';

export type EntryKind = 'file' | 'dir' | 'symlink';

export interface SourceEntry {
  /** Relative POSIX path, no trailing slash. */
  path: string;
  kind: EntryKind;
  /** Bytes (files; 0 for folders and links). */
  size: number;
}

export interface Source {
  /** What the user named (as given), for messages. */
  readonly label: string;
  readonly format: 'folder' | 'zip';
  /** Absolute path of the folder or the zip file. */
  readonly location: string;
  /** Every entry by path; folders implied by a file's path are listed too. */
  readonly entries: ReadonlyMap<string, SourceEntry>;
  /** A folder source: the folder being written, when it is inside the source and so left unread (its path in the source). */
  readonly skipped?: string;
  /** The bytes of a file entry; refuses anything that is not a plain file of the source. */
  read(file: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** A file the import reads is at most this big (a view body is at most 131072 characters). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** A source that cannot be read as an export or workspace: invalid input, exit 2, nothing written. */
export class SourceError extends LxpError {
  override name = 'SourceError';
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    // Text output prints the message alone: it lists every problem, as file:line (field): message.
    super('invalid-source', issues.length === 0 ? message : `${message}:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
  /** At the top of the --json envelope, as `issues` is for a deploy's invalid folder and for a finished import. */
  override data(): Record<string, unknown> {
    return this.issues.length > 0 ? { issues: this.issues } : {};
  }
}

/** Adds the folders above `file` to `entries`. */
export function addParents(entries: Map<string, SourceEntry>, file: string): void {
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (!entries.has(dir)) entries.set(dir, { path: dir, kind: 'dir', size: 0 });
  }
}

