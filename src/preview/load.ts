// Reading the experience folder for the preview (the I/O edge of rendering): the views and
// validation issues from the project loader, plus where each view's body and `layout:` field
// sit in its file so render errors can name file lines rather than body lines.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ValidationIssue } from '../project/issues.js';
import type { ParseCache } from '../project/load.js';
import { parseViewFile } from '../project/parse.js';
import type { LocalView } from '../project/view.js';
import type { RenderView } from '../render/engine.js';

export interface PreviewProject {
  views: RenderView[];
  issues: ValidationIssue[];
}

export type ViewLoader = () => Promise<LocalView[] | { views: LocalView[]; issues?: ValidationIssue[] }>;

/**
 * The project loader (src/project/load.ts) with one parse cache for the life of the preview, so
 * a reload parses only the files that changed; views come with the lines of their body and
 * `layout:` field.
 */
export function defaultViewLoader(dir: string): ViewLoader {
  const cache: ParseCache = new Map();
  return async () => {
    const { loadProject } = await import('../project/load.js');
    const loaded = await loadProject(dir, { cache });
    const views: RenderView[] = loaded.views.map((v) => {
      const lines = loaded.lines.get(v.file) ?? {};
      return { ...v, bodyLine: lines.body, layoutLine: lines.layout };
    });
    return { views, issues: loaded.issues };
  };
}

/** Runs a loader and adds file line positions to its views. */
export async function loadPreviewProject(dir: string, loader: ViewLoader): Promise<PreviewProject> {
  const loaded = await loader();
  const views = Array.isArray(loaded) ? loaded : loaded.views;
  const issues = Array.isArray(loaded) ? [] : (loaded.issues ?? []);
  const out: RenderView[] = [];
  for (const v of views) {
    // Views from the default loader know their lines; only other loaders' views are re-read.
    if ((v as RenderView).bodyLine !== undefined) {
      out.push(v as RenderView);
      continue;
    }
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
