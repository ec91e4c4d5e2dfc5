// A deploy that deletes a group must not change who may call develop's endpoints behind the
// folder's back: Losant takes a deleted group out of every endpoint that lists it in its access
// (`experienceGroupIds`), so an endpoint restricted to that group silently changes its access.
// When endpoints.yaml is part of the run and validates, the folder's own checks refuse an entry
// naming a group groups.yaml no longer has; what the run leaves alone is checked here against
// develop — its endpoints when endpoints.yaml is absent, not part of the run (`lxp deploy
// groups.yaml`) or held because it does not validate (watch), and develop's endpoints a covered
// endpoints.yaml does not write (made in Losant, or in conflict) — one list, read only when the
// plan deletes a group. `lxp deploy` refuses such a delete before any write; `lxp watch` holds
// it (a `skip` saying why) until nothing names the group — the same rule as for pages
// (./pages-in-use.ts), whose wording of why a run leaves endpoints alone this shares.
import type { ExperienceClient } from '../api/types.js';
import { endpointKind, type EndpointContent } from '../project/resources/index.js';
import type { ValidationIssue } from '../project/issues.js';
import type { Plan } from './change.js';
import { endpointsSource, LEFT_ALONE_BECAUSE, type EndpointSource, type KindFile } from './pages-in-use.js';
import { BY_ID } from './remote-resources.js';

/** A group this plan deletes that an endpoint of develop the run leaves alone still lists in its access. */
export interface GroupInUse {
  /** The group's remote id. */
  id: string;
  name: string;
  file: string;
  users: Array<{ what: string; source: EndpointSource }>;
}

/** Actions that send the folder's entry for an endpoint (what it then names is the folder's, checked by the folder's checks). */
const SENDS = new Set(['create', 'update', 'rename', 'mark', 'delete']);

/**
 * The groups `plan` deletes that develop's endpoints the run leaves alone still list. For an
 * endpoints.yaml the run does not cover, develop's endpoints are listed — only when the plan
 * deletes a group.
 */
export async function groupsInUse(client: ExperienceClient, plan: Plan, fileOf: (kind: 'endpoint') => KindFile): Promise<GroupInUse[]> {
  const deletes = plan.changes.filter((c) => c.resource === 'group' && c.action === 'delete' && c.id !== undefined);
  if (deletes.length === 0) return [];
  const covered = plan.kinds.includes('endpoint');
  // Not covered: develop's endpoints, groups by id.
  const uncovered = covered ? [] : (await client.listEndpoints()).map((e) => endpointKind.fromWire(e, BY_ID).content as EndpointContent);
  // Covered: develop's side of every endpoint the plan does not write, groups by the folder's names.
  const leftAlone = covered
    ? plan.changes.filter((c) => c.resource === 'endpoint' && !SENDS.has(c.action) && c.item?.remote !== undefined)
    : [];
  const source = endpointsSource(fileOf('endpoint'));
  const found: GroupInUse[] = [];
  for (const d of deletes) {
    const name = d.name;
    const users: GroupInUse['users'] = [];
    for (const e of uncovered) if (e.groups.includes(d.id!)) users.push({ what: endpointKind.label(e), source });
    for (const c of leftAlone) {
      const e = c.item!.remote as EndpointContent;
      if (!e.groups.includes(name)) continue;
      // An entry of the folder in conflict is left alone too, but not "made in Losant".
      users.push({ what: endpointKind.label(e), source: c.item!.local === undefined ? 'not-from-folder' : 'endpoint-not-pushed' });
    }
    if (users.length > 0) found.push({ id: d.id!, name, file: d.file, users });
  }
  return found;
}

/** Why the group is not deleted, and the ways out, for people (after `group "name" is `). */
export function groupInUseReason(g: GroupInUse): string {
  const sources = [...new Set(g.users.map((u) => u.source))];
  const of = (s: EndpointSource) => g.users.filter((u) => u.source === s);
  const users = sources.map((s) => `${of(s).map((u) => u.what).join(' and ')}, ${LEFT_ALONE_BECAUSE[s]}`).join('; by ');
  const many = g.users.length > 1;
  const them = many ? 'them' : 'it';
  const ways = sources.map((s) => WAY[s](many));
  return `still in the access of develop's ${users}: deleting the group would take it out of ${them}, changing who may call ${them}. Not deleted — ${ways.join('; or ')}; or change ${them} on develop first; or keep the group in ${g.file}`;
}

const WAY: Record<EndpointSource, (many: boolean) => string> = {
  'no-endpoints-file': (many) => `add ${many ? 'the endpoints' : 'the endpoint'} to ${endpointKind.file} (lxp pull ${endpointKind.file} writes develop's) without the group`,
  'endpoints-file-not-in-run': () => `deploy ${endpointKind.file} with it (a whole lxp deploy), once its entries no longer name the group`,
  'endpoints-file-invalid': () => `fix ${endpointKind.file}, without the group in its entries`,
  'not-from-folder': (many) => `add ${many ? 'the endpoints' : 'the endpoint'} to ${endpointKind.file} without the group`,
  'endpoint-not-pushed': () => `resolve the endpoint's difference with develop (lxp status says which)`,
};

/** The refusal of a deploy, one issue per group, at groups.yaml. */
export function groupInUseIssues(found: readonly GroupInUse[]): ValidationIssue[] {
  return found.map((g) => ({ file: g.file, message: `group "${g.name}" is ${groupInUseReason(g)}` }));
}
