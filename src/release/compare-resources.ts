// Does a version (develop, or a frozen one) hold the endpoints and settings the folder declares?
// The same rule as for views (./compare.ts): every endpoint of endpoints.yaml must be there with
// equal content, any other endpoint is a difference (unless the release includes what develop made:
// then only those lxp manages, and one whose reply names a page by an id the version has no page
// for — a reply that fails, which no release freezes: see ../sync/dangling-replies.ts), and so are develop's settings when experience.yaml declares them. Groups, slugs and domains are not
// part of a version. Pure.
import type { ApiEndpoint, ApiVersion, ApiView } from '../api/types.js';
import { endpointKind, settingsKind, type EndpointContent, type SettingsContent } from '../project/resources/index.js';
import { toRemoteResources } from '../sync/remote-resources.js';
import type { FolderDifference } from './compare.js';

/** What the folder declares that a version freezes; undefined = the folder does not declare it. */
export interface FolderVersionedResources {
  endpoints?: EndpointContent[];
  settings?: SettingsContent;
}

export interface VersionContent {
  views: readonly ApiView[];
  endpoints: readonly ApiEndpoint[];
  /** The version itself: its settings. */
  version: ApiVersion;
}

/**
 * `includeRemote`: endpoints made on develop (without lxp's tag) belong in the version, as views
 * do with --include-remote; otherwise any endpoint the folder lacks is a difference.
 */
export function compareResourcesWithFolder(folder: FolderVersionedResources, remote: VersionContent, applicationId: string, opts: { includeRemote?: boolean } = {}): FolderDifference[] {
  const diffs: FolderDifference[] = [];
  const read = toRemoteResources({ applicationId, views: remote.views, endpoints: remote.endpoints, develop: remote.version });
  if (folder.endpoints) {
    const byIdentity = new Map((read.endpoint ?? []).map((r) => [endpointKind.identity(r.content as EndpointContent), r]));
    const declared = new Set<string>();
    for (const e of folder.endpoints) {
      const identity = endpointKind.identity(e);
      declared.add(identity);
      const r = byIdentity.get(identity);
      const key = `endpoint:${identity}`;
      if (!r) diffs.push({ key, kind: 'missing' });
      else if (endpointKind.hash(endpointKind.alignRemote(r.content as EndpointContent, e)) !== endpointKind.hash(e)) diffs.push({ key, kind: 'changed' });
    }
    for (const [identity, r] of byIdentity) {
      if (declared.has(identity)) continue;
      if (r.managed || !opts.includeRemote) diffs.push({ key: `endpoint:${identity}`, kind: 'extra' });
      else if (r.unresolved.some((u) => u.startsWith('page:'))) diffs.push({ key: `endpoint:${identity}`, kind: 'dangling' });
    }
  }
  if (folder.settings) {
    const r = read.settings?.[0];
    if (!r || settingsKind.hash(r.content as SettingsContent) !== settingsKind.hash(folder.settings)) diffs.push({ key: 'settings:develop', kind: 'changed' });
  }
  return diffs.sort((a, b) => a.key.localeCompare(b.key));
}
