// `lxp versions`: every version, newest first, with the slugs and domains serving it.
import type { ApiDomain, ApiSlug, ApiVersion, ExperienceClient } from '../api/types.js';

export interface VersionRow {
  version: string;
  description: string;
  creationDate: string;
  slugs: string[];
  domains: string[];
}

/**
 * Rows newest first (creationDate, then name for ties). Slugs and domains name their version,
 * so attachment is read from them rather than from the version records. Pure.
 */
export function versionRows(versions: ApiVersion[], slugs: ApiSlug[], domains: ApiDomain[]): VersionRow[] {
  return versions
    .map((v) => ({
      version: v.version,
      description: v.description ?? '',
      creationDate: v.creationDate,
      slugs: slugs.filter((s) => s.version === v.version).map((s) => s.slug).sort(),
      domains: domains.filter((d) => d.version === v.version).map((d) => d.domainName).sort(),
    }))
    .sort((a, b) => (a.creationDate === b.creationDate ? a.version.localeCompare(b.version) : a.creationDate < b.creationDate ? 1 : -1));
}

export async function readVersionRows(client: ExperienceClient): Promise<VersionRow[]> {
  const [versions, slugs, domains] = await Promise.all([client.listVersions(), client.listSlugs(), client.listDomains()]);
  return versionRows(versions, slugs, domains);
}
