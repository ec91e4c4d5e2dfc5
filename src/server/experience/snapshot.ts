// The store, read as the experience runtime needs it: one version's endpoints, views and
// settings (frozen in that version), and one runtime per version, rebuilt only when a
// fingerprint of its rows changes — so a page edited through the API shows on the next request.
import { ExperienceRuntime, type ExperienceSnapshot, type ReplyProvider, type RuntimeEndpoint, type RuntimeView, type StoredReply, type UserDirectory } from '../../runtime/index.js';
import { fileForView } from '../../project/index.js';
import { KEY_TAG } from '../../project/resources/index.js';
import { LRUCache } from 'lru-cache';
import type { Store } from '../store/index.js';
import type { VersionRecord } from '../store/versions.js';

export function snapshotOf(store: Store, appId: string, version: VersionRecord): ExperienceSnapshot {
  const app = store.apps.get(appId);
  const views: RuntimeView[] = store.views.all(appId, version.id).map((v) => ({
    id: v.id,
    viewType: v.viewType,
    name: v.name,
    description: v.doc.description,
    layout: v.viewType === 'page' ? (v.layoutName ?? (v.layoutId ? `(deleted layout ${v.layoutId})` : null)) : null,
    contentType: v.viewType === 'page' ? (v.doc.headers?.['content-type'] ?? null) : null,
    tags: { ...v.doc.viewTags },
    body: v.doc.body,
    // Where `lxp pull` would write it: render errors name that file.
    file: fileForView(v.viewType, v.name, new Set()),
  }));
  const endpoints: RuntimeEndpoint[] = store.endpoints.all(appId, version.id).map((e) => ({
    id: e.id,
    method: e.method,
    route: e.route,
    enabled: e.doc.enabled,
    access: e.doc.access as RuntimeEndpoint['access'],
    experienceGroupIds: e.doc.experienceGroupIds,
    description: e.doc.description,
    endpointTags: e.doc.endpointTags,
    staticReply: (e.doc.staticReply ?? null) as StoredReply | null,
    unauthorizedReply: (e.doc.unauthorizedReply ?? null) as StoredReply | null,
    ...(e.doc.deviceIdTemplate !== undefined ? { deviceIdTemplate: e.doc.deviceIdTemplate } : {}),
    // The folder's key, which lxp deploy records as a tag: its reply file is replies/<key>.yaml, as in lxp dev.
    ...(e.doc.endpointTags?.[KEY_TAG] ? { key: e.doc.endpointTags[KEY_TAG] } : {}),
  }));
  const d = version.doc;
  return {
    application: { id: appId, name: app?.name ?? `Application ${appId}` },
    version: {
      name: version.name,
      globals: d.globals,
      notFoundReply: (d.notFoundReply ?? null) as StoredReply | null,
      unauthorizedReply: (d.unauthorizedReply ?? null) as StoredReply | null,
      endpointDefaultCors: d.endpointDefaultCors,
      allowedCorsOrigins: d.allowedCorsOrigins,
      responseHeaders: d.responseHeaders,
    },
    endpoints,
    views,
  };
}

/** How many versions' runtimes stay built (each holds a version's compiled views). */
export const RUNTIMES_KEPT = 32;

/**
 * One runtime per (application, version), kept while the version's rows stay the same; the
 * least recently served are dropped beyond `max` (a long-running server that has served many
 * versions, deleted ones included, would otherwise keep all their compiled templates).
 */
export class RuntimeCache {
  private readonly entries: LRUCache<string, { fingerprint: string; runtime: ExperienceRuntime }>;

  constructor(
    private readonly store: Store,
    private readonly deps: { usersFor: (appId: string) => UserDirectory; replies?: ReplyProvider; warn?: (message: string) => void },
    max = RUNTIMES_KEPT,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** Runtimes currently built. */
  get size(): number {
    return this.entries.size;
  }

  get(appId: string, version: VersionRecord): ExperienceRuntime {
    const fingerprint = [
      version.id,
      version.updated,
      this.store.apps.get(appId)?.name ?? '',
      this.store.views.fingerprint(appId, version.id),
      this.store.endpoints.fingerprint(appId, version.id),
    ].join('|');
    const key = `${appId}:${version.id}`;
    const hit = this.entries.get(key);
    if (hit?.fingerprint === fingerprint) return hit.runtime;
    const snapshot = snapshotOf(this.store, appId, version);
    // A new application name reaches helpers through the renderer's options: build afresh then.
    const runtime = hit && hit.runtime.applicationName === snapshot.application.name ? hit.runtime : new ExperienceRuntime(snapshot, { users: this.deps.usersFor(appId), replies: this.deps.replies, warn: (m) => this.deps.warn?.(`application ${appId}, version "${version.name}": ${m}`) });
    if (runtime === hit?.runtime) runtime.update(snapshot);
    this.entries.set(key, { fingerprint, runtime });
    return runtime;
  }
}
