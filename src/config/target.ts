// Which application a command talks to, and with what. Order: --target, then "defaultTarget" in
// lxp.config.json, then the environment alone (LOSANT_APPLICATION_ID set), then the built-in
// "local" target: the embedded Experience server, started in-process, data under .lxp/server.
import path from 'node:path';
import { tokenFromCredentials, credentialsFile } from './credentials.js';
import { ConfigError } from './errors.js';
import { CONFIG_FILE, loadConfig } from './load.js';
import type { LxpConfig, ResolvedTarget } from './types.js';

export const LOCAL_TARGET = 'local';
/** The target's name when only the environment names the application. */
export const ENV_TARGET = 'env';
export const DEFAULT_API_URL = 'https://api.losant.com';
/** Where the local target keeps its data, relative to the experience folder. */
export const LOCAL_DATA_DIR = path.join('.lxp', 'server');

export interface ResolveTargetOptions {
  dir: string;
  /** --target */
  target?: string;
  env?: NodeJS.ProcessEnv;
  /** The configuration to use instead of `<dir>/lxp.config.json` (lxp import, before it writes one). */
  config?: LxpConfig;
}

function checkApiUrl(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${source} is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`${source} must be an http(s) URL`);
  if (parsed.username || parsed.password) throw new ConfigError(`${source} must not hold credentials; use LOSANT_API_TOKEN`);
  return url.replace(/\/+$/, '');
}

export function resolveTarget({ dir, target, env = process.env, config = loadConfig(dir) }: ResolveTargetOptions): ResolvedTarget {
  const name = target ?? config.defaultTarget ?? (env.LOSANT_APPLICATION_ID ? ENV_TARGET : LOCAL_TARGET);

  if (name === LOCAL_TARGET) {
    return { name, local: true, protected: false, dataDir: path.join(path.resolve(dir), LOCAL_DATA_DIR) };
  }

  const configured = config.targets[name];
  if (!configured && name !== ENV_TARGET) {
    const configuredNames = Object.keys(config.targets);
    const known = configuredNames.length ? `${CONFIG_FILE} defines ${configuredNames.join(', ')}` : `${CONFIG_FILE} defines no targets`;
    throw new ConfigError(`unknown target "${name}": ${known} (and "${LOCAL_TARGET}", the embedded server, is built in)`);
  }
  const t = configured ?? {};
  const where = configured ? `${CONFIG_FILE} targets.${name}` : 'the environment';

  const apiUrl = env.LOSANT_API_URL
    ? checkApiUrl(env.LOSANT_API_URL, 'LOSANT_API_URL')
    : checkApiUrl(t.apiUrl ?? DEFAULT_API_URL, `${where}.apiUrl`);

  const applicationId = env.LOSANT_APPLICATION_ID || t.applicationId;
  if (!applicationId)
    throw new ConfigError(`target "${name}" has no application: set ${CONFIG_FILE} targets.${name}.applicationId or LOSANT_APPLICATION_ID`);
  if (!/^[A-Fa-f0-9]{24}$/.test(applicationId))
    throw new ConfigError(`${env.LOSANT_APPLICATION_ID ? 'LOSANT_APPLICATION_ID' : `${where}.applicationId`} must be 24 hex digits`);

  const token = env.LOSANT_API_TOKEN || tokenFromCredentials(dir, name, env);
  if (!token)
    throw new ConfigError(
      `no API token for target "${name}": set LOSANT_API_TOKEN, or add { "${name}": { "token": "…" } } to ${credentialsFile(env)} (mode 0600)`,
    );

  return { name, local: false, apiUrl, applicationId, token, protected: t.protected === true };
}

/** The one line a command prints about its target (never the token). */
export function describeTarget(t: ResolvedTarget): string {
  if (t.local) return `Target: local (the embedded Experience server; data in the experience folder's ${LOCAL_DATA_DIR}). Use --target to deploy elsewhere.`;
  return `Target: ${t.name} (application ${t.applicationId} at ${t.apiUrl})${t.protected ? ' [protected]' : ''}`;
}
