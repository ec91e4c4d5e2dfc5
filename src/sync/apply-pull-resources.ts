// Pull for the kinds besides views: the changes to endpoints.yaml, groups.yaml and experience.yaml
// are applied to each file at once — one write per file, through the in-place writers of
// src/project/resources (comments, order and style of what did not change are kept; an entry
// whose identity changed is edited where it stands) — then each change is recorded.
import {
  EXPERIENCE_FILE,
  ENDPOINTS_FILE,
  GROUPS_FILE,
  readEndpointsFile,
  readExperienceFile,
  readGroupsFile,
  writeEndpointsFile,
  writeExperienceFile,
  writeGroupsFile,
  type DomainContent,
  type EndpointContent,
  type GroupContent,
  type ResourceKind,
  type SettingsContent,
} from '../project/resources/index.js';
import { readFolderFile, writeViewFile } from '../project/write.js';
import { schemaRefFor } from '../project/schema-path.js';
import type { Plan, PlannedChange } from './change.js';
import { resultOf, settleWithoutRequest, unexpected, type ChangeResult } from './results.js';
import { resourceIntentKey, type StateStore } from './state.js';
import { intentsFor } from './resource-intents.js';

type Records = Map<string, unknown>;

/** The folder's records of `kind` once the pull's changes to it are applied; `renamed` collects new → old identities. */
function applied(current: Records, changes: PlannedChange[], kind: ResourceKind, renamed: Map<string, string>): Records {
  const out = new Map(current);
  for (const c of changes) {
    if (c.resource !== kind) continue;
    if (c.action === 'remove') out.delete(c.name);
    if (c.action !== 'write') continue;
    if (c.fromName !== undefined) {
      out.delete(c.fromName);
      renamed.set(c.name, c.fromName);
    }
    out.set(c.name, c.item!.remote);
  }
  return out;
}

const byIdentity = <C>(records: readonly { identity: string; content: C }[]): Records => new Map(records.map((r) => [r.identity, r.content]));

/** The new text of one of the three files, from its current text and the pull's changes to it. */
export function pulledText(file: string, current: string | undefined, changes: PlannedChange[], schemaRef?: (schema: string) => string, onRewrite?: (why: string) => void): string {
  const renamed = new Map<string, string>();
  const opts = (o: { renamed: Map<string, string> }) => ({ ...o, ...(schemaRef ? { schemaRef } : {}), ...(onRewrite ? { onRewrite } : {}) });
  const text = current ?? '';
  if (file === ENDPOINTS_FILE) {
    const records = applied(byIdentity(current === undefined ? [] : readEndpointsFile(text).records), changes, 'endpoint', renamed);
    return writeEndpointsFile(current, [...records.values()] as EndpointContent[], opts({ renamed }));
  }
  if (file === GROUPS_FILE) {
    const records = applied(byIdentity(current === undefined ? [] : readGroupsFile(text).records), changes, 'group', renamed);
    return writeGroupsFile(current, [...records.values()] as GroupContent[], opts({ renamed }));
  }
  if (file === EXPERIENCE_FILE) {
    const read = current === undefined ? undefined : readExperienceFile(text);
    const settings = applied(read?.settings ? byIdentity([read.settings]) : new Map(), changes, 'settings', renamed);
    const slugs = applied(byIdentity(read?.slugs ?? []), changes, 'slug', renamed);
    const domains = applied(byIdentity(read?.domains ?? []), changes, 'domain', renamed);
    const s = [...settings.values()][0] as SettingsContent | undefined;
    return writeExperienceFile(current, { ...(s ? { settings: s } : {}), slugs: [...slugs.keys()], domains: [...domains.values()] as DomainContent[] }, opts({ renamed }));
  }
  throw new Error(`lxp does not write ${file} (a bug in lxp)`);
}

/** The run function of pull for the other kinds' changes; each file is written once, by the first change that needs it. */
export function resourcePuller(plan: Plan, dir: string, store: StateStore): (c: PlannedChange) => Promise<ChangeResult> {
  const writes = new Map<string, Promise<void>>();
  /** Files written anew rather than edited in place: why, said on each change to them. */
  const rewritten = new Map<string, string>();
  const writeFile = (file: string): Promise<void> => {
    let p = writes.get(file);
    if (!p) {
      p = (async () => {
        const changes = plan.changes.filter((c) => c.resource !== 'view' && c.file === file && (c.action === 'write' || c.action === 'remove'));
        const current = await readFolderFile(dir, file);
        // A new file's editor directive points at a schema that exists, as lxp.config.json's does.
        const next = pulledText(file, current, changes, current === undefined || current.trim() === '' ? await schemaRefFor(dir) : undefined, (why) =>
          rewritten.set(file, `${file} was written anew, its comments among the entries lost (those above the first entry and its editor directive kept): ${why}`),
        );
        if (next !== current) {
          // The records of what it writes are noted first (./resource-intents.ts): a kill before
          // they are saved leaves no entry whose origin the next run cannot tell.
          const intents = intentsFor(file, next, changes);
          await store.intendResources(intents);
          try {
            await writeViewFile(dir, file, next);
          } catch (err) {
            for (const i of intents) store.dropResourceIntent(resourceIntentKey(i.kind, i.entry.id));
            throw err;
          }
        }
      })();
      writes.set(file, p);
    }
    return p;
  };
  // Said once per file, on the first change to it that finishes.
  const told = new Set<string>();
  const warned = (c: PlannedChange) => {
    const warning = c.action === 'record' || told.has(c.file) ? undefined : rewritten.get(c.file);
    if (!warning) return {};
    told.add(c.file);
    return { warning };
  };
  return async (c) => {
    const kind = c.resource as ResourceKind;
    const item = c.item!;
    switch (c.action) {
      case 'write':
      case 'record':
        if (c.action === 'write') await writeFile(c.file);
        if (item.synced && item.synced.id !== c.id) store.removeResource(kind, item.synced.id);
        store.setResource(kind, { id: c.id!, identity: c.name, hash: item.hash!, ...(item.hashes ? { hashes: item.hashes } : {}), lastUpdated: c.remoteLastUpdated ?? '' });
        return resultOf(c, 'done', warned(c));
      case 'remove':
        await writeFile(c.file);
        if (item.synced) store.removeResource(kind, item.synced.id);
        return resultOf(c, 'done', warned(c));
      default:
        return settleWithoutRequest(c, store) ?? unexpected('pull', c);
    }
  };
}
