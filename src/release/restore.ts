// `lxp restore <version>`: develop becomes a copy of a version (the API's
// PATCH /versions/develop {sourceVersionIdOrName}). The CLI then pulls so the folder matches.
import type { ExperienceClient } from '../api/types.js';
import { invalid } from './errors.js';
import { DEVELOP } from './version-name.js';

export interface RestoreResult {
  version: string;
  dryRun: boolean;
  restored: boolean;
}

/** Checks the version exists (and is not develop itself) before anything is written. */
export async function checkRestorable(client: ExperienceClient, version: string): Promise<string> {
  if (version === DEVELOP) throw invalid('develop cannot be restored from itself; name a version');
  const found = await client.getVersion(version);
  if (!found) throw invalid(`no version "${version}" in this application (see \`lxp versions\`)`, 'not-found');
  if (found.version === DEVELOP) throw invalid('develop cannot be restored from itself; name a version');
  return found.version;
}

export async function restoreDevelop(opts: { client: ExperienceClient; version: string; dryRun?: boolean }): Promise<RestoreResult> {
  const name = await checkRestorable(opts.client, opts.version);
  if (!opts.dryRun) await opts.client.restoreDevelop(name);
  return { version: name, dryRun: !!opts.dryRun, restored: !opts.dryRun };
}
