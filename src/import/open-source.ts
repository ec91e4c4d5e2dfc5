// Opening what `lxp import <source>` names: a folder (read in place, plain files only, never
// through a symbolic link) or a .zip (./zip-source.ts).
import { lstat, open, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { MAX_READ_BYTES, SourceError, type Source, type SourceEntry } from './source.js';
import { openZipSource } from './zip-source.js';

/** A folder source is walked up to this many entries (an export has hundreds). */
const MAX_ENTRIES = 200_000;
/** Folders never walked in a folder source. */
const SKIPPED = new Set(['.git', 'node_modules', '.lxp']);

async function walkFolder(root: string, skip: ReadonlySet<string>): Promise<{ entries: Map<string, SourceEntry>; skipped?: string }> {
  const entries = new Map<string, SourceEntry>();
  let skipped: string | undefined;
  const walk = async (rel: string): Promise<void> => {
    const dirents = await readdir(rel ? path.join(root, ...rel.split('/')) : root, { withFileTypes: true });
    for (const d of dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (entries.size >= MAX_ENTRIES) throw new SourceError(`${root} holds more than ${MAX_ENTRIES} files: pass the exported application's folder, not a folder above it`);
      if (d.isSymbolicLink()) entries.set(p, { path: p, kind: 'symlink', size: 0 });
      else if (d.isDirectory()) {
        if (skip.has(path.join(root, ...p.split('/')))) {
          skipped = p;
          continue;
        }
        entries.set(p, { path: p, kind: 'dir', size: 0 });
        if (!SKIPPED.has(d.name)) await walk(p);
      } else if (d.isFile()) entries.set(p, { path: p, kind: 'file', size: (await lstat(path.join(root, ...p.split('/')))).size });
    }
  };
  await walk('');
  return { entries, ...(skipped !== undefined ? { skipped } : {}) };
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function openFolderSource(label: string, location: string, skip: ReadonlySet<string>): Promise<Source> {
  const root = await realpath(location);
  const { entries, skipped } = await walkFolder(root, skip);
  return {
    label,
    format: 'folder',
    location: root,
    entries,
    ...(skipped !== undefined ? { skipped } : {}),
    async read(file: string): Promise<Buffer> {
      const entry = entries.get(file);
      if (!entry) throw new SourceError(`${file}: no such file in ${label}`);
      if (entry.kind === 'symlink') throw new SourceError(`${file}: is a symbolic link; lxp import reads only plain files of the export`);
      if (entry.kind !== 'file') throw new SourceError(`${file}: is not a file`);
      const abs = path.join(root, ...file.split('/'));
      // The walk saw a plain file; check again at read time (through every folder on the way).
      const real = await realpath(abs);
      if (real !== abs || !isInside(root, real)) throw new SourceError(`${file}: leads outside ${label}; refused`);
      const st = await lstat(abs);
      if (!st.isFile()) throw new SourceError(`${file}: is not a plain file; refused`);
      if (st.size > MAX_READ_BYTES) throw new SourceError(`${file}: ${st.size} bytes is more than lxp import reads from one file (${MAX_READ_BYTES})`);
      return readFile(abs);
    },
    close: async () => {},
  };
}

async function startsLikeZip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    // A local file header, or the end record of an empty zip.
    return bytesRead === 4 && buf[0] === 0x50 && buf[1] === 0x4b && ((buf[2] === 3 && buf[3] === 4) || (buf[2] === 5 && buf[3] === 6));
  } finally {
    await fh.close();
  }
}

/**
 * Opens what `lxp import <source>` names: a folder, or a .zip file. Given the `develop/` or the
 * `experience/` folder of an export, the whole export (two or one folders up) is opened, so
 * users and groups beside develop come along.
 */
export async function openSource(label: string, cwd: string, opts: { skip?: string } = {}): Promise<Source> {
  // The folder being written, when it is inside the source (`lxp import . --dir site`), is not part of it.
  const skip = new Set<string>();
  if (opts.skip) skip.add(await realpath(opts.skip).catch(() => path.resolve(opts.skip!)));
  const location = path.resolve(cwd, label);
  let st;
  try {
    st = await lstat(location);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceError(`${label}: no such file or folder`);
    throw new SourceError(`${label}: cannot be read: ${(err as Error).message}`);
  }
  if (st.isSymbolicLink()) st = await lstat(await realpath(location));
  if (st.isDirectory()) {
    const base = path.basename(location);
    const parent = path.dirname(location);
    if (base === 'develop' && path.basename(parent) === 'experience') return await openFolderSource(label, path.dirname(parent), skip);
    if (base === 'experience') return await openFolderSource(label, parent, skip);
    return await openFolderSource(label, location, skip);
  }
  if (!st.isFile()) throw new SourceError(`${label}: neither a folder nor a file`);
  if (!(await startsLikeZip(location))) throw new SourceError(`${label}: not a .zip file; lxp import reads an exported application (a folder or a .zip) or an official-CLI workspace folder`);
  return await openZipSource(label, location);
}
