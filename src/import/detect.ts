// What a source holds and where: an exported application (a folder holding `experience/develop/`),
// the `develop/` folder of one on its own, or an official-CLI workspace
// (`experience/{layouts,pages,components}/*.hbs`, usually with `.losant/`). A zip often wraps it
// in one folder (`my-app/experience/…`), so the shallowest match wins; two at the same depth
// are ambiguous and refused. Pure.
import { SourceError, type SourceEntry } from './source.js';

export type SourceKind = 'export' | 'workspace';

export interface Layout {
  kind: SourceKind;
  /** The folder holding it all ('' = the source's top). */
  root: string;
  /** Export: the develop folder (`<root>/experience/develop`, or root itself). Workspace: `<root>/experience`. */
  views: string;
  /** Export: the folder of users.yaml and groups.yaml, when there is one. */
  experience?: string;
}

const VIEW_FOLDERS = ['layouts', 'pages', 'components'] as const;
const DEVELOP_MARKERS = ['version.yaml', 'endpoints.yaml', 'layouts/layouts.yaml', 'pages/pages.yaml', 'components/components.yaml'];
const MAX_DEPTH = 3;

const join = (dir: string, p: string) => (dir === '' ? p : `${dir}/${p}`);
const depth = (dir: string) => (dir === '' ? 0 : dir.split('/').length);

function hasHbs(entries: ReadonlyMap<string, SourceEntry>, folder: string): boolean {
  const prefix = `${folder}/`;
  for (const [p, e] of entries) if (e.kind === 'file' && p.startsWith(prefix) && p.endsWith('.hbs')) return true;
  return false;
}

/** The layout found at one folder, if any (export over develop-only over workspace). */
function layoutAt(entries: ReadonlyMap<string, SourceEntry>, dir: string): Layout | undefined {
  const isDir = (p: string) => entries.get(p)?.kind === 'dir';
  const isFile = (p: string) => entries.get(p)?.kind === 'file';
  const develop = join(dir, 'experience/develop');
  if (isDir(develop)) return { kind: 'export', root: dir, views: develop, experience: join(dir, 'experience') };
  if (DEVELOP_MARKERS.some((m) => isFile(join(dir, m)))) return { kind: 'export', root: dir, views: dir };
  const experience = join(dir, 'experience');
  const viewFolders = VIEW_FOLDERS.map((f) => `${experience}/${f}`).filter(isDir);
  if (viewFolders.length > 0 && (isDir(join(dir, '.losant')) || viewFolders.some((f) => hasHbs(entries, f)))) return { kind: 'workspace', root: dir, views: experience };
  return undefined;
}

/** Finds the export or workspace in a source (`label`: what the user named, for messages). */
export function detectLayout(entries: ReadonlyMap<string, SourceEntry>, label: string): Layout {
  const dirs = [''].concat([...entries.values()].filter((e) => e.kind === 'dir' && depth(e.path) <= MAX_DEPTH).map((e) => e.path));
  const found: Layout[] = [];
  for (const d of dirs) {
    const l = layoutAt(entries, d);
    if (l) found.push(l);
  }
  if (found.length === 0)
    throw new SourceError(
      `${label} holds neither an exported application nor an official-CLI workspace. lxp looked, in the source and up to ${MAX_DEPTH} folders down, for: ` +
        `an export's experience/develop/ folder, or a develop folder itself (one holding any of ${DEVELOP_MARKERS.join(', ')}); ` +
        `a workspace's experience/layouts/, experience/pages/ or experience/components/ with .hbs files (or with .losant/ beside experience/). Nothing was written (docs/import.md shows both layouts)`,
    );
  const shallowest = Math.min(...found.map((l) => depth(l.root)));
  const top = found.filter((l) => depth(l.root) === shallowest);
  // A develop folder found inside an export found at the same depth cannot happen (it is deeper).
  if (top.length > 1)
    throw new SourceError(`${label} holds ${top.length} experiences (${top.map((l) => `${l.root || '.'}/`).join(', ')}); pass one of them (unzip it, and name its folder)`);
  return top[0];
}
