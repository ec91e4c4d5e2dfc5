// The two directions between the API's view records and lxp's ViewContent. Pure.
// Layouts are named, not referenced by id, in the folder; the layout id ⇄ name mapping comes
// from the same list of views the comparison uses, so no extra request is needed.
import type { ApiView, ApiViewPatch, ApiViewPost } from '../api/types.js';
import { MANAGED_TAG, MANAGED_TAG_VALUE, type ViewContent } from '../project/view.js';
import { emptyTags } from '../project/empty-tags.js';

/** A remote view as the planner sees it. */
export interface RemoteView {
  id: string;
  lastUpdated: string;
  /** Carries lxp's managed tag: created or updated by lxp from some folder. */
  managed: boolean;
  content: ViewContent;
}

/**
 * A page of develop whose layoutId names no layout (the layout was deleted in Losant; the page
 * fails to render there) reads as naming this: a name no folder gives, so that it differs from a
 * page with no layout as from a page naming a layout that exists — status and diff show it,
 * pull does not write it, deploy sends the folder's layout over it. The NUL character keeps it
 * out of every name a file can hold in practice.
 */
const MISSING_LAYOUT = '\u0000deleted layout ';

export function missingLayout(id: string): string {
  return `${MISSING_LAYOUT}${id}`;
}

/** The layout id of a missingLayout() name, or undefined for any other. */
export function missingLayoutId(layout: string | null): string | undefined {
  return layout?.startsWith(MISSING_LAYOUT) ? layout.slice(MISSING_LAYOUT.length) : undefined;
}

/** layout id → layout name, from a list of views. */
export function layoutNamesById(views: ApiView[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const v of views) if (v.viewType === 'layout') m.set(v.id, v.name);
  return m;
}

export function toViewContent(v: ApiView, layoutNames: Map<string, string>): ViewContent {
  const tags = emptyTags();
  for (const [k, val] of Object.entries(v.viewTags ?? {})) if (k !== MANAGED_TAG) tags[k] = val;
  const isPage = v.viewType === 'page';
  return {
    viewType: v.viewType,
    name: v.name,
    description: v.description ?? '',
    // The API names an existing layout (layoutName) even when the list at hand does not hold it (watch reads views by id).
    layout: isPage && v.layoutId ? (layoutNames.get(v.layoutId) ?? v.layoutName ?? missingLayout(v.layoutId)) : null,
    contentType: isPage ? (v.headers?.['content-type'] ?? null) : null,
    tags,
    body: v.body ?? '',
  };
}

export function toRemoteViews(list: ApiView[]): RemoteView[] {
  const names = layoutNamesById(list);
  return list.map((v) => ({
    id: v.id,
    lastUpdated: v.lastUpdated,
    managed: Object.prototype.hasOwnProperty.call(v.viewTags ?? {}, MANAGED_TAG),
    content: toViewContent(v, names),
  }));
}

export function managedTags(tags: Record<string, string>): Record<string, string> {
  const out = emptyTags();
  for (const [k, v] of Object.entries(tags)) if (k !== MANAGED_TAG) out[k] = v;
  out[MANAGED_TAG] = MANAGED_TAG_VALUE;
  return out;
}

/** Thrown when a page names a layout that the remote does not have (yet). */
export class MissingLayoutError extends Error {}

function resolveLayout(c: ViewContent, layoutIds: Map<string, string>): string | null {
  if (c.viewType !== 'page' || c.layout === null) return null;
  const id = layoutIds.get(c.layout);
  if (!id) throw new MissingLayoutError(`layout "${c.layout}" does not exist remotely`);
  return id;
}

/** The body of a create: every field, plus the managed tag. */
export function toApiPost(c: ViewContent, layoutIds: Map<string, string>): ApiViewPost {
  const body: ApiViewPost = {
    name: c.name,
    viewType: c.viewType,
    body: c.body,
    viewTags: managedTags(c.tags),
  };
  if (c.description !== '') body.description = c.description;
  if (c.viewType === 'page') {
    body.layoutId = resolveLayout(c, layoutIds);
    if (c.contentType !== null) body.headers = { 'content-type': c.contentType };
  }
  return body;
}

/**
 * The body of an update: every synced field (so fields cleared in the file are cleared
 * remotely), plus the managed tag.
 */
export function toApiPatch(c: ViewContent, layoutIds: Map<string, string>): ApiViewPatch {
  const body: ApiViewPatch = {
    name: c.name,
    description: c.description,
    body: c.body,
    viewTags: managedTags(c.tags),
  };
  if (c.viewType === 'page') {
    body.layoutId = resolveLayout(c, layoutIds);
    body.headers = c.contentType !== null ? { 'content-type': c.contentType } : {};
  }
  return body;
}
