// A .zip as an import source, read with yauzl: the central directory is read first and every
// entry's path is checked before a single byte of content is read; entries are then read one at
// a time, on demand, straight from the file (streamed, never the whole zip in memory).
//
// Refused, with every offending entry named: a path with a `..` part, an absolute path, a drive
// letter, a backslash, a NUL, a symbolic link entry, and two entries with the same path — any
// of them could make an unzip write outside its folder or read one thing as another. lxp import
// never extracts the zip anyway (it writes only the files of the lxp folder it builds), but a zip
// like that was made to attack someone, and nothing good comes from importing it.
import yauzl from 'yauzl';
import { addParents, MAX_READ_BYTES, SourceError, type Source, type SourceEntry } from './source.js';
import { LxpError } from '../sync/errors.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Made on Unix (upper byte of "version made by"): only then do the external attributes hold a mode. */
const UNIX_HOSTS = new Set([3, 19]);

/** Why a zip entry's path is unsafe, or undefined when it is a plain relative path. */
export function unsafeZipPath(name: string): string | undefined {
  if (name.includes('\0')) return 'a NUL character in the path';
  if (name.includes('\\')) return 'a backslash in the path (a Windows path could leave the folder)';
  if (/^[a-zA-Z]:/.test(name)) return 'a drive letter (an absolute Windows path)';
  if (name.startsWith('/')) return 'an absolute path';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.includes('..')) return 'a ".." part (it would be written outside the folder)';
  if (name !== '' && parts.some((p) => p === '')) return 'an empty part in the path';
  return undefined;
}

function isSymlink(entry: yauzl.Entry): boolean {
  const host = entry.versionMadeBy >> 8;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  return UNIX_HOSTS.has(host) && (mode & S_IFMT) === S_IFLNK;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    // decodeStrings: false — names are decoded and checked here, so every bad entry is listed
    // (yauzl's own check stops at the first one with a terse message).
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(out));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function entryName(e: yauzl.Entry): string {
  return yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileName as unknown as Buffer, e.extraFields, true);
}

export async function openZipSource(label: string, location: string): Promise<Source> {
  let zip: yauzl.ZipFile;
  let raw: yauzl.Entry[];
  try {
    zip = await openZip(location);
  } catch (err) {
    throw new SourceError(`${label}: not a readable zip: ${(err as Error).message}`);
  }
  try {
    raw = await readAllEntries(zip);
  } catch (err) {
    zip.close();
    throw new SourceError(`${label}: not a readable zip: ${(err as Error).message}`);
  }

  const unsafe: string[] = [];
  const entries = new Map<string, SourceEntry>();
  const byPath = new Map<string, yauzl.Entry>();
  for (const e of raw) {
    const name = entryName(e);
    const why = unsafeZipPath(name) ?? (isSymlink(e) ? 'a symbolic link' : undefined);
    if (why) {
      unsafe.push(`  ${JSON.stringify(name)}: ${why}`);
      continue;
    }
    const isDir = name.endsWith('/');
    const p = name.replace(/\/$/, '');
    if (p === '') continue;
    if (byPath.has(p) || (entries.get(p)?.kind === 'file')) {
      unsafe.push(`  ${JSON.stringify(name)}: a second entry with the same path`);
      continue;
    }
    addParents(entries, p);
    if (isDir) {
      entries.set(p, { path: p, kind: 'dir', size: 0 });
    } else {
      entries.set(p, { path: p, kind: 'file', size: e.uncompressedSize });
      byPath.set(p, e);
    }
  }
  if (unsafe.length > 0) {
    zip.close();
    throw new LxpError(
      'refused',
      `refusing ${label}: ${unsafe.length === 1 ? 'an entry' : `${unsafe.length} entries`} could be written outside the folder or read as something else, so this zip is not imported (nothing was written):\n${unsafe.join('\n')}`,
    );
  }

  return {
    label,
    format: 'zip',
    location,
    entries,
    async read(file: string): Promise<Buffer> {
      const e = byPath.get(file);
      if (!e) throw new SourceError(`${file}: no such file in ${label}`);
      if (e.isEncrypted()) throw new SourceError(`${file}: encrypted in ${label}; lxp import reads unencrypted zips only`);
      if (e.uncompressedSize > MAX_READ_BYTES) throw new SourceError(`${file}: ${e.uncompressedSize} bytes is more than lxp import reads from one file (${MAX_READ_BYTES})`);
      try {
        const stream = await zip.openReadStreamPromise(e);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of stream) {
          size += (chunk as Buffer).length;
          // validateEntrySizes also stops a stream that inflates past its declared size.
          if (size > MAX_READ_BYTES) throw new Error('larger than it says');
          chunks.push(chunk as Buffer);
        }
        return Buffer.concat(chunks);
      } catch (err) {
        throw new SourceError(`${file}: cannot be read from ${label}: ${(err as Error).message}`);
      }
    },
    close: async () => zip.close(),
  };
}
