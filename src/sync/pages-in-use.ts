// A deploy that deletes a page must not leave develop replying with it. When the folder manages
// endpoints (endpoints.yaml) and settings (experience.yaml's notFound/unauthorized), the folder's
// own checks refuse a page its entries still name; a kind the folder leaves alone is checked
// here against develop itself — one list per such kind, read only when the plan deletes a page
// (no other run pays for it) — and so are develop's endpoints a covered endpoints.yaml leaves
// alone (made in the UI, already listed). Losant answers 500 at a route whose page is gone.
import type { ExperienceClient } from '../api/types.js';
import { endpointKind, settingsKind, type EndpointContent, type NameResolver, type Reply, type SettingsContent } from '../project/resources/index.js';
import type { ValidationIssue } from '../project/issues.js';
import { viewDeletes, type Plan } from './change.js';
import type { ResourceKind } from './kinds.js';
import { DEVELOP } from './resource-requests.js';

/** Why a run leaves one of develop's endpoints alone (for the pages and groups it names: here and ./groups-in-use.ts). */
export type EndpointSource =
  | 'no-endpoints-file'
  | 'endpoints-file-not-in-run'
  | 'endpoints-file-invalid'
  | 'not-from-folder'
  /** An entry of the folder the run does not push (in conflict with develop's, or held). */
  | 'endpoint-not-pushed';

/** Why the folder leaves something that names a page alone. */
type Source = EndpointSource | 'no-settings' | 'settings-not-in-run' | 'settings-invalid';

/** Why develop's endpoints are left alone, from where endpoints.yaml stands. */
export function endpointsSource(file: KindFile): EndpointSource {
  return file === 'absent' ? 'no-endpoints-file' : file === 'invalid' ? 'endpoints-file-invalid' : 'endpoints-file-not-in-run';
}

/** Where the file of a kind the run does not cover stands: not in the folder, held back because it does not validate (watch), or outside the run. */
export type KindFile = 'absent' | 'invalid' | 'not-in-run';

/** A page this plan deletes that something on develop it does not touch still names. */
export interface PageInUse {
  /** The page's remote id. */
  id: string;
  name: string;
  file: string;
  /** What names it, for people (`endpoint GET /devices/{id} (reply)`, `develop's settings (notFound)`), and why the folder leaves it alone. */
  users: Array<{ what: string; source: Source }>;
}

const BY_ID: NameResolver = { pageName: (id) => id, groupName: (id) => id };

const namesPage = (r: Reply | null, page: string): boolean => r !== null && 'page' in r && r.page === page;

/**
 * The pages `plan` deletes that develop still uses in what the run leaves alone. `covered`: the
 * kinds the run covers (their lists are in the plan already); for endpoints and settings it does
 * not cover, develop is asked — only when the plan deletes a page.
 */
export async function pagesInUse(client: ExperienceClient, plan: Plan, fileOf: (kind: ResourceKind) => KindFile): Promise<PageInUse[]> {
  const covered = new Set(plan.kinds);
  const deletes = viewDeletes(plan, 'page');
  if (deletes.length === 0) return [];
  const [endpoints, develop] = await Promise.all([
    covered.has('endpoint') ? undefined : client.listEndpoints(),
    covered.has('settings') ? undefined : client.getVersion(DEVELOP),
  ]);
  // Pages by id (the remote form): the view list of a watch batch names no other page.
  const uncovered = (endpoints ?? []).map((e) => endpointKind.fromWire(e, BY_ID).content as EndpointContent);
  const settings = develop ? (settingsKind.fromWire(develop, BY_ID).content as SettingsContent) : undefined;
  // A covered endpoints.yaml: develop's endpoints the plan leaves alone (made in the UI), pages by name.
  const leftAlone = plan.changes
    .filter((c) => c.resource === 'endpoint' && c.action === 'skip' && c.item?.remote !== undefined && c.item.local === undefined)
    .map((c) => c.item!.remote as EndpointContent);

  const found: PageInUse[] = [];
  for (const d of deletes) {
    const name = d.remote?.name ?? d.name;
    const users: PageInUse['users'] = [];
    const endpointUser = (e: EndpointContent, page: string, source: Source) => {
      const how = [namesPage(e.reply, page) ? 'reply' : '', namesPage(e.unauthorized, page) ? 'unauthorized reply' : ''].filter(Boolean).join(', ');
      if (how) users.push({ what: `${endpointKind.label(e)} (${how})`, source });
    };
    for (const e of uncovered) endpointUser(e, d.id!, endpointsSource(fileOf('endpoint')));
    for (const e of leftAlone) endpointUser(e, name, 'not-from-folder');
    if (settings) {
      const fields = [namesPage(settings.notFound, d.id!) ? 'notFound' : '', namesPage(settings.unauthorized, d.id!) ? 'unauthorized' : ''].filter(Boolean);
      if (fields.length > 0) users.push({ what: `develop's settings (${fields.join(', ')})`, source: SETTINGS_SOURCE[fileOf('settings')] });
    }
    if (users.length > 0) found.push({ id: d.id!, name, file: d.file, users });
  }
  return found;
}

