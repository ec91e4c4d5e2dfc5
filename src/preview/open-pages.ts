// Which open pages a change concerns, whatever they show (see LiveKey in ./html.ts): the index
// always; a page's preview by the page-dependency graph (./page-graph.ts); a URL of the
// experience by the files its last answer used (remembered when it was served).
import type { ProjectGraph } from '../render/dependencies.js';
import type { LiveKey } from './html.js';
import { needsReload } from './page-graph.js';

/** Most URLs whose dependencies are remembered (the oldest are forgotten: they then re-render on any change). */
const MAX_URLS = 1000;

export interface OpenPages {
  /** A URL of the experience was answered: what its answer depended on (undefined: any change may matter). */
  answered(key: LiveKey, files: Set<string> | undefined): void;
  /** Whether the open page `key` must re-render after `changed` files (undefined: any file). */
  concerns(key: LiveKey, before: ProjectGraph, after: ProjectGraph, changed: ReadonlySet<string> | undefined): boolean;
}

export function createOpenPages(): OpenPages {
  const urlDeps = new Map<LiveKey, Set<string> | undefined>();
  return {
    answered(key, files) {
      urlDeps.delete(key); // re-inserted: the newest last, the oldest first to go
      urlDeps.set(key, files);
      if (urlDeps.size > MAX_URLS) urlDeps.delete(urlDeps.keys().next().value!);
    },
    concerns(key, before, after, changed) {
      if (key.startsWith('page:')) return needsReload(key.slice('page:'.length), before, after, changed);
      if (!key.startsWith('url:') || !changed) return true;
      const deps = urlDeps.get(key);
      return deps === undefined || [...changed].some((f) => deps.has(f));
    },
  };
}
