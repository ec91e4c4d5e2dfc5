import type { LxpConfig, ResolvedTarget } from './types.js';
export type { LxpConfig, ResolvedTarget, TargetConfig } from './types.js';
export const LOCAL_TARGET = 'local';
export const DEFAULT_API_URL = 'https://api.losant.com';
export function loadConfig(dir: string): LxpConfig {
  throw new Error('not implemented yet');
}
export function resolveTarget(opts: { dir: string; target?: string; env?: NodeJS.ProcessEnv }): ResolvedTarget {
  throw new Error('not implemented yet');
}
export function redactSecrets(text: string, secrets: string[]): string {
  throw new Error('not implemented yet');
}
