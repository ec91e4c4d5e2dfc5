// A static reply (endpoint reply, unauthorized reply, the experience's not-found reply):
// a page rendered by name, or a redirect. On the wire: { type, value, statusCode } with the
// page's id as value.
import type { IdResolver, NameMap, NameResolver } from './kind.js';
import { UnresolvedNameError } from './kind.js';

export type Reply = { page: string; status: number | null } | { redirect: string; status: number | null };

export interface WireReply {
  type: 'page' | 'redirect';
  value: string;
  statusCode?: number;
}

/** The folder's spelling: { page: home, status: 200 }, status only when given. */
export function replyToYaml(r: Reply | null): Record<string, unknown> | null {
  if (r === null) return null;
  const out: Record<string, unknown> = 'page' in r ? { page: r.page } : { redirect: r.redirect };
  if (r.status !== null) out.status = r.status;
  return out;
}

export function replyToWire(r: Reply | null, ids: IdResolver): WireReply | null {
  if (r === null) return null;
  let out: WireReply;
  if ('page' in r) {
    const id = ids.pageId(r.page);
    if (id === undefined) throw new UnresolvedNameError('page', r.page);
    out = { type: 'page', value: id };
  } else {
    out = { type: 'redirect', value: r.redirect };
  }
  if (r.status !== null) out.statusCode = r.status;
  return out;
}

export function replyFromWire(w: WireReply | null | undefined, names: NameResolver, unresolved: string[]): Reply | null {
  if (!w) return null;
  const status = typeof w.statusCode === 'number' ? w.statusCode : null;
  if (w.type === 'page') {
    const name = names.pageName(w.value);
    if (name === undefined) unresolved.push(`page:${w.value}`);
    return { page: name ?? w.value, status };
  }
  return { redirect: w.value, status };
}

/** The reply with its page name passed through `map` (a redirect is unchanged). */
export function mapReply(r: Reply | null, map: NameMap): Reply | null {
  return r !== null && 'page' in r ? { page: map.page(r.page), status: r.status } : r;
}
