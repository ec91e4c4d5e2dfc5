// One validation problem found in the folder. Every check reports with the file (relative to
// the experience folder, forward slashes) and, when known, the 1-based line and the field.
export interface ValidationIssue {
  file: string;
  line?: number;
  field?: string;
  message: string;
  /**
   * The issue is a name one file gives another that the folder lacks (a page's layout, an
   * endpoint's page or group, a setting's page): it stops what sends the folder (deploy, status,
   * release), not a pull, which brings develop's files — whose names agree — into the folder.
   */
  reference?: true;
}

/** "pages/home.hbs:3 (name): message" — the one way issues are shown to people. */
export function formatIssue(i: ValidationIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return `${where}${i.field ? ` (${i.field})` : ''}: ${i.message}`;
}
