// Reading the experience folder for the preview (the I/O edge of rendering): the views and
// validation issues from the project loader, plus where each view's body and `layout:` field
// sit in its file so render errors can name file lines rather than body lines.
import fg from 'fast-glob';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationIssue } from '../project/issues.js';
import { parseViewFile } from '../project/parse.js';
import type { LocalView } from '../project/view.js';
import type { RenderView } from './engine.js';

export interface PreviewProject {
  views: RenderView[];
  issues: ValidationIssue[];
}

export type ViewLoader = () => Promise<LocalView[] | { views: LocalView[]; issues?: ValidationIssue[] }>;

/** Reads every view file with parseViewFile: used while the project loader is unavailable. */
async function parseFolder(dir: string): Promise<{ views: LocalView[]; issues: ValidationIssue[] }> {
  const files = await fg(['layouts/**/*.hbs', 'pages/**/*.hbs', 'components/**/*.hbs'], { cwd: dir, dot: false });
  const views: LocalView[] = [];
  const issues: ValidationIssue[] = [];
  for (const file of files.sort()) {
    const parsed = parseViewFile(file, await readFile(path.join(dir, file), 'utf8'));
    if (parsed.view) views.push(parsed.view);
    issues.push(...parsed.issues);
  }
  return { views, issues };
}

/** The project loader (src/project/load.ts), or the per-file parser when it is not available. */
export function defaultViewLoader(dir: string): ViewLoader {
  return async () => {
    try {
      const { loadProject } = await import('../project/load.js');
      const loaded = await loadProject(dir);
      return { views: loaded.views, issues: loaded.issues };
    } catch (err) {
      if (/not implemented/i.test((err as Error).message)) return parseFolder(dir);
      throw err;
    }
  };
}

/** Runs a loader and adds file line positions to its views. */
export async function loadPreviewProject(dir: string, loader: ViewLoader): Promise<PreviewProject> {
  const loaded = await loader();
  const views = Array.isArray(loaded) ? loaded : loaded.views;
  const issues = Array.isArray(loaded) ? [] : (loaded.issues ?? []);
  const out: RenderView[] = [];
  for (const v of views) {
    let text: string | undefined;
    try {
      text = await readFile(path.join(dir, v.file), 'utf8');
    } catch {
      text = undefined;
    }
    const lines = text === undefined ? {} : parseViewFile(v.file, text).lines;
    out.push({ ...v, bodyLine: lines.body, layoutLine: lines.layout });
  }
  return { views: out, issues };
}
