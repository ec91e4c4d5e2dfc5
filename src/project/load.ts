import type { LocalView } from './view.js';
import type { ValidationIssue } from './issues.js';
export interface LoadedProject { views: LocalView[]; issues: ValidationIssue[]; files: string[] }
export interface LoadOptions { paths?: string[]; cwd?: string }
export async function loadProject(dir: string, opts: LoadOptions = {}): Promise<LoadedProject> {
  throw new Error('not implemented yet');
}
/** Matcher for files relative to dir (posix). Paths are files, folders or globs relative to dir or cwd. Empty/undefined paths match everything. */
export function pathFilter(dir: string, paths?: string[], cwd?: string): (file: string) => boolean {
  throw new Error('not implemented yet');
}
