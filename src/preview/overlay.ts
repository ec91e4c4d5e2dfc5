// The error overlay the preview shows instead of a page it cannot render as Losant would: a
// render or preview-data error with its file, line and source, or the validation issues of a
// file the page uses.
import type { ValidationIssue } from '../project/issues.js';
import { SidecarError } from '../render/context.js';
import { RenderError } from '../render/errors.js';
import { ReplyError } from '../runtime/index.js';
import { errorOverlay } from './html.js';
import { issuesOfPage } from './page-graph.js';
import type { Site } from './site.js';

/** The overlay for an error thrown while rendering `pageName` (with `issues`, or those of the files the page uses). */
export async function errorOverlayFor(site: Site, err: unknown, pageName: string, issues?: ValidationIssue[]): Promise<string> {
  const shown = issues ?? issuesOfPage(site.graph, site.issues, pageName);
  if (err instanceof RenderError || err instanceof SidecarError) {
    const source = err.line !== undefined ? await site.source(err.file) : undefined;
    const title = err instanceof SidecarError ? 'Preview data error' : 'Render error';
    return errorOverlay({ title, message: err.message, file: err.file, line: err.line, source, issues: shown });
  }
  if (err instanceof ReplyError) {
    const source = err.line !== undefined ? await site.source(err.source) : undefined;
    return errorOverlay({ title: err.status === 400 ? 'Unknown reply scenario' : 'Reply file error', message: err.message, file: err.source, line: err.line, source, issues: shown });
  }
  return errorOverlay({ title: 'Preview error', message: (err as Error)?.stack ?? String(err), issues: shown });
}

/**
 * The overlay for a page that rendered although a file it uses is invalid (e.g. a layout without
 * {{page}} drops the page body): the output is not what Losant would serve, so the issues show.
 */
export async function validationOverlay(site: Site, invalid: ValidationIssue[]): Promise<string> {
  const first = invalid[0];
  const count = invalid.length === 1 ? 'a validation issue' : `${invalid.length} validation issues`;
  return errorOverlay({
    title: 'Validation error',
    message: `This page uses a file with ${count} (fix it to see the page):\n${first.message}`,
    file: first.file,
    line: first.line,
    source: first.line !== undefined ? await site.source(first.file) : undefined,
    issues: invalid,
  });
}
