// The folder's views for the release's comparisons; an invalid folder stops a release before
// anything is sent (exit 2), with every problem named by file, line and field. Its template
// warnings (unknown components and helpers) come back to be shown — or, strict, stop it too.
import { loadProjectCached } from '../project/parse-cache-file.js';
import { formatIssue, type ValidationIssue } from '../project/issues.js';
import { fileForView } from '../project/naming.js';
import { contentOf, type ViewContent, type ViewType } from '../project/view.js';
import type { TemplateWarning } from '../render/lint.js';
import { checkFolder, runChecks } from '../sync/checks.js';
import { invalid } from './errors.js';
import { loadExperienceFiles } from '../project/resources/index.js';
import type { FolderVersionedResources } from './compare-resources.js';
import type { PointerRequest } from './pointers.js';

export interface FolderViews {
  views: ViewContent[];
  /** Whether .lxpignore leaves the view of that type and name alone (by the file it would have). */
  ignores: (viewType: ViewType, name: string) => boolean;
  warnings: TemplateWarning[];
}

/**
 * Every problem of the folder a release would deploy and freeze — its views (strict: template
 * warnings too) and its experience files — found before any connection or request, so the
 * release is refused as deploy refuses (see src/cli/output/invalid-folder.ts).
 */
export async function checkReleaseFolder(dir: string, opts: { strict?: boolean } = {}): Promise<{ issues: ValidationIssue[]; warnings: TemplateWarning[] }> {
  const project = await loadProjectCached(dir);
  const files = await loadExperienceFiles(dir, project.viewNames, { ignored: project.isIgnored });
  return runChecks('deploy', project, files.issues, { strict: opts.strict });
}

export async function loadFolderViews(dir: string, opts: { strict?: boolean } = {}): Promise<FolderViews> {
  const project = await loadProjectCached(dir);
  const { issues, warnings } = checkFolder(project, { strict: opts.strict });
  if (issues.length) {
    throw invalid(`the folder has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map((i) => '  ' + formatIssue(i)).join('\n')}`, 'invalid-folder');
  }
  return {
    views: project.views.map(contentOf),
    ignores: (viewType, name) => project.isIgnored(fileForView(viewType, name, new Set())),
    warnings,
  };
}

/** The endpoints and settings the folder declares, for the release's comparisons (a version freezes them with the views). */
export async function loadFolderVersionedResources(dir: string): Promise<FolderVersionedResources> {
  const project = await loadProjectCached(dir);
  const files = await loadExperienceFiles(dir, project.viewNames, { ignored: project.isIgnored });
  if (files.issues.length) {
    throw invalid(`the folder has ${files.issues.length} problem${files.issues.length === 1 ? '' : 's'}:\n${files.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`, 'invalid-folder');
  }
  return { ...(files.endpoints ? { endpoints: files.endpoints.map((r) => r.content) } : {}), ...(files.settings ? { settings: files.settings.content } : {}) };
}

/**
 * The slugs and domains experience.yaml lists (none when it has no `slugs:`/`domains:` key, or
 * .lxpignore ignores it): a release's deploy creates the missing ones at develop, so `--slug` and
 * `--domain` may name them. Problems of the file are left to loadFolderVersionedResources.
 */
export async function loadFolderPointers(dir: string): Promise<PointerRequest> {
  const project = await loadProjectCached(dir);
  const files = await loadExperienceFiles(dir, project.viewNames, { ignored: project.isIgnored });
  return { slugs: (files.slugs ?? []).map((r) => r.content.slug), domains: (files.domains ?? []).map((r) => r.content.name) };
}
