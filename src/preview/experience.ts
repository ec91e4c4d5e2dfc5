// The experience at its routes, served from the folder: the site (./site.ts) as a snapshot
// (./folder-snapshot.ts) handed to the one experience runtime (src/runtime), with reply files
// from replies/ standing in for workflows and, when there are users to sign in as, access rules
// over real users. Rebuilt lazily: after each load of the site, and when the application's
// groups change. Also says which files an answer depends on (live reload) and which validation
// issues concern it (the overlay).
import type { ValidationIssue } from '../project/issues.js';
import { ENDPOINTS_FILE, EXPERIENCE_FILES, EXPERIENCE_FILE, GROUPS_FILE } from '../project/resources/index.js';
import type { ExperienceUser } from '../render/context.js';
import { ExperienceRuntime, replyFileCandidates, replyFileProvider, type RuntimeEndpoint, type RuntimeRequest, type RuntimeResponse } from '../runtime/index.js';
import { folderSnapshot } from './folder-snapshot.js';
import { groupAccess, type ApplicationGroup } from './groups.js';
import { issuesOfPage, pageOf } from './page-graph.js';
import type { Site } from './site.js';

/** Who can sign in: an application's experience users (the local server's), with their groups. */
export interface ExperienceUsers {
  userForToken(token: string): ExperienceUser | undefined;
  groups(): ApplicationGroup[];
}

export interface FolderExperienceOptions {
  application: { id: string; name: string };
  /** None: every visitor is anonymous. */
  users?: ExperienceUsers;
  now?: () => Date;
}

export interface FolderExperience {
  /** The folder has endpoints.yaml (without it the experience has no routes). */
  readonly hasEndpoints: boolean;
  /** The endpoints as the runtime serves them (current as of the last load). */
  endpoints(): RuntimeEndpoint[];
  handle(req: RuntimeRequest): Promise<RuntimeResponse>;
  /** Files whose change changes this answer; undefined: any change may (errors, unknown pages). */
  dependencies(out: RuntimeResponse): Set<string> | undefined;
  /** The validation issues of the files this answer used. */
  issuesOf(out: RuntimeResponse): ValidationIssue[];
  /** The issues every answer of that endpoint carries, whatever page it renders (each makes it the overlay). */
  entryIssues(endpoint: RuntimeEndpoint | undefined): ValidationIssue[];
}

export function createFolderExperience(site: Site, opts: FolderExperienceOptions): FolderExperience {
  const replies = replyFileProvider({ dir: site.dir });
  let built: { generation: number; groups: string; runtime: ExperienceRuntime; endpoints: RuntimeEndpoint[] } | undefined;
  let access = groupAccess(undefined, []);

  function current() {
    const groups = opts.users?.groups() ?? [];
    const groupsKey = JSON.stringify(groups);
    if (built && built.generation === site.generation && built.groups === groupsKey) return built;
    access = groupAccess(site.experience.groups?.map((r) => r.content), groups);
    const snapshot = folderSnapshot({
      application: opts.application,
      views: site.renderer.views,
      endpoints: site.experience.endpoints,
      settings: site.settings,
      groupId: access.idOf,
    });
    let runtime = built?.runtime;
    if (runtime) runtime.update(snapshot);
    else {
      runtime = new ExperienceRuntime(snapshot, {
        replies,
        now: opts.now,
        users: {
          userForToken: (token) => opts.users?.userForToken(token),
          ancestorsOf: (id) => access.ancestorsOf(id),
          devicesOf: (id) => access.devicesOf(id),
        },
      });
    }
    built = { generation: site.generation, groups: groupsKey, runtime, endpoints: snapshot.endpoints };
    return built;
  }

  const endpointIssues = (endpoint: RuntimeEndpoint | undefined): ValidationIssue[] => {
    const all = site.issues.filter((i) => i.file === ENDPOINTS_FILE);
    const records = site.experience.endpoints ?? [];
    const record = endpoint && records.find((r) => (r.content.key ?? null) === (endpoint.key ?? null) && r.content.method === endpoint.method && r.content.route === endpoint.route);
    // No route matched: the route meant may be the one in trouble, so all of the file's issues.
    if (!record) return all;
    const next = Math.min(...records.map((r) => r.line ?? Infinity).filter((l) => l > (record.line ?? 0)));
    return all.filter((i) => i.line === undefined || (i.line >= (record.line ?? 0) && i.line < next));
  };
  const entryIssues = (endpoint: RuntimeEndpoint | undefined): ValidationIssue[] => {
    const issues = endpointIssues(endpoint);
    if (endpoint && (endpoint.access === 'group' || endpoint.access === 'device')) issues.push(...site.issues.filter((i) => i.file === GROUPS_FILE));
    issues.push(...site.issues.filter((i) => i.file === EXPERIENCE_FILE));
    return issues;
  };

  return {
    get hasEndpoints() {
      return site.experience.endpoints !== undefined;
    },
    endpoints: () => current().endpoints,
    handle: (req) => current().runtime.handle(req),
    dependencies(out) {
      const trace = out.trace;
      if (!trace || trace.error !== undefined || out.status >= 500 || trace.answer === 'badPath') return undefined;
      const files = new Set<string>(EXPERIENCE_FILES);
      if (trace.page !== undefined) {
        const page = pageOf(site.graph, trace.page);
        if (!page) return undefined;
        for (const f of page.files) files.add(f);
        // Another layout than the page's own (a reply file's `layout:`): any layout or component may be in it.
        if (trace.layout !== undefined) for (const v of site.renderer.views) if (v.viewType !== 'page') files.add(v.file);
      }
      if (trace.workflowKey !== undefined) for (const f of replyFileCandidates(trace.workflowKey)) files.add(f);
      return files;
    },
    issuesOf(out) {
      const trace = out.trace;
      if (!trace) return [];
      return [...(trace.page !== undefined ? issuesOfPage(site.graph, site.issues, trace.page) : []), ...entryIssues(trace.endpoint)];
    },
    entryIssues,
  };
}
