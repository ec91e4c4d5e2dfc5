// An official-CLI workspace imported again with --target into the folder an import without it
// wrote (docs/import.md): the first import named each view after its file (pages/start.hbs), the
// second names it as develop does (pages/home.hbs, when .losant/experience.yml maps start.hbs to
// develop's page "home"). Both files would hold one workspace file, and the next deploy would
// create the page twice (review 10, F12). So the file the earlier import wrote for a workspace
// file is removed — only when it holds exactly what that import wrote (nobody edited it since);
// otherwise the import is refused before anything is written, naming both files. A file it writes
// again under the same name follows the same rule (in a folder with no sync state).
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { readFolderFile, FolderFiles } from '../project/write.js';
import { LxpError } from '../sync/errors.js';
import { planFolder, type PlannedFile } from './folder-files.js';
import type { Imported } from './imported.js';

/** A file an earlier import without --target wrote, which this import writes under another name. */
export interface SupersededFile {
  /** The earlier import's file (relative to the folder). */
  file: string;
  /** The workspace file both come from. */
  source: string;
  /** The file this import writes for it. */
  now: string;
}

/** Whether two paths of the folder name one file (a disk that ignores case: "Home.hbs" and "home.hbs"). */
async function sameFile(dir: string, a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((f) => lstat(path.join(dir, f)).catch(() => undefined)));
  return x !== undefined && y !== undefined && x.ino === y.ino && x.dev === y.dev;
}

const viewFiles = (files: readonly PlannedFile[]) => new Map(files.flatMap((f) => (f.source === undefined ? [] : [[f.source, f] as const])));

/**
 * The files of an earlier bodies-only import this import replaces under another name (to remove
 * once this import's files are written). Throws (refused, nothing written) when one was changed
 * since that import, or cannot be read safely: removing it could lose a person's work.
 */
export async function supersededFiles(dir: string, imported: Imported, planned: readonly PlannedFile[], unsynced: boolean): Promise<SupersededFile[]> {
  if (imported.bodiesOnly === undefined) return [];
  const earlier = viewFiles(planFolder({ ...imported, views: imported.bodiesOnly, endpoints: undefined, groups: undefined, settings: undefined, users: undefined }, { config: '' }, {}).files);
  const now = viewFiles(planned);
  const folder = new FolderFiles(dir);
  const out: SupersededFile[] = [];
  const edited: string[] = [];
  for (const [source, before] of earlier) {
    const after = now.get(source);
    // A file this import writes anyway (the same path, or on a disk that ignores case the same file by another case): nothing is left behind.
    if (after === undefined) continue;
    const twins = planned.filter((f) => f.file.toLowerCase() === before.file.toLowerCase());
    const rewritten = twins.find((f) => f.file === before.file) ?? (await Promise.all(twins.map(async (f) => ((await sameFile(dir, f.file, before.file)) ? f : undefined)))).find((f) => f !== undefined);
    if (rewritten !== undefined) {
      // Written again under its name: the same rule as for a removal — an edit since that import is
      // never replaced without a word (review 11, R19). Only in a folder with no sync state: there
      // the file can only be that import's (or an edit of it); a folder with sync state may hold
      // an earlier --target import's file or a pull's, which this import rewrites as it may.
      const text = unsynced && folder.unwritable(before.file) === undefined ? await readFolderFile(dir, before.file) : undefined;
      if (text !== undefined && text !== before.text && text !== rewritten.text)
        edited.push(`${before.file} (it differs from what that import writes from the workspace file now: edited since, or the workspace changed; this import writes ${source} again as ${rewritten.file}, with develop's metadata)`);
      continue;
    }
    const why = folder.unwritable(before.file);
    const text = why === undefined ? await readFolderFile(dir, before.file) : undefined;
    if (why === undefined && text === undefined) continue; // not there: never written, or already removed
    if (why === undefined && text === before.text) out.push({ file: before.file, source, now: after.file });
    else edited.push(`${before.file} (${why ?? 'it differs from what that import writes from the workspace file now: edited since, or the workspace changed'}; this import writes ${source} as ${after.file})`);
  }
  if (edited.length > 0)
    throw new LxpError(
      'refused',
      `${dir}: ${edited.length === 1 ? 'a file is' : `${edited.length} files are`} where an import of this workspace without --target writes its files; lxp removes such a file (an earlier import's, which would make the next deploy create the view twice) or writes it again only when it holds exactly what that import writes: ${edited.join('; ')}. Keep what you need of ${edited.length === 1 ? 'it' : 'them'} elsewhere and delete ${edited.length === 1 ? 'it' : 'them'}, then run the import again — or import into another --dir. Nothing was written.`,
    );
  return out;
}
