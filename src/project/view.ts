// The one model of a view that every part of lxp compares: what a file says and what the API
// holds, reduced to the fields lxp syncs. Ids never appear here: the same folder deploys to
// several applications, so a view's identity in the folder is (viewType, name).
import { hash } from 'node:crypto';
import { emptyTags } from './empty-tags.js';

export const VIEW_TYPES = ['layout', 'page', 'component'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];

/** Folder of each view type inside an experience folder. */
export const VIEW_TYPE_FOLDERS: Record<ViewType, string> = {
  layout: 'layouts',
  page: 'pages',
  component: 'components',
};

/**
 * The view tag lxp puts on every view it creates or updates, so that a fresh checkout (no
 * .lxp/ state) can tell views it manages (deleted locally → delete remotely) from views made
 * by hand in the Losant UI (left alone unless --prune). Never shown in front matter and not
 * part of a view's content hash; a file may not set it.
 */
export const MANAGED_TAG = 'lxp-managed';
export const MANAGED_TAG_VALUE = 'true';

/** Everything about a view that lxp syncs, with defaults filled in. */
export interface ViewContent {
  viewType: ViewType;
  name: string;
  /** '' when absent. */
  description: string;
  /** Pages only: the layout's name; null = no layout. Always null for layouts and components. */
  layout: string | null;
  /** Pages only: headers['content-type']; null = the default (text/html). */
  contentType: string | null;
  /** viewTags without MANAGED_TAG; {} when absent. */
  tags: Record<string, string>;
  body: string;
}

/** A view as read from a file in the folder. */
export interface LocalView extends ViewContent {
  /** Path of the file relative to the experience folder, with forward slashes (e.g. "pages/admin/users.hbs"). */
  file: string;
}

/** Key that identifies a view inside one version: names are unique per (version, viewType). */
export function viewKey(v: { viewType: ViewType; name: string }): string {
  return `${v.viewType}:${v.name}`;
}

function sortedTags(tags: Record<string, string>): Record<string, string> {
  const out = emptyTags();
  for (const k of Object.keys(tags).sort()) if (k !== MANAGED_TAG) out[k] = tags[k];
  return out;
}

/** Canonical JSON of a view's content: field order and tag order fixed, managed tag dropped. */
export function canonicalContent(v: ViewContent): string {
  return JSON.stringify([
    v.viewType,
    v.name,
    v.description,
    v.viewType === 'page' ? v.layout : null,
    v.viewType === 'page' ? v.contentType : null,
    sortedTags(v.tags),
    v.body,
  ]);
}

/**
 * Hashes known without hashing: a view read from the folder's index (its file unchanged since the
 * hash was taken) or a remote view its sync record vouches for. Only for objects nobody changes
 * afterwards (views are never edited in place).
 */
const knownHashes = new WeakMap<ViewContent, string>();

/** Records `v`'s content hash, taken earlier from the same content (see knownHashes). */
export function rememberHash(v: ViewContent, contentHash: string): void {
  knownHashes.set(v, contentHash);
}

/** sha256 of the canonical content: what .lxp/state.json records as "last synced". */
export function hashContent(v: ViewContent): string {
  return knownHashes.get(v) ?? hash('sha256', canonicalContent(v), 'hex');
}

/** Views whose body is read on first use (files skipped by stat), with their body readers. */
const lazyBodies = new WeakMap<ViewContent, () => string>();

/**
 * The getter of every lazy body: one function for all of them, so the views share one hidden
 * class. A getter of its own per view (its reader) gave each view a map of its own — V8 then
 * keeps them as dictionaries: ~2× the memory and slower to make and read (5000 at a time in a
 * run that skips its files by stat).
 */
function lazyBody(this: ViewContent): string {
  const readBody = lazyBodies.get(this);
  if (!readBody) throw new Error('a lazy view body read away from its view (a bug in lxp)');
  return readBody();
}

/**
 * A view whose body is read only when asked for (`readBody`, memoised by the caller), with its
 * content hash known. The body is an own enumerable getter: spreading or serialising the view
 * reads it, so nothing ever sees a view without its body.
 */
export function withLazyBody<V extends ViewContent>(fields: Omit<V, 'body'>, readBody: () => string, contentHash: string): V {
  const view = fields as V;
  Object.defineProperty(view, 'body', { get: lazyBody, enumerable: true, configurable: true });
  lazyBodies.set(view, readBody);
  rememberHash(view, contentHash);
  return view;
}

/**
 * A view's content without its file; a body not read yet stays unread, and a hash known for the
 * view stays known for its content (the file is not part of it): a deploy's record of a created
 * view then reuses the hash its plan took instead of hashing the content again.
 */
export function contentOf(l: LocalView): ViewContent {
  const readBody = lazyBodies.get(l);
  if (!readBody) {
    const { file: _file, ...content } = l;
    const known = knownHashes.get(l);
    if (known !== undefined) knownHashes.set(content, known);
    return content;
  }
  const { viewType, name, description, layout, contentType, tags } = l;
  return withLazyBody<ViewContent>({ viewType, name, description, layout, contentType, tags }, readBody, hashContent(l));
}
