// `lxp import <source> --dir <folder inside the source>`: the import never reads the folder it
// writes (a re-import into `site/` of a workspace must not read its own earlier output). When
// that folder is part of what the import reads — an export's experience/, a workspace's
// experience/, a develop folder's layouts/, pages/ or components/ — reading the source without
// it would import something else, or find nothing and blame the source (review 11, R15): the
// import is refused for what it is, a --dir inside the source.
import { detectLayout, type Layout } from './detect.js';
import type { Source } from './source.js';
import { SourceError } from './source.js';
import { UsageError } from '../sync/errors.js';

const join = (dir: string, p: string) => (dir === '' ? p : `${dir}/${p}`);

/** The folders of a layout the import reads views, endpoints, groups, users and settings from. */
function readFolders(layout: Layout): string[] {
  if (layout.experience !== undefined || layout.kind === 'workspace') return [layout.experience ?? layout.views];
  return ['layouts', 'pages', 'components'].map((f) => join(layout.views, f));
}

/** The layout of `source` (detectLayout), refused when the folder being written is part of it. */
export function layoutOutside(source: Source, label: string, dirFlag: string): Layout {
  const skipped = source.skipped;
  const refuse = (part: string) =>
    new UsageError(
      `--dir ${dirFlag} is inside ${label} (${part}/), which the import reads: lxp import never reads the folder it writes, so it cannot import ${label} into it. Choose a --dir outside ${part}/ — beside ${label}, say. Nothing was written.`,
    );
  let layout: Layout;
  try {
    layout = detectLayout(source.entries, label);
  } catch (err) {
    // Without the skipped folder nothing was found: that folder is the likely reason, not the source.
    if (skipped !== undefined && err instanceof SourceError) throw refuse(skipped);
    throw err;
  }
  if (skipped !== undefined) {
    const part = readFolders(layout).find((f) => skipped === f || skipped.startsWith(`${f}/`));
    if (part !== undefined) throw refuse(part);
  }
  return layout;
}
