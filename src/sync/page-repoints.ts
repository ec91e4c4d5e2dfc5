// A page deleted in Losant while develop's endpoints or settings still reply with it gets a new id
// when `deploy --force` re-creates it. What the deploy writes from the folder (endpoints.yaml,
// experience.yaml's settings) names the page by name and so follows it; what it does not write —
// an endpoint made in the UI, settings experience.yaml leaves alone, a file out of a narrowed run
// — would still name the deleted id, and answer 500. This adds one `repoint` change per such
// resource: a PATCH of its reply fields alone, to the new page's id, after the create.
//
// The page's sync record keeps the ids it replaced (StateEntry.replaced) while anything of
// develop may still name them, so a repoint that failed or never ran (kill -9 after the create)
// is found again by the next run — repointed by `deploy --force`, said by every other run — and
// a pair whose recorded id differs from develop's (the create landed, its record did not) is read
// the same way. PURE.
import { REQUEST_ACTIONS, type PlannedChange, type Repoint, type RepointReply } from './change.js';
import { FOLDER_KINDS } from './kinds.js';
import type { RemoteResource } from './remote-resources.js';

/** develop's endpoints and settings, however the run listed them; a kind undefined was not listed. */
export interface Namers {
  endpoint?: readonly RemoteResource[];
  settings?: readonly RemoteResource[];
}

type NamerKind = keyof Namers;

/** The reply fields of each kind that name a page: the folder's key → the API's field. */
const REPLY_FIELDS: Record<NamerKind, ReadonlyArray<readonly [string, RepointReply['field'], string]>> = {
  endpoint: [
    ['reply', 'staticReply', 'reply'],
    ['unauthorized', 'unauthorizedReply', 'unauthorized reply'],
  ],
  settings: [
    ['notFound', 'notFoundReply', 'notFound'],
    ['unauthorized', 'unauthorizedReply', 'unauthorized'],
  ],
};

/** Where a page that replaced old ids is after the run: created by it (its id known once applied), or already on develop. */
interface Target {
  page: string;
  /** The create of this run that makes it (deploy --force), else undefined. */
  createdBy?: string;
  /** Its id on develop, when it is there already. */
  id?: string;
}

const pageReply = (r: unknown): { page: string; status: number | null } | undefined =>
  r !== null && typeof r === 'object' && 'page' in r ? (r as { page: string; status: number | null }) : undefined;

/** The page changes that carry replaced ids, each with its old ids and where it is after the run. */
function replacingPages(changes: readonly PlannedChange[]): Array<{ c: PlannedChange; old: string[]; target?: Target }> {
  const out: Array<{ c: PlannedChange; old: string[]; target?: Target }> = [];
  for (const c of changes) {
    const S = c.synced;
    if (c.resource !== 'view' || c.viewType !== 'page' || !S) continue;
    const earlier = S.replaced ?? [];
    if (c.action === 'create') {
      // deploy --force re-creating a page deleted in Losant: its recorded id is gone.
      out.push({ c, old: [S.id, ...earlier], target: { page: c.name, createdBy: c.key } });
    } else if (c.remote && c.id !== undefined && c.action !== 'delete' && c.action !== 'remove' && c.action !== 'conflict') {
      // On develop under another id than recorded (a create whose record was lost), or with ids it replaced.
      const old = [...(S.id !== c.id ? [S.id] : []), ...earlier];
      if (old.length > 0) out.push({ c, old, target: { page: c.remote.name, id: c.id } });
    } else if (earlier.length > 0 && c.action !== 'delete') {
      out.push({ c, old: earlier });
    }
  }
  return out;
}

