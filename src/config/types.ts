export interface TargetConfig {
  applicationId?: string;
  apiUrl?: string;
  /** Production: deploying without a TTY needs --yes. */
  protected?: boolean;
  description?: string;
}
export interface LxpConfig {
  $schema?: string;
  defaultTarget?: string;
  targets: Record<string, TargetConfig>;
  /** How many API requests run at once: "auto" (the default: adaptive, 8 to start, at most 64) or 1–64. */
  concurrency?: number | 'auto';
  /** Template warnings are errors (status, deploy, release); --strict for one run. */
  strict?: boolean;
}
export interface ResolvedTarget {
  name: string;
  /** The built-in embedded server; data under <dir>/.lxp/server. */
  local: boolean;
  apiUrl?: string;
  applicationId?: string;
  token?: string;
  protected: boolean;
  /** For local: the folder holding the embedded server's data. */
  dataDir?: string;
}
