// An endpoint made in the Losant UI whose reply names a page develop has no page for (the page
// was deleted in Losant, not re-created by a deploy: ./page-repoints.ts handles those) answers 500
// there. A deploy leaves it alone like everything made in the UI, but says so, and a release
// never freezes it — not even with --include-remote, which keeps what the UI made
// (../release/develop-check.ts; its read-back, ../release/compare-resources.ts). PURE.
import type { PlannedChange } from './change.js';
import type { RemoteResource } from './remote-resources.js';

/** The new-remote endpoints of a deploy-direction plan whose reply names a page develop lacks: `pageGone` and the reason say it. */
export function markDanglingReplies(changes: PlannedChange[], endpoints: readonly RemoteResource[] | undefined): PlannedChange[] {
  const gone = new Map<string, string[]>();
  for (const r of endpoints ?? []) {
    const pages = r.unresolved.filter((u) => u.startsWith('page:')).map((u) => u.slice('page:'.length));
    if (pages.length > 0) gone.set(r.id, pages);
  }
  if (gone.size === 0) return changes;
  return changes.map((c) => {
    const pages = c.id === undefined ? undefined : gone.get(c.id);
    // A repoint (or its skip) already says what names a re-created page's old id.
    if (!pages || c.resource !== 'endpoint' || c.kind !== 'new-remote' || c.action !== 'skip' || c.repoint) return c;
    const ids = pages.join(', ');
    // Made in the UI: no entry of the folder holds it, and the line must not read as endpoints.yaml's content.
    return { ...c, pageGone: pages, notInFolder: true, reason: `${c.reason ?? 'not from this folder'}; its reply names a page by an id develop has no page for (${ids}: deleted in Losant), so it fails there — point it at a page in Losant` };
  });
}
