// The index's part about the experience at its routes: who is signed in, and every endpoint —
// GET routes as links, GET routes with parameters as a small form (/~lxp/go fills the route in
// and redirects), its access, and what answers it (a page, a redirect, a reply file with its
// scenarios, or nothing yet: the 501 page).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ExperienceUser } from '../render/context.js';
import { endpointKey, routeParams } from '../routing/index.js';
import { replyFileCandidates, SCENARIO_PARAM, type RuntimeEndpoint } from '../runtime/index.js';
import { esc, LXP_PREFIX } from './html.js';

/** Fills a route's parameters in: the form of a GET route with parameters submits here. */
export const GO_PATH = `${LXP_PREFIX}/go`;
/** The form field holding a parameter's value. */
export const PARAM_FIELD = 'param.';

/** What the folder has for a workflow endpoint: its reply file and the scenarios in it. */
export interface ReplyFileInfo {
  file: string;
  scenarios: string[];
  /** Why the file cannot be read, when it cannot. */
  problem?: string;
}

/** The reply file of an endpoint key, if the folder has one (the first of .yaml, .yml, .json). */
export async function replyFileInfo(dir: string, key: string): Promise<ReplyFileInfo | undefined> {
  for (const file of replyFileCandidates(key)) {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    try {
      const doc = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as { scenarios?: unknown } | null;
      const scenarios = doc && typeof doc === 'object' && doc.scenarios && typeof doc.scenarios === 'object' ? Object.keys(doc.scenarios) : [];
      return { file, scenarios };
    } catch (err) {
      return { file, scenarios: [], problem: (err as Error).message.split('\n')[0] };
    }
  }
  return undefined;
}

/**
 * The path a route gives with these parameter values, or a sentence saying which value is
 * missing. Values are %-encoded; a wildcard's value keeps its "/"; an empty optional parameter
 * drops out (`/devices/{id?}` → `/devices`).
 */
export function fillRoute(route: string, values: Record<string, string>): { path: string } | { problem: string } {
  let problem: string | undefined;
  const filled = route.replace(/\{([^}?*]+)(\?|\*\d*)?\}/g, (_, name: string, mod: string | undefined) => {
    const value = values[name] ?? '';
    if (value === '') {
      if (mod === '?' || mod === '*') return '';
      problem ??= `give a value for {${name}}`;
      return '';
    }
    return mod?.startsWith('*') ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  if (problem) return { problem };
  const path = filled.length > 1 ? filled.replace(/\/+$/, '') : filled;
  return { path: path || '/' };
}

export interface EndpointIndexInfo {
  hasEndpoints: boolean;
  endpoints: readonly RuntimeEndpoint[];
  /** Reply files by endpoint key, for the endpoints a workflow would answer. */
  replyFiles: Map<string, ReplyFileInfo | undefined>;
  /** The signed-in user; undefined when nobody can sign in here (`signInNote` says why). */
  user: ExperienceUser | null | undefined;
  signInNote?: string;
}

const access = (e: RuntimeEndpoint) =>
  e.access === 'group' ? `group: ${esc((e.experienceGroups ?? []).map((g) => g.name).join(', ') || 'none (nobody)')}` : e.access === 'device' ? `device: <code>${esc(e.deviceIdTemplate ?? '')}</code>` : esc(e.access);

function routeCell(e: RuntimeEndpoint): string {
  if (e.method.toLowerCase() !== 'get' || !e.enabled) return `<code>${esc(e.route)}</code>`;
  let params: string[];
  try {
    params = routeParams(e.route);
  } catch {
    return `<code>${esc(e.route)}</code>`;
  }
  if (params.length === 0) return `<a href="${esc(e.route)}"><code>${esc(e.route)}</code></a>`;
  const inputs = params.map((p) => `<input name="${esc(PARAM_FIELD + p)}" placeholder="${esc(p)}" aria-label="${esc(p)}">`).join('');
  return `<form class="route" method="get" action="${GO_PATH}"><code>${esc(e.route)}</code><input type="hidden" name="route" value="${esc(e.route)}">${inputs}<button type="submit">Open</button></form>`;
}

function replyCell(e: RuntimeEndpoint, files: EndpointIndexInfo['replyFiles']): string {
  const reply = e.staticReply;
  if (reply) return reply.type === 'page' ? `page <code>${esc(reply.value)}</code>` : `redirect to <code>${esc(reply.value)}</code>`;
  const key = e.key ?? endpointKey(e);
  const info = files.get(key);
  if (!info) return `workflow; no reply file: <span class="issue">501</span> (add <code>${esc(replyFileCandidates(key)[0] ?? `replies/${key}.yaml`)}</code>)`;
  if (info.problem) return `workflow: <code>${esc(info.file)}</code> <span class="issue">(${esc(info.problem)})</span>`;
  const scenarios =
    info.scenarios.length && e.method.toLowerCase() === 'get' && !e.route.includes('{')
      ? `; scenarios: ${info.scenarios.map((s) => `<a href="${esc(`${e.route}?${SCENARIO_PARAM}=${encodeURIComponent(s)}`)}">${esc(s)}</a>`).join(', ')}`
      : info.scenarios.length
        ? `; scenarios: ${info.scenarios.map(esc).join(', ')} (<code>?${SCENARIO_PARAM}=NAME</code>)`
        : '';
  return `workflow: <code>${esc(info.file)}</code>${scenarios}`;
}

export function endpointsSection(d: EndpointIndexInfo): string {
  const who =
    d.user === undefined
      ? `<p class="muted">No development sign-in${d.signInNote ? `: ${esc(d.signInNote)}` : '; visitors are anonymous.'}</p>`
      : d.user
        ? `<p>Signed in as <strong>${esc(d.user.email)}</strong> (groups: ${esc((d.user.experienceGroups ?? []).map((g) => g.name).join(', ') || 'none')}) · <a href="${LXP_PREFIX}/sign-in">sign in as someone else or sign out</a></p>`
        : `<p>Anonymous · <a href="${LXP_PREFIX}/sign-in">sign in as an experience user</a></p>`;
  if (!d.hasEndpoints) {
    return `<h2>Endpoints</h2>${who}<p class="muted">This folder has no <code>endpoints.yaml</code>, so the experience has no routes yet: every path but lxp's answers <code>404 {"error":"No endpoint found for route"}</code>, as Losant would. Add <code>endpoints.yaml</code> to browse the pages at their routes.</p>`;
  }
  const sorted = [...d.endpoints].sort((a, b) => (a.route === b.route ? a.method.localeCompare(b.method) : a.route.localeCompare(b.route)));
  const rows = sorted
    .map(
      (e) =>
        `<tr data-endpoint="${esc(`${e.method.toUpperCase()} ${e.route}`)}"><td>${esc(e.method.toUpperCase())}</td><td>${routeCell(e)}${e.enabled ? '' : ' <span class="muted">(disabled: not served)</span>'}${e.description ? `<br><span class="muted">${esc(e.description)}</span>` : ''}</td><td>${access(e)}</td><td>${replyCell(e, d.replyFiles)}</td></tr>`,
    )
    .join('');
  return `<h2>Endpoints</h2>${who}<table><tr><th>method</th><th>route</th><th>access</th><th>answered by</th></tr>${rows}</table>`;
}
