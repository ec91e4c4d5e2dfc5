// Slugs and domains are the public addresses of an experience; each names the version it
// serves. A release or a promotion re-points them by name. Planning is pure; applying re-points
// one at a time so a failure can say exactly which were moved.
import type { ApiDomain, ApiSlug, ExperienceClient } from '../api/types.js';
import { invalid, ReleaseError } from './errors.js';

export type PointerKind = 'slug' | 'domain';

/** A slug or domain as a release sees it. */
export interface Pointer {
  kind: PointerKind;
  id: string;
  /** The slug, or the domain name. */
  name: string;
  /** The version it serves now (null: none). */
  version: string | null;
}

/** One slug or domain moved (or to be moved) from one version to another. */
export interface Repoint {
  kind: PointerKind;
  id: string;
  name: string;
  from: string | null;
  to: string;
  /** False when it already served `to`: nothing to send. */
  changed: boolean;
  /**
   * Missing before the release: experience.yaml lists it, so the release's deploy creates it at
   * develop (`from`), then the version takes it. In a dry run its `id` is empty (not made yet).
   */
  created?: boolean;
}

export interface PointerRequest {
  slugs: string[];
  domains: string[];
}

/**
 * The requested slugs and domains among those that exist, in the order asked (duplicates
 * dropped). Domain names compare case-insensitively, like DNS. Pure.
 */
export function matchPointers(
  requested: PointerRequest,
  available: { slugs: ApiSlug[]; domains: ApiDomain[] },
): { pointers: Pointer[]; unknown: Array<{ kind: PointerKind; name: string }> } {
  const pointers: Pointer[] = [];
  const unknown: Array<{ kind: PointerKind; name: string }> = [];
  for (const name of new Set(requested.slugs)) {
    const s = available.slugs.find((x) => x.slug === name);
    if (s) pointers.push({ kind: 'slug', id: s.id, name: s.slug, version: s.version ?? null });
    else unknown.push({ kind: 'slug', name });
  }
  const seen = new Set<string>();
  for (const name of requested.domains) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const d = available.domains.find((x) => x.domainName.toLowerCase() === key);
    if (d) pointers.push({ kind: 'domain', id: d.id, name: d.domainName, version: d.version ?? null });
    else unknown.push({ kind: 'domain', name });
  }
  return { pointers, unknown };
}

/** What pointing `pointers` at `version` changes. Pure. */
export function planRepoints(pointers: Pointer[], version: string): Repoint[] {
  return pointers.map((p) => ({ kind: p.kind, id: p.id, name: p.name, from: p.version, to: version, changed: p.version !== version }));
}

/** Reads slugs/domains and resolves the requested names; unknown names are an error (exit 2) listing what exists. */
export async function readPointers(client: ExperienceClient, requested: PointerRequest): Promise<Pointer[]> {
  return (await resolvePointers(client, requested)).pointers;
}

/**
 * readPointers for a release: a requested name that does not exist yet but that the folder
 * declares (experience.yaml's `slugs:`/`domains:`, which the release's deploy creates at
 * develop) is `pending`, not an error. Any other unknown name is an error (exit 2).
 */
export async function resolvePointers(
  client: ExperienceClient,
  requested: PointerRequest,
  declared: PointerRequest = { slugs: [], domains: [] },
): Promise<{ pointers: Pointer[]; pending: PointerRequest }> {
  const pending: PointerRequest = { slugs: [], domains: [] };
  if (requested.slugs.length === 0 && requested.domains.length === 0) return { pointers: [], pending };
  const [slugs, domains] = await Promise.all([
    requested.slugs.length ? client.listSlugs() : Promise.resolve([] as ApiSlug[]),
    requested.domains.length ? client.listDomains() : Promise.resolve([] as ApiDomain[]),
  ]);
  const { pointers, unknown } = matchPointers(requested, { slugs, domains });
  const isDeclared = (u: { kind: PointerKind; name: string }) =>
    u.kind === 'slug' ? declared.slugs.includes(u.name) : declared.domains.some((d) => d.toLowerCase() === u.name.toLowerCase());
  const missing = unknown.filter((u) => !isDeclared(u));
  if (missing.length) {
    const lines = missing.map((u) => {
      const have = u.kind === 'slug' ? slugs.map((s) => s.slug) : domains.map((d) => d.domainName);
      return `no ${u.kind} "${u.name}" in this application (${u.kind}s: ${have.length ? have.join(', ') : 'none'})`;
    });
    throw invalid(lines.join('\n'), 'not-found');
  }
  for (const u of unknown) (u.kind === 'slug' ? pending.slugs : pending.domains).push(u.name);
  return { pointers, pending };
}

/**
 * Sends the changed re-points one by one. On a failure it says which moved and which did not,
 * and that running the same command again finishes the job (re-pointing is idempotent).
 */
export async function applyRepoints(client: ExperienceClient, repoints: Repoint[], doneBefore: string[] = []): Promise<void> {
  const done = [...doneBefore];
  const todo = repoints.filter((r) => r.changed);
  for (let i = 0; i < todo.length; i++) {
    const r = todo[i];
    try {
      if (r.kind === 'slug') await client.patchSlug(r.id, { version: r.to });
      else await client.patchDomain(r.id, { version: r.to });
      done.push(`${r.kind} ${r.name}: ${r.from ?? '(none)'} → ${r.to}`);
    } catch (err) {
      const notDone = todo.slice(i).map((x) => `${x.kind} ${x.name}: still ${x.from ?? '(none)'}, not re-pointed to ${x.to}`);
      const reason = err instanceof Error ? err.message : String(err);
      throw new ReleaseError(
        [`re-pointing ${r.kind} ${r.name} failed: ${reason}`, ...done.map((d) => `  done: ${d}`), ...notDone.map((n) => `  not done: ${n}`), 'Run the same command again to finish.'].join('\n'),
        1,
        done,
        notDone,
      );
    }
  }
}
