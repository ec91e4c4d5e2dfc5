// A problem with lxp.config.json, the environment or the credentials file. Exit code 2 (invalid
// input): nothing is sent. Messages name the file and the field, and never hold a token.
export interface ConfigIssue {
  file: string;
  line?: number;
  /** 1-based, for JSON syntax errors. */
  column?: number;
  field?: string;
  message: string;
}

export class ConfigError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
