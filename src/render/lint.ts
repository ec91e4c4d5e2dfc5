// Warnings before deploy: a view that names a component no file in the folder defines (Losant
// renders it as empty text, silently), or calls a helper Losant does not have (the page fails
// when it renders, long after the deploy said "done"). Pure: it reads the references the parser
// took from each body (project/template-refs.ts) and checks them against the folder's components
// and Losant's helper names. Names built at run time are never references, so never warned about.
import { closestName } from '../project/did-you-mean.js';
import type { ValidationIssue } from '../project/issues.js';
import type { TemplateRefs } from '../project/template-refs.js';
import { ALL_HELPER_NAMES } from './helper-names.js';

export type TemplateWarningRule = 'unknown-component' | 'unknown-helper';

/** A warning is a validation issue that does not stop a command (unless --strict). */
export interface TemplateWarning extends ValidationIssue {
  line: number;
  field: 'body';
  rule: TemplateWarningRule;
  /** The name as written. */
  name: string;
  /** The known name it was probably meant to be. */
  suggestion?: string;
}

export interface LintInput {
  /** What each file calls on, by file (relative, forward slashes). */
  refs: Iterable<readonly [string, TemplateRefs]>;
  /** Every component name the folder defines. */
  components: Iterable<string>;
  /** The helpers a view may call; default: Losant's (with Handlebars' own and the view helpers). */
  helpers?: ReadonlySet<string>;
}

function hint(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}

export function lintTemplates(input: LintInput): TemplateWarning[] {
  const components = new Set(input.components);
  const helpers = input.helpers ?? ALL_HELPER_NAMES;
  const warnings: TemplateWarning[] = [];
  for (const [file, refs] of input.refs) {
    for (const [name, lines] of refs.components) {
      if (components.has(name)) continue;
      const suggestion = closestName(name, components);
      for (const line of lines) {
        warnings.push({
          file,
          line,
          field: 'body',
          rule: 'unknown-component',
          name,
          ...(suggestion !== undefined ? { suggestion } : {}),
          message: `no component named "${name}" in this folder${hint(suggestion)}; Losant renders a missing component as empty text`,
        });
      }
    }
    for (const [name, lines] of refs.helpers) {
      if (helpers.has(name)) continue;
      const suggestion = closestName(name, helpers);
      for (const line of lines) {
        warnings.push({
          file,
          line,
          field: 'body',
          rule: 'unknown-helper',
          name,
          ...(suggestion !== undefined ? { suggestion } : {}),
          message: `no helper named "${name}" in Losant${hint(suggestion)}`,
        });
      }
    }
  }
  return warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.name.localeCompare(b.name)));
}

/** --strict: the same warnings as validation issues, which stop a command before any request (exit 2). */
export function warningsAsIssues(warnings: readonly TemplateWarning[]): ValidationIssue[] {
  return warnings.map(({ file, line, field, message }) => ({ file, line, field, message }));
}
