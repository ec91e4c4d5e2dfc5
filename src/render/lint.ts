// Warnings before deploy: a view that names a component no file in the folder defines (Losant
// renders it as empty text, silently), or calls a helper Losant does not have (the page fails
// when it renders, long after the deploy said "done"). Pure: it reads the references the parser
// took from each body (project/template-refs.ts) and checks them against the folder's components
// and Losant's helper names. Names built at run time are never references, so never warned about.
// And a path that reads globals under `experience` ({{experience.globals.x}}): Losant's page
// context has `globals` at its top, so it renders as nothing there (and here).
import { closestName } from '../project/did-you-mean.js';
import type { ValidationIssue } from '../project/issues.js';
import type { TemplateRefs } from '../project/template-refs.js';
import { ALL_HELPER_NAMES } from './helper-names.js';

export type TemplateWarningRule = 'unknown-component' | 'unknown-helper' | 'misplaced-globals';

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

/** The rules about names: a name no file or Losant knows. */
type NameRule = Exclude<TemplateWarningRule, 'misplaced-globals'>;

/** Each rule: the references it reads, the names it knows, and what it says about a stranger. */
const RULES: Array<{
  rule: NameRule;
  refs: (r: TemplateRefs) => TemplateRefs['helpers'];
  message: (name: string, suggestion: string | undefined) => string;
}> = [
  {
    rule: 'unknown-component',
    refs: (r) => r.components,
    message: (name, s) => `no component named "${name}" in this folder${hint(s)}; Losant renders a missing component as empty text`,
  },
  {
    rule: 'unknown-helper',
    refs: (r) => r.helpers,
    message: (name, s) => `no helper named "${name}" in Losant${hint(s)}`,
  },
];

export function lintTemplates(input: LintInput): TemplateWarning[] {
  const known: Record<NameRule, ReadonlySet<string>> = {
    'unknown-component': new Set(input.components),
    'unknown-helper': input.helpers ?? ALL_HELPER_NAMES,
  };
  const warnings: TemplateWarning[] = [];
  for (const [file, refs] of input.refs) {
    for (const { rule, refs: of, message } of RULES) {
      for (const [name, lines] of of(refs)) {
        if (known[rule].has(name)) continue;
        const suggestion = closestName(name, known[rule]);
        const extra = suggestion !== undefined ? { suggestion } : {};
        for (const line of lines) warnings.push({ file, line, field: 'body', rule, name, ...extra, message: message(name, suggestion) });
      }
    }
    // Globals read under `experience`: Losant's page context has them at its top.
    for (const [name, lines] of refs.misplaced ?? []) {
      const suggestion = name.replace(/(^|\.|\/)experience\.globals/, '$1globals');
      for (const line of lines)
        warnings.push({ file, line, field: 'body', rule: 'misplaced-globals', name, suggestion, message: `"${name}" renders as nothing: Losant's page context has globals at its top (did you mean "${suggestion}"?)` });
    }
  }
  return warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.name.localeCompare(b.name)));
}

/** --strict: the same warnings as validation issues, which stop a command before any request (exit 2). */
export function warningsAsIssues(warnings: readonly TemplateWarning[]): ValidationIssue[] {
  return warnings.map(({ file, line, field, message }) => ({ file, line, field, message }));
}
