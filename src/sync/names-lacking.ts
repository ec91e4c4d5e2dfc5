// What a pull leaves the folder with that status, deploy and release refuse, said by the pull
// itself (and predicted by its --dry-run) instead of left as a surprise for the next command:
//
// - `lacking`: names the folder gives that it lacks — a page's layout, an endpoint's page or
//   group, a setting's page. A pull narrowed to some files does not stop for them (develop's
//   files agree with each other): a narrowed pull that deleted a page leaves them in
//   endpoints.yaml, which it did not write.
// - `invalid`: what develop holds that lxp refuses in the files the pull writes — an endpoint
//   key with an empty, "." or ".." part between slashes (made through the API, or by another
//   tool): the pull writes develop's copy as it is, and says so naming the endpoint.
//
// Worked out from the plan, before anything is written, with the very functions the pull writes
// with (pulledText, updateViewFile) and the folder's own checks on the result: the dry run
// predicts what the pull then says, word for word.
import type { ValidationIssue } from '../project/issues.js';
import { missingLayoutIssues, type LoadedProject } from '../project/load.js';
import { parseViewFile } from '../project/parse.js';
import { loadProjectCached } from '../project/parse-cache-file.js';
import { ENDPOINTS_FILE, EXPERIENCE_FILES, endpointKind, readEndpointsFile, readExperienceFiles, type EndpointContent, type LoadedExperienceFiles } from '../project/resources/index.js';
import { updateViewFile } from '../project/serialize.js';
import type { ViewContent } from '../project/view.js';
import { readFolderFile } from '../project/write.js';
import { pulledText } from './apply-pull-resources.js';
import type { Plan } from './change.js';
import { isWrite } from './change.js';
import { REASONS } from './three-way.js';

export interface PullLeaves {
  /** Names the folder would give that it lacks (reference issues, wherever they are). */
  lacking: ValidationIssue[];
  /**
   * The view files deleted locally that the pull keeps deleted (every pull does, without --force)
   * while the folder still names them: restoring them (`lxp pull --force FILE`) ends those issues.
   */
  keptDeleted: string[];
  /** Some of `lacking` is not about `keptDeleted`: what the folder itself edited or added names it. */
  lackingBesides: boolean;
  /** Other problems in the files the pull writes: develop holds what lxp refuses. */
  invalid: ValidationIssue[];
}

/**
 * The problems `plan` (a pull) would leave in the folder. `project`: the folder as the run read
 * it (read again whole when the run was narrowed to some paths); `texts`: the experience files as read.
 */
