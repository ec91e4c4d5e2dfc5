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

/**
 * The hint for a number or boolean where text is wanted: the text exactly as written (`02134`,
 * `1e3`, `1.50`), never the value YAML made of it ("2134"), so that following it keeps what the
 * user meant. `source`: the scalar's source text, when the parser kept it.
 */
export function quoteItHint(value: unknown, source: string | undefined, prefix = ''): string {
  if (typeof value !== 'number' && typeof value !== 'boolean') return '';
  return ` (quote it: ${prefix}${JSON.stringify(source ?? String(value))})`;
}
