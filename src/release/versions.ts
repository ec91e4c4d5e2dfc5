// `lxp versions`: every version, newest first, with the slugs and domains serving it.
import type { ApiDomain, ApiSlug, ApiVersion, ExperienceClient } from '../api/types.js';

export interface VersionRow {
  version: string;
  description: string;
  creationDate: string;
  slugs: string[];
  domains: string[];
  /**
   * The version does not exist: slugs or domains still name it (it was deleted after they were
   * pointed at it), and they answer 404 until pointed elsewhere. Only on such rows.
   */
  missing?: true;
}

/**
 * Rows newest first (creationDate, then name for ties). Slugs and domains name their version,
 * so attachment is read from them rather than from the version records. A version that slugs or
 * domains name but that does not exist gets a row too (`missing`), first, so what serves 404 is
 * seen. Pure.
 */
export function versionRows(versions: ApiVersion[], slugs: ApiSlug[], domains: ApiDomain[]): VersionRow[] {
  const known = new Set(versions.map((v) => v.version));
  const missing = [...new Set([...slugs.map((s) => s.version), ...domains.map((d) => d.version)])]
    .filter((name): name is string => typeof name === 'string' && name !== '' && !known.has(name))
    .sort()
    .map((name): VersionRow => ({
      version: name,
      description: '',
      creationDate: '',
      slugs: slugs.filter((s) => s.version === name).map((s) => s.slug).sort(),
      domains: domains.filter((d) => d.version === name).map((d) => d.domainName).sort(),
      missing: true,
    }));
  const existing = versions
    .map((v) => ({
      version: v.version,
      description: v.description ?? '',
      creationDate: v.creationDate,
      slugs: slugs.filter((s) => s.version === v.version).map((s) => s.slug).sort(),
      domains: domains.filter((d) => d.version === v.version).map((d) => d.domainName).sort(),
    }))
    .sort((a, b) => (a.creationDate === b.creationDate ? a.version.localeCompare(b.version) : a.creationDate < b.creationDate ? 1 : -1));
  return [...missing, ...existing];
}

export async function readVersionRows(client: ExperienceClient): Promise<VersionRow[]> {
  const [versions, slugs, domains] = await Promise.all([client.listVersions(), client.listSlugs(), client.listDomains()]);
  return versionRows(versions, slugs, domains);
}