export async function pullLeaves(plan: Plan, opts: { dir: string; project: LoadedProject; texts: LoadedExperienceFiles['texts']; cwd?: string }): Promise<PullLeaves> {
  // A whole pull that writes and keeps nothing leaves the folder as develop has it; a narrowed one
  // still says what the folder lacks, and so does a whole one that kept entries of the folder's.
  if (!plan.scoped && !plan.changes.some((c) => isWrite(c) || c.action === 'skip')) return { lacking: [], keptDeleted: [], lackingBesides: false, invalid: [] };
  const project = plan.scoped ? await loadProjectCached(opts.dir, { cwd: opts.cwd }) : opts.project;

  // The experience files as the pull writes them.
  const texts = { ...opts.texts };
  const written = new Set<string>();
  for (const file of EXPERIENCE_FILES) {
    const changes = plan.changes.filter((c) => c.resource !== 'view' && c.file === file && (c.action === 'write' || c.action === 'remove'));
    if (changes.length === 0 || project.isIgnored(file)) continue;
    texts[file] = pulledText(file, texts[file], changes);
    written.add(file);
  }

  // The views as the pull leaves them: its writes over the folder's, its removals gone.
  const views = new Map<string, ViewLeft>();
  for (const v of project.views) views.set(v.file, { file: v.file, view: v, line: project.lines.get(v.file)?.layout });
  const pulled: Array<{ file: string; view: ViewContent }> = [];
  for (const c of plan.changes) {
    if (c.resource !== 'view') continue;
    if (c.action === 'remove') views.delete(c.file);
    if (c.action === 'write') {
      views.set(c.file, { file: c.file, view: c.remote! });
      pulled.push({ file: c.file, view: c.remote! });
    }
  }
  const layoutIssues = missingLayoutIssues([...views.values()]);
  // A page the pull writes naming a layout the folder lacks: the line its file will have it on.
  for (const issue of layoutIssues) {
    const p = pulled.find((x) => x.file === issue.file);
    if (!p) continue;
    const text = updateViewFile(await readFolderFile(opts.dir, p.file), p.view, p.file);
    issue.line = parseViewFile(p.file, text).lines.layout ?? issue.line;
  }

  const lackingIn = (all: Map<string, ViewLeft>) => {
    const files = readExperienceFiles(texts, [...all.values()].map((v) => v.view), { dir: opts.dir, ignored: project.isIgnored });
    return { files, keys: new Set([...missingLayoutIssues([...all.values()]), ...files.issues.filter((i) => i.reference)].map(issueKey)) };
  };
  const now = lackingIn(views);
  const { files } = now;
  const lacking = [...layoutIssues, ...files.issues.filter((i) => i.reference)].sort(byPlace);
  const invalid = files.issues.filter((i) => !i.reference && written.has(i.file)).map((i) => named(i, texts));

  // Which of them the pull leaves only because it keeps a view file deleted locally: the issues
  // that go once develop's copy of it is back — the way out is then that file, not the entries.
  const deleted = plan.changes.filter((c) => c.resource === 'view' && c.action === 'skip' && c.reason === REASONS.deletedLocalPull && c.remote && c.remote.viewType !== 'component' && !views.has(c.file));
  const keptDeleted: string[] = [];
  let lackingBesides = lacking.length > 0;
  if (lacking.length > 0 && deleted.length > 0) {
    const back = (cs: typeof deleted) => lackingIn(new Map<string, ViewLeft>([...views, ...cs.map((c): [string, ViewLeft] => [c.file, { file: c.file, view: c.remote! }])])).keys;
    const allBack = back(deleted);
    lackingBesides = [...now.keys].some((k) => allBack.has(k));
    if ([...now.keys].some((k) => !allBack.has(k))) {
      for (const c of deleted) {
        const oneBack = back([c]);
        if ([...now.keys].some((k) => !oneBack.has(k))) keptDeleted.push(c.file);
      }
    }
  }
  return { lacking, keptDeleted, lackingBesides, invalid };
}

type ViewLeft = { file: string; view: Pick<ViewContent, 'viewType' | 'name' | 'layout'>; line?: number };
const issueKey = (i: ValidationIssue) => `${i.file}\0${i.line ?? ''}\0${i.field ?? ''}\0${i.message}`;

const byPlace = (a: ValidationIssue, b: ValidationIssue) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0));

/** An issue about an entry of endpoints.yaml, with the endpoint it is about named (`[3].key` → `develop's endpoint GET /x (a/../x)`). */
function named(issue: ValidationIssue, texts: LoadedExperienceFiles['texts']): ValidationIssue {
  const at = issue.file === ENDPOINTS_FILE ? /^\[(\d+)\]/.exec(issue.field ?? '') : null;
  if (!at) return issue;
  const entry = entryAt(texts[ENDPOINTS_FILE], Number(at[1]));
  if (!entry || typeof entry.route !== 'string') return issue;
  const label = endpointKind.label({ method: typeof entry.method === 'string' ? entry.method : 'get', route: entry.route, key: typeof entry.key === 'string' ? entry.key : undefined } as EndpointContent);
  return { ...issue, message: `develop's ${label}: ${issue.message}` };
}

function entryAt(text: string | undefined, i: number): Record<string, unknown> | undefined {
  const data = text === undefined ? undefined : readEndpointsFile(text).source?.data;
  const entry = Array.isArray(data) ? data[i] : undefined;
  return entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : undefined;
}
