// Write-ahead intents for the entries of endpoints.yaml, groups.yaml and experience.yaml, as
// ./intents.ts does for view files. A pull writes each of those files whole, then records every
// entry it wrote; a kill in between left the file holding develop's entries with the records of
// before, so an entry edited in Losant afterwards read as changed on both sides — "local: changed",
// a conflict nobody made. Now the records are noted (as intents) before the file is written, each
// with the hash of its entry as the file reads back; the next run adopts an intent whose entry the
// file still holds exactly so, and drops the others (a file not written, or edited since: the
// records of before stand, and an edit is a local change as it should be). PURE but for reading files.
import {
  ENDPOINTS_FILE,
  EXPERIENCE_FILE,
  GROUPS_FILE,
  readEndpointsFile,
  readExperienceFile,
  readGroupsFile,
  type ResourceKind,
} from '../project/resources/index.js';
import { readFolderFile } from '../project/write.js';
import type { PlannedChange } from './change.js';
import { FOLDER_KINDS } from './kinds.js';
import { resourceIntentKey, type ResourceIntent, type TargetState } from './state.js';

type Entry = { identity: string; content: unknown };

/** The kind's hash of each entry of an experience file's text, by `kind:identity`; undefined when the text does not read cleanly. */
export function entryHashes(file: string, text: string): Map<string, string> | undefined {
  const byKind: Array<[ResourceKind, readonly Entry[]]> = [];
  if (file === ENDPOINTS_FILE) {
    const read = readEndpointsFile(text);
    if (read.issues.length > 0) return undefined;
    byKind.push(['endpoint', read.records]);
  } else if (file === GROUPS_FILE) {
    const read = readGroupsFile(text);
    if (read.issues.length > 0) return undefined;
    byKind.push(['group', read.records]);
  } else if (file === EXPERIENCE_FILE) {
    const read = readExperienceFile(text);
    if (read.issues.length > 0) return undefined;
    byKind.push(['settings', read.settings ? [read.settings] : []], ['slug', read.slugs], ['domain', read.domains]);
  } else {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const [kind, entries] of byKind) for (const e of entries) out.set(`${kind}:${e.identity}`, FOLDER_KINDS[kind].hash(e.content));
  return out;
}

/** The intents of a pull's writes to `file`, whose new text is `text`: the record each change makes, and its entry as written. */
export function intentsFor(file: string, text: string, changes: readonly PlannedChange[]): ResourceIntent[] {
  const written = entryHashes(file, text);
  if (!written) return [];
  const out: ResourceIntent[] = [];
  for (const c of changes) {
    if (c.action !== 'write' || c.file !== file || c.id === undefined || c.item?.hash === undefined) continue;
    const kind = c.resource as ResourceKind;
    const hash = written.get(`${kind}:${c.name}`);
    if (hash === undefined) continue;
    const { hashes } = c.item;
    out.push({ kind, file, written: hash, entry: { id: c.id, identity: c.name, hash: c.item.hash, ...(hashes ? { hashes } : {}), lastUpdated: c.remoteLastUpdated ?? '' } });
  }
  return out;
}

/** Left-over resource intents decided against the files: adopted (the file holds the entry as written) or dropped (by key). */
export async function decideResourceIntents(dir: string, state: TargetState): Promise<{ adopt: ResourceIntent[]; drop: string[] }> {
  const out = { adopt: [] as ResourceIntent[], drop: [] as string[] };
  const texts = new Map<string, Promise<Map<string, string> | undefined>>();
  for (const [key, intent] of Object.entries(state.resourceIntents ?? {})) {
    let hashes = texts.get(intent.file);
    if (!hashes) texts.set(intent.file, (hashes = readFolderFile(dir, intent.file).then((t) => (t === undefined ? undefined : entryHashes(intent.file, t)), () => undefined)));
    const now = (await hashes)?.get(`${intent.kind}:${intent.entry.identity}`);
    if (now === intent.written && key === resourceIntentKey(intent.kind, intent.entry.id)) out.adopt.push(intent);
    else out.drop.push(key);
  }
  return out;
}
