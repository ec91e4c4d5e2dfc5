// After a pull narrowed to some files: the names the folder now gives that it lacks — a
// page's layout, an endpoint's page or group, a setting's page. A pull does not stop for them
// (develop's files agree with each other), but status, deploy and release refuse a folder that
// names what it does not have, so the pull says so at once instead of leaving the surprise to
// the next command.
import type { ValidationIssue } from '../project/issues.js';
import { loadProjectCached } from '../project/parse-cache-file.js';
import { loadFolderResources, resourceIssues } from './folder-resources.js';
import type { SecretSource } from './secrets.js';

/**
 * The reference issues of the whole folder as it is now, wherever they are: a narrowed pull
 * that deleted a page leaves them in endpoints.yaml, which it did not write.
 */
export async function namesLacking(dir: string, secrets: SecretSource, cwd?: string): Promise<ValidationIssue[]> {
  const project = await loadProjectCached(dir, { cwd });
  const resources = await loadFolderResources(dir, project, secrets);
  return [...project.issues, ...resourceIssues(resources, () => true)].filter((i) => i.reference);
}
