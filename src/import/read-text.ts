// Reading one text file of a source for the import: UTF-8 only (a body is kept byte for byte,
// so anything else is refused rather than turned into replacement characters), plain files
// only, and every file read is remembered so the report can list what was not.
import { SourceError, type Source } from './source.js';

export type ReadText = (file: string, opts: { needed: boolean; issue: (message: string) => void }) => Promise<string | undefined>;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** What one import reads in all (a zip of small entries can inflate to far more than its size). */
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export function createReadText(source: Source, consumed: Set<string>): ReadText {
  let total = 0;
  return async (file, { needed, issue }) => {
    const entry = source.entries.get(file);
    if (!entry) {
      if (needed) issue(`no file ${file} in ${source.label}`);
      return undefined;
    }
    consumed.add(file);
    if (entry.kind === 'symlink') {
      issue(`${file} is a symbolic link; lxp import reads only plain files of the export`);
      return undefined;
    }
    if (entry.kind !== 'file') {
      issue(`${file} is a folder, not a file`);
      return undefined;
    }
    if (total + entry.size > MAX_TOTAL_BYTES) throw new SourceError(`${source.label}: more than ${MAX_TOTAL_BYTES / 1024 / 1024} MiB to read; lxp import stops here (an export of views, endpoints and groups is far smaller)`);
    total += entry.size;
    let bytes: Buffer;
    try {
      bytes = await source.read(file);
    } catch (err) {
      if (err instanceof SourceError) {
        issue(err.message);
        return undefined;
      }
      throw err;
    }
    try {
      return UTF8.decode(bytes);
    } catch {
      issue(`${file} is not UTF-8 text`);
      return undefined;
    }
  };
}
