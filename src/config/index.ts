// lxp.config.json + environment + credentials file + --target → the application a command uses.
export type { LxpConfig, ResolvedTarget, TargetConfig } from './types.js';
export { ConfigError, type ConfigIssue } from './errors.js';
export { CONFIG_FILE, CONFIG_SCHEMA_URL, loadConfig } from './load.js';
export { findExperienceFolder, NoExperienceFolderError } from './folder.js';
export { credentialsFile, tokenFromCredentials } from './credentials.js';
export { DEFAULT_API_URL, describeTarget, ENV_TARGET, LOCAL_DATA_DIR, LOCAL_TARGET, resolveTarget, type ResolveTargetOptions } from './target.js';
export { redactSecrets } from './redact.js';
export {
  AUTO_CONCURRENCY,
  AUTO_START_CONCURRENCY,
  MAX_CONCURRENCY,
  describeConcurrency,
  resolveConcurrency,
  type ConcurrencySetting,
} from './concurrency.js';
