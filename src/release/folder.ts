// The folder's views for the release's comparisons; an invalid folder stops a release before
// anything is sent (exit 2), with every problem named by file, line and field.
import { loadProjectCached } from '../project/parse-cache-file.js';
import { formatIssue } from '../project/issues.js';
import type { ViewContent } from '../project/view.js';
import { invalid } from './errors.js';

export async function loadFolderViews(dir: string): Promise<ViewContent[]> {
  const project = await loadProjectCached(dir);
  if (project.issues.length) {
    throw invalid(`the folder has ${project.issues.length} problem${project.issues.length === 1 ? '' : 's'}:\n${project.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`, 'invalid-folder');
  }
  return project.views.map(({ file: _file, ...content }) => content);
}
