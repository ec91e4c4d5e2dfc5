// The API's lists of endpoints, groups, develop's settings, slugs and domains → the planner's
// remote records: each read as folder content twice — with the target's current names (what a
// pull writes, what a diff shows) and with ids in place of names (what the three-way compare
// hashes, so a renamed page or group changes no record that names it). PURE.
import { createHash } from 'node:crypto';
import type { ApiDomain, ApiEndpoint, ApiGroup, ApiSlug, ApiVersion, ApiView } from '../api/types.js';
import { settingsDefaults, settingsKind, type DomainContent, type NameResolver, type ResourceKind, type SettingsContent } from '../project/resources/index.js';
import { FOLDER_KINDS } from './kinds.js';

/** A remote resource as the planner sees it. */
export interface RemoteResource<C = unknown> {
  id: string;
  lastUpdated: string;
  /** Carries lxp's reserved tag: created or updated by lxp from some folder. */
  managed: boolean;
  /** As folder content, with the target's current names. */
  content: C;
  /** As folder content, every page and group it names given by id. */
  idContent: C;
  /** Why deleting it needs --prune even when the folder dropped it (a group with users). */
  keep?: string;
  /** What goes with it when --prune deletes it anyway (a group's users lose their membership): said on the plan's line. */
  losing?: string;
  /** Why no deploy deletes it, --prune or not (a slug or domain serving a version: a release's address). */
  serves?: string;
  /** Pages and groups it names by an id the application does not have ("page:<id>"). */
  unresolved: string[];
}

export type RemoteResources = Partial<Record<ResourceKind, RemoteResource[]>>;

/** What was listed; a kind not listed is undefined (the run does not cover it). */
export interface RemoteLists {
  applicationId: string;
  views: readonly ApiView[];
  endpoints?: readonly ApiEndpoint[];
  groups?: readonly ApiGroup[];
  develop?: ApiVersion;
  slugs?: readonly ApiSlug[];
  domains?: readonly ApiDomain[];
}

/** A digest of what a domain serves: certificate and bundle ("none" without one). Never the text. */
export function certificateDigest(cert: string | null | undefined, bundle?: string | null): string {
  if (!cert) return 'none';
  return createHash('sha256').update(cert.trim()).update('\0').update((bundle ?? '').trim()).digest('hex');
}

export const BY_ID: NameResolver = { pageName: (id) => id, groupName: (id) => id };

export function toRemoteResources(lists: RemoteLists): RemoteResources {
  const pageNames = new Map(lists.views.filter((v) => v.viewType === 'page').map((v) => [v.id, v.name]));
  const groupNames = new Map((lists.groups ?? []).map((g) => [g.id, g.name]));
  const names: NameResolver = { pageName: (id) => pageNames.get(id), groupName: (id) => groupNames.get(id) };
  const read = <R extends object>(kind: ResourceKind, raw: R, extra: { id: string; lastUpdated?: string; keep?: string; losing?: string; serves?: string }): RemoteResource => {
    const k = FOLDER_KINDS[kind];
    const named = k.fromWire(raw, names);
    return {
      id: extra.id,
      lastUpdated: extra.lastUpdated ?? '',
      managed: k.isManaged(raw),
      content: named.content,
      idContent: k.fromWire(raw, BY_ID).content,
      ...(extra.keep ? { keep: extra.keep } : {}),
      ...(extra.losing ? { losing: extra.losing } : {}),
      ...(extra.serves ? { serves: extra.serves } : {}),
      unresolved: named.unresolved,
    };
  };
  const out: RemoteResources = {};
  if (lists.endpoints) out.endpoint = lists.endpoints.map((e) => read('endpoint', e, e));
  if (lists.groups) {
    out.group = lists.groups.map((g) => {
      const users = g.experienceUserIds?.length ?? 0;
      const has = `has ${users} user${users === 1 ? '' : 's'}`;
      return read('group', g, { ...g, keep: users > 0 ? `${has}: deleted only with --prune` : undefined, losing: users > 0 ? `${has}, who lose${users === 1 ? 's' : ''} this membership (the users stay)` : undefined });
    });
  }
  if (lists.develop) out.settings = [read('settings', lists.develop, lists.develop)];
  // The slug equal to the application id belongs to the application: never the folder's.
  if (lists.slugs) out.slug = lists.slugs.filter((s) => s.slug !== lists.applicationId).map((s) => read('slug', s, { id: s.id, lastUpdated: s.lastUpdated, serves: servesRelease('slug', s.version) }));
  if (lists.domains) {
    out.domain = lists.domains.map((d) => {
      const r = read('domain', d, { id: d.id, lastUpdated: d.lastUpdated, serves: servesRelease('domain', d.version) });
      const digest = certificateDigest(d.sslCert, d.sslBundle);
      return { ...r, content: { ...(r.content as DomainContent), certificateDigest: digest }, idContent: { ...(r.idContent as DomainContent), certificateDigest: digest } };
    });
  }
  return out;
}

/**
 * A slug or domain pointing at a version other than develop is where a release is served (often
 * production): no deploy deletes it, `--prune` or not — a line dropped from experience.yaml, or a
 * `release --prune` run to clear a view made in the UI, must not take a live site down.
 */
function servesRelease(kind: 'slug' | 'domain', version: string | null | undefined): string | undefined {
  if (!version || version === 'develop') return undefined;
  return `serves version ${version}: no deploy deletes a ${kind} that serves a version, --prune or not (point it at develop with lxp promote, or delete it in Losant)`;
}

/** develop's settings say nothing but Losant's defaults (a folder without settings need not pull them). */
export function isDefaultSettings(r: RemoteResource): boolean {
  return settingsKind.hash(r.content as SettingsContent) === settingsKind.hash(settingsDefaults());
}