/** What a page change makes of old ids nothing names any more: dropped from its record, once every namer was listed. */
export function planRepoints(
  changes: PlannedChange[],
  namers: Namers,
  opts: { direction: 'deploy' | 'pull'; force: boolean; inFolder?: (kind: NamerKind, r: RemoteResource) => boolean },
): PlannedChange[] {
  const pages = replacingPages(changes);
  if (pages.length === 0) return changes;
  const complete = namers.endpoint !== undefined && namers.settings !== undefined;
  const targetOf = new Map<string, Target>();
  const pageOf = new Map<string, string>();
  for (const p of pages) {
    for (const id of p.old) {
      pageOf.set(id, p.c.name);
      if (p.target) targetOf.set(id, p.target);
    }
  }
  const old = new Set(pages.flatMap((p) => p.old));

  // Every endpoint and settings of develop naming an old id, with the reply fields that do.
  const named = new Set<string>();
  const users: Array<{ kind: NamerKind; r: RemoteResource; replies: Array<RepointReply & { label: string }> }> = [];
  for (const kind of ['endpoint', 'settings'] as const) {
    for (const r of namers[kind] ?? []) {
      const replies: Array<RepointReply & { label: string }> = [];
      for (const [key, field, label] of REPLY_FIELDS[kind]) {
        const reply = pageReply((r.idContent as Record<string, unknown>)[key]);
        if (!reply || !old.has(reply.page) || !r.unresolved.includes(`page:${reply.page}`)) continue;
        named.add(reply.page);
        const t = targetOf.get(reply.page);
        replies.push({ field, label, from: reply.page, status: reply.status, page: t?.page ?? pageOf.get(reply.page)!, ...(t?.id !== undefined ? { pageId: t.id } : {}) });
      }
      if (replies.length > 0) users.push({ kind, r, replies });
    }
  }
  // The record keeps the old ids something may still name (all of them while a namer is unlisted).
  for (const p of pages) p.c.replaced = complete ? p.old.filter((id) => named.has(id)) : p.old;
  if (opts.direction !== 'deploy') return changes;

  const out = [...changes];
  for (const { kind, r, replies } of users) {
    // The folder writes it (its entry names the page by name) or deletes it: nothing to repoint.
    const own = out.findIndex((c) => c.resource === kind && c.id === r.id);
    const mine = own >= 0 ? out[own] : undefined;
    if (mine && REQUEST_ACTIONS.has(mine.action)) continue;
    const label = FOLDER_KINDS[kind].identity(r.content);
    const fixable = replies.every((x) => targetOf.has(x.from));
    const repoint: Repoint = { replies: replies.map(({ label: _l, ...x }) => x) };
    const what = replies.map((x) => `its ${x.label} names page "${x.page}" by an id develop no longer has (${x.from})`).join(', and ');
    const doIt = opts.force && fixable;
    const pointed = [...new Set(replies.map((x) => {
      const t = targetOf.get(x.from);
      return t?.createdBy !== undefined ? `the page "${t.page}" this deploy re-creates` : `page "${x.page}" (id ${x.pageId})`;
    }))].join(' and ');
    const reason = !fixable
      ? `${what}, so its reply fails there: the page is not on develop either (deploy --force re-creates it and points this at it)`
      : doIt
        ? `${what}: pointed at ${pointed}`
        : `${what}, so its reply fails there: deploy --force points it at ${pointed} (or point it at a page in Losant)`;
    const dependsOn = [...new Set(replies.flatMap((x) => targetOf.get(x.from)?.createdBy ?? []))];
    // No entry of the folder's holds it (a UI endpoint, settings experience.yaml leaves alone): its kind's file is not where it is.
    const notInFolder = opts.inFolder?.(kind, r) === false ? { notInFolder: true as const } : {};
    if (mine && mine.action === 'skip' && !mine.held && mine.kind === 'new-remote') {
      // Made in the UI and left alone by the folder: left alone but for its page.
      out[own] = { ...mine, action: doIt ? 'repoint' : 'skip', reason: `${mine.reason ?? 'not from this folder'}; ${reason}`, repoint, dependsOn: doIt ? dependsOn : mine.dependsOn, ...notInFolder };
      continue;
    }
    out.push({
      key: `repoint:${kind}:${r.id}`,
      kind: 'changed-remote',
      action: doIt ? 'repoint' : 'skip',
      resource: kind,
      name: label,
      file: FOLDER_KINDS[kind].file,
      id: r.id,
      item: { remote: r.content },
      reason,
      repoint,
      dependsOn: doIt ? dependsOn : [],
      ...notInFolder,
    });
  }
  return out;
}

/** The ids a page change leaves in its record (StateEntry.replaced): none when nothing may name them. */
export function replacedOf(c: PlannedChange): { replaced?: string[] } {
  const ids = c.replaced ?? (c.synced?.id === c.id ? c.synced?.replaced : undefined);
  return ids && ids.length > 0 ? { replaced: ids } : {};
}

/** A repoint's PATCH: each reply field that names a deleted id, now naming the page's id (created by this run, or as listed). */
export function repointBody(c: PlannedChange, pageIds: ReadonlyMap<string, string>): Record<string, { type: 'page'; value: string; statusCode?: number }> {
  const body: Record<string, { type: 'page'; value: string; statusCode?: number }> = {};
  for (const r of c.repoint!.replies) {
    const id = r.pageId ?? pageIds.get(r.page);
    if (id === undefined) throw new Error(`no id for page "${r.page}" to repoint ${c.name} to (a bug in lxp)`);
    body[r.field] = { type: 'page', value: id, ...(r.status !== null ? { statusCode: r.status } : {}) };
  }
  return body;
}
