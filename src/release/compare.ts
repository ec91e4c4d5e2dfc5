// Does a set of remote views (develop, or a frozen version) hold exactly what the folder says?
// Every folder view must be there with equal content, and any other view is a difference —
// one made by hand in the Losant UI too, since a version would freeze it — unless the release
// was told to include such views (--include-remote: then only views lxp manages count), or its
// file would be one .lxpignore leaves alone. Pure.
import type { ApiView } from '../api/types.js';
import { canonicalContent, viewKey, type ViewContent, type ViewType } from '../project/view.js';
import { toRemoteViews } from '../sync/remote.js';

export interface FolderDifference {
  /** `viewType:name` */
  key: string;
  /**
   * missing: in the folder, not remote; changed: content differs; extra: managed remote view the folder lacks;
   * dangling: an endpoint the folder does not declare, kept by --include-remote, whose reply names a page by an
   * id the version has no page for (./compare-resources.ts).
   */
  kind: 'missing' | 'changed' | 'extra' | 'dangling';
}

export interface CompareOptions {
  /** Views made on develop (no managed tag) belong in the version: not a difference. */
  includeRemote?: boolean;
  /** Views the folder leaves alone (.lxpignore): never a difference. */
  ignores?: (viewType: ViewType, name: string) => boolean;
}

export function compareWithFolder(folder: ViewContent[], remote: ApiView[], opts: CompareOptions = {}): FolderDifference[] {
  const remoteByKey = new Map(toRemoteViews(remote).map((r) => [viewKey(r.content), r]));
  const diffs: FolderDifference[] = [];
  const folderKeys = new Set<string>();
  for (const v of folder) {
    const key = viewKey(v);
    folderKeys.add(key);
    const r = remoteByKey.get(key);
    if (!r) diffs.push({ key, kind: 'missing' });
    else if (canonicalContent(r.content) !== canonicalContent(v)) diffs.push({ key, kind: 'changed' });
  }
  for (const [key, r] of remoteByKey) {
    if (folderKeys.has(key) || opts.ignores?.(r.content.viewType, r.content.name)) continue;
    if (r.managed || !opts.includeRemote) diffs.push({ key, kind: 'extra' });
  }
  return diffs.sort((a, b) => a.key.localeCompare(b.key));
}

/** "3 views differ: page:Home (changed), component:nav (missing), …"; "1 resource differs: endpoint:GET / (changed)" (at most `max` named). */
export function describeDifferences(diffs: FolderDifference[], max = 5): string {
  const named = diffs.slice(0, max).map((d) => `${d.key} (${d.kind === 'dangling' ? 'names a page by a deleted id' : d.kind})`);
  const more = diffs.length > max ? `, and ${diffs.length - max} more` : '';
  // Keys of endpoints and settings start with their kind ("endpoint:GET /"); views' with their type.
  const unit = diffs.every((d) => /^(layout|page|component):/.test(d.key)) ? 'view' : 'resource';
  return `${diffs.length === 1 ? `1 ${unit} differs` : `${diffs.length} ${unit}s differ`}: ${named.join(', ')}${more}`;
}