const SETTINGS_SOURCE: Record<KindFile, Source> = { absent: 'no-settings', invalid: 'settings-invalid', 'not-in-run': 'settings-not-in-run' };

/** After an endpoint's label: why the run leaves it as develop has it. */
export const LEFT_ALONE_BECAUSE: Record<EndpointSource, string> = {
  'no-endpoints-file': `which deploy leaves alone without ${endpointKind.file}`,
  'endpoints-file-not-in-run': `which this run leaves alone (${endpointKind.file} is not part of it)`,
  'endpoints-file-invalid': `which this run leaves alone (${endpointKind.file} does not validate: not pushed until fixed)`,
  'not-from-folder': `not from this folder (made in Losant), which deploy leaves alone`,
  'endpoint-not-pushed': `which this run does not push (it differs from develop's in a way it does not resolve)`,
};

const WHY: Record<Source, string> = {
  ...LEFT_ALONE_BECAUSE,
  'no-settings': `which deploy leaves alone while ${settingsKind.file} declares no settings`,
  'settings-not-in-run': `which this run leaves alone (${settingsKind.file} is not part of it)`,
  'settings-invalid': `which this run leaves alone (${settingsKind.file} does not validate: not pushed until fixed)`,
};

const WAY: Record<Source, (many: boolean) => string> = {
  'no-endpoints-file': (many) => `add ${many ? 'the endpoints' : 'the endpoint'} to ${endpointKind.file} (lxp pull ${endpointKind.file} writes develop's) and point ${many ? 'them' : 'it'} at another page`,
  'endpoints-file-not-in-run': (many) => `point ${many ? 'the endpoints' : 'the endpoint'} at another page in ${endpointKind.file}`,
  'endpoints-file-invalid': (many) => `fix ${endpointKind.file} and point ${many ? 'the endpoints' : 'the endpoint'} at another page there`,
  'not-from-folder': (many) => `add ${many ? 'the endpoints' : 'the endpoint'} to ${endpointKind.file} and point ${many ? 'them' : 'it'} at another page`,
  'endpoint-not-pushed': () => `resolve the endpoint's difference with develop (lxp status says which) and point it at another page`,
  'no-settings': () => `declare notFound and unauthorized in ${settingsKind.file} (lxp pull ${settingsKind.file} writes develop's)`,
  'settings-not-in-run': () => `point the setting at another page in ${settingsKind.file}`,
  'settings-invalid': () => `fix ${settingsKind.file} and point the setting at another page there`,
};

/** Why the page is not deleted, and the ways out, for people (after `page "name" is `). */
export function pageInUseReason(p: PageInUse): string {
  const sources = [...new Set(p.users.map((u) => u.source))];
  const of = (s: Source) => p.users.filter((u) => u.source === s);
  const users = sources.map((s) => `${of(s).map((u) => u.what).join(' and ')}, ${WHY[s]}`).join('; by ');
  const many = p.users.length > 1;
  const ways = sources.map((s) => WAY[s](of(s).length > 1));
  return `still used on develop by ${users}: deleting the page would make ${many ? 'them' : 'it'} answer 500. Not deleted — ${ways.join('; or ')}; or delete or re-point ${many ? 'them' : 'it'} on develop first; or keep ${p.file}`;
}

/** The refusal of a deploy, one issue per page, at the page's file. */
export function pageInUseIssues(found: readonly PageInUse[]): ValidationIssue[] {
  return found.map((p) => ({ file: p.file, message: `page "${p.name}" is ${pageInUseReason(p)}` }));
}
