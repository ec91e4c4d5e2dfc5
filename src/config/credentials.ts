// API tokens kept outside the experience folder: ~/.config/lxp/credentials.json (or the file
// LXP_CREDENTIALS_FILE names), keyed by target name, readable by its owner only.
//   { "staging": { "token": "…" }, "production": { "token": "…" } }
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { ConfigError } from './errors.js';

export function credentialsFile(env: NodeJS.ProcessEnv): string {
  if (env.LXP_CREDENTIALS_FILE) return path.resolve(env.LXP_CREDENTIALS_FILE);
  return path.join(envPaths('lxp', { suffix: '' }).config, 'credentials.json');
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The token stored for a target, or undefined when the file is absent or has none for it.
 * Refuses a file inside the experience folder or one that others may read.
 */
export function tokenFromCredentials(dir: string, target: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = credentialsFile(env);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the credentials file ${file}: ${(err as Error).message}`);
  }
  if (isInside(dir, file))
    throw new ConfigError(`the credentials file ${file} is inside the experience folder; keep it outside (it must never be committed)`);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new ConfigError(
      `the credentials file ${file} can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); run: chmod 600 ${file}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // The parser's message may quote the file's text, which holds tokens: do not repeat it.
    throw new ConfigError(`the credentials file ${file} is not valid JSON`);
  }
  const entry = (data as Record<string, unknown> | null)?.[target];
  if (entry === undefined || entry === null) return undefined;
  const token = typeof entry === 'string' ? entry : (entry as { token?: unknown }).token;
  if (typeof token !== 'string' || token === '')
    throw new ConfigError(`the credentials file ${file}: ${target}.token must be a non-empty string`);
  return token;
}
