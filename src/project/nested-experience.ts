// An experience folder made inside the layouts/, pages/ or components/ of another experience would
// be read as part of the outer one: its layout and components as pages of it, pushed by a running
// watch or dev at once. `lxp init` and `lxp import` both refuse such a folder, before writing.
// (A folder beside the view folders, such as site/ in a repository whose root is an experience, is
// read by neither: a second experience there is its own.)
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, experienceAbove } from '../config/folder.js';
import { VIEW_TYPE_FOLDERS } from './view.js';

/**
 * Where `dir` (absolute) really is: the real path of its nearest folder that exists, followed by
 * the rest, so that a link to another experience's pages/ leads there (review 9b, F5).
 */
function realLocation(dir: string): string {
  const rest: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      return path.join(realpathSync(d), ...rest.reverse());
    } catch {
      if (path.dirname(d) === d) return dir;
      rest.push(path.basename(d));
    }
  }
}

/** The experience above `dir` (absolute, links followed) whose view folder holds it, with that folder's name; else undefined. */
export function viewFolderAbove(dir: string): { experience: string; folder: string } | undefined {
  for (const where of new Set([dir, realLocation(dir)])) {
    const experience = experienceAbove(where);
    if (experience === undefined) continue;
    const folder = path.relative(experience, where).split(path.sep)[0];
    if (Object.values(VIEW_TYPE_FOLDERS).includes(folder)) return { experience, folder };
  }
  return undefined;
}

/** Why `command` refuses `dir` inside a view folder of another experience, and what to do instead. */
export function nestedExperienceProblem(dir: string, command: 'init' | 'import'): string | undefined {
  const found = viewFolderAbove(dir);
  if (!found) return undefined;
  const { experience, folder } = found;
  const where = command === 'init' ? 'run lxp init' : 'import into a folder';
  const inside = path.relative(experience, dir).startsWith('..') || path.isAbsolute(path.relative(experience, dir)) ? `${dir} (through a link) is` : `${dir} is`;
  return `${inside} inside the experience folder ${experience} (${CONFIG_FILE} there), in its ${folder}/: the layout, pages and components of an experience made here would be read as ${folder} of ${experience}; ${where} outside ${path.join(experience, folder)}, or work on ${experience} itself. Nothing was written.`;
}
