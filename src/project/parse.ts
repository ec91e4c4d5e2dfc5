import type { LocalView } from './view.js';
import type { ValidationIssue } from './issues.js';
export type { ValidationIssue } from './issues.js';

export function parseViewFile(file: string, text: string): { view?: LocalView; issues: ValidationIssue[] } {
  throw new Error('not implemented yet');
}
