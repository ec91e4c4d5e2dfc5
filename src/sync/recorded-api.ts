// The API a new folder's target records (lxp init --from, lxp import --target): the one its first
// command reads, so that the folder's later commands, run without the environment, go to the same
// place. LOSANT_API_URL wins over a target's apiUrl for every command (config/target.ts), so when
// it is set it is the API read: a different URL named beside it (--api-url, a workspace's apiUrl)
// names two APIs — one would be read, the other recorded — and is refused before anything is written.
// The same holds for the application: LOSANT_APPLICATION_ID wins over a target's applicationId.
import { DEFAULT_API_URL } from '../config/index.js';
import { UsageError } from './errors.js';

/** A URL named besides the environment: where it comes from ("--api-url") and how to drop it. */
export interface NamedApiUrl {
  url: string;
  source: string;
  drop: string;
}

const bare = (url: string) => url.replace(/\/+$/, '');

/** The apiUrl to record (undefined: Losant's, the default); throws when `named` and LOSANT_API_URL differ. */
export function recordedApiUrl(env: NodeJS.ProcessEnv | undefined, named?: NamedApiUrl): string | undefined {
  const envUrl = env?.LOSANT_API_URL || undefined;
  if (named && envUrl && bare(named.url) !== bare(envUrl)) {
    throw new UsageError(`${named.source} ${named.url} and LOSANT_API_URL=${envUrl} name two APIs: give one (unset LOSANT_API_URL, or ${named.drop}). Nothing was written.`);
  }
  const url = named?.url ?? envUrl;
  return url && bare(url) !== DEFAULT_API_URL ? bare(url) : undefined;
}

/**
 * Refuses an application id recorded for a new target (--application-id, a workspace's
 * applicationId) while LOSANT_APPLICATION_ID names another: the variable would be read, the id recorded.
 */
export function checkRecordedApplication(env: NodeJS.ProcessEnv | undefined, named: { id: string; source: string; drop: string }): void {
  const envId = env?.LOSANT_APPLICATION_ID || undefined;
  if (envId && envId.toLowerCase() !== named.id.toLowerCase()) {
    throw new UsageError(
      `${named.source} ${named.id} and LOSANT_APPLICATION_ID=${envId} name two applications: the variable would be read and ${named.id} recorded. Give one (unset LOSANT_APPLICATION_ID, or ${named.drop}). Nothing was written.`,
    );
  }
}
