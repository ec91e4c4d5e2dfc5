// Checks across the experience's files: every page an endpoint or a setting names is a page of
// the folder (not a layout or a component), every group an endpoint names is in groups.yaml.
import type { ValidationIssue } from '../issues.js';
import type { ViewType } from '../view.js';
import { issueAt } from './field-checks.js';
import type { ExperienceRead } from './read-experience.js';
import type { EndpointsRead } from './read-endpoints.js';
import type { GroupsRead } from './read-groups.js';
import type { Reply } from './reply.js';
import { didYouMean, type Path, type YamlSource } from './yaml-file.js';

export interface ExperienceFilesRead {
  endpoints?: EndpointsRead;
  groups?: GroupsRead;
  experience?: ExperienceRead;
}

export function crossFileIssues(
  files: ExperienceFilesRead,
  views: readonly { viewType: ViewType; name: string }[],
  /** A page the folder has but .lxpignore leaves out (by the file its name gives): not the folder's to check. */
  ignoredPage?: (name: string) => boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const pages = views.filter((v) => v.viewType === 'page').map((v) => v.name);
  const pageSet = new Set(pages);
  const others = new Map(views.filter((v) => v.viewType !== 'page').map((v) => [v.name, v.viewType]));

  const checkReply = (src: YamlSource, at: Path, r: Reply | null) => {
    if (!r || !('page' in r) || pageSet.has(r.page) || ignoredPage?.(r.page)) return;
    const other = others.get(r.page);
    const message = other
      ? `"${r.page}" is a ${other}, not a page: a reply renders a page (pages/…)`
      : `no page named "${r.page}" in this folder${didYouMean(r.page, pages)}`;
    issues.push({ ...issueAt(src, [...at, 'page'], message), reference: true });
  };

  const ep = files.endpoints;
  if (ep?.source) {
    const groupNames = files.groups ? files.groups.records.map((g) => g.identity) : undefined;
    const groupSet = new Set(groupNames);
    for (const r of ep.records) {
      const i = ep.indexOf.get(r)!;
      checkReply(ep.source, [i, 'reply'], r.content.reply);
      checkReply(ep.source, [i, 'unauthorized'], r.content.unauthorized);
      // Without groups.yaml the groups are not the folder's: the target's are checked at deploy.
      if (!groupNames) continue;
      const listed = ep.source.data as { groups?: unknown[] }[];
      const raw = Array.isArray(listed?.[i]?.groups) ? (listed[i].groups as unknown[]) : [];
      raw.forEach((name, j) => {
        if (typeof name === 'string' && !groupSet.has(name)) issues.push({ ...issueAt(ep.source!, [i, 'groups', j], `no group named "${name}" in groups.yaml${didYouMean(name, groupNames)}`), reference: true });
      });
    }
  }
  const ex = files.experience;
  if (ex?.source && ex.settings) {
    checkReply(ex.source, ['notFound'], ex.settings.content.notFound);
    checkReply(ex.source, ['unauthorized'], ex.settings.content.unauthorized);
  }
  return issues;
}
