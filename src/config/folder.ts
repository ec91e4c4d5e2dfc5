// Which experience folder a command works on, found the way git finds its repository: the
// nearest folder holding lxp.config.json, starting in the current directory and going up. An
// explicit --dir names the folder itself and must hold lxp.config.json. Finding none is an error
// before anything is read or written, so a command run in the wrong place (a CI drift check,
// say) can never pass as "in sync" nor leave a .lxp/ folder behind.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';

/** What makes a folder an experience folder. */
export const CONFIG_FILE = 'lxp.config.json';

/** No lxp.config.json where one was looked for. Exit 2. */
export class NoExperienceFolderError extends ConfigError {
  override name = 'NoExperienceFolderError';
}

function holdsConfig(dir: string): boolean {
  return existsSync(path.join(dir, CONFIG_FILE));
}

/** The nearest folder above `dir` (not `dir` itself) that holds lxp.config.json. */
export function experienceAbove(dir: string): string | undefined {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (holdsConfig(d)) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The experience folder (absolute): `dir` itself when given (relative to cwd), else the nearest
 * folder at or above `cwd` with an lxp.config.json.
 */
const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * What a folder without lxp.config.json holds that `lxp import` reads, said as a hint: a Losant
 * export (experience/develop/, or the develop/ folder itself) or an official-CLI workspace
 * (experience/layouts, pages, components). `lxp init` there would refuse it as not empty.
 */
function importHint(dir: string, shown: string): string | undefined {
  const what = isDir(path.join(dir, 'experience', 'develop'))
    ? 'an exported Losant application (experience/develop/)'
    : ['version.yaml', path.join('pages', 'pages.yaml'), path.join('layouts', 'layouts.yaml')].some((f) => existsSync(path.join(dir, f)))
      ? "the develop/ folder of an exported Losant application"
      : ['layouts', 'pages', 'components'].some((f) => isDir(path.join(dir, 'experience', f)))
        ? 'an official Losant CLI workspace (experience/pages/…)'
        : undefined;
  return what && `it holds ${what}: \`lxp import ${shown} --dir <new folder>\` makes an experience folder from it`;
}

export function findExperienceFolder(opts: { cwd: string; dir?: string }): string {
  if (opts.dir !== undefined) {
    const dir = path.resolve(opts.cwd, opts.dir);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      /* missing: said below */
    }
    if (!isDir) throw new NoExperienceFolderError(`--dir ${opts.dir}: no such folder`);
    if (!holdsConfig(dir)) {
      // Inside an experience (--dir its pages/): `lxp init` there would nest a second one; point at it.
      const above = experienceAbove(dir);
      if (above !== undefined) throw new NoExperienceFolderError(`no ${CONFIG_FILE} in ${dir}: it is inside the experience folder ${above} (pass --dir ${above}, or leave --dir out)`);
      const hint = importHint(dir, opts.dir);
      if (hint !== undefined) throw new NoExperienceFolderError(`no ${CONFIG_FILE} in ${dir}: ${hint}`);
      throw new NoExperienceFolderError(`no ${CONFIG_FILE} in ${dir} (run \`lxp init ${opts.dir}\` to make it an experience folder)`);
    }
    return dir;
  }
  const start = path.resolve(opts.cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (holdsConfig(dir)) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const hint = importHint(start, '.');
  if (hint !== undefined) throw new NoExperienceFolderError(`no ${CONFIG_FILE} in ${start} or above: ${hint}`);
  throw new NoExperienceFolderError(`no ${CONFIG_FILE} in ${start} or above (run \`lxp init\`, or pass --dir)`);
}
