// `lxp promote <version>`: point slugs/domains at a version that exists. Rolling back is the
// same thing with an older version.
import type { ExperienceClient } from '../api/types.js';
import { invalid } from './errors.js';
import { applyRepoints, planRepoints, readPointers, type PointerRequest, type Repoint } from './pointers.js';

export interface PromoteResult {
  version: string;
  dryRun: boolean;
  repoints: Repoint[];
}

export async function promote(opts: { client: ExperienceClient; version: string; dryRun?: boolean } & PointerRequest): Promise<PromoteResult> {
  const { client, version } = opts;
  if (opts.slugs.length === 0 && opts.domains.length === 0) throw invalid('name at least one --slug or --domain to point at the version');
  const [found, pointers] = await Promise.all([client.getVersion(version), readPointers(client, opts)]);
  if (!found) throw invalid(`no version "${version}" in this application (see \`lxp versions\`)`, 'not-found');
  // getVersion accepts an id too; slugs and domains name versions, so use the name.
  const repoints = planRepoints(pointers, found.version);
  if (!opts.dryRun) await applyRepoints(client, repoints);
  return { version: found.version, dryRun: !!opts.dryRun, repoints };
}
