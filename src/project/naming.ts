import type { ViewType } from './view.js';
/** taken: lower-cased file paths (relative to folder, posix) already used. Returns e.g. "pages/admin/users.hbs". */
export function fileForView(viewType: ViewType, name: string, taken: Set<string>): string {
  throw new Error('not implemented yet');
}
/** The name a file gets when its front matter does not name it: path inside its type folder without .hbs. */
export function defaultNameForFile(file: string): string {
  throw new Error('not implemented yet');
}
