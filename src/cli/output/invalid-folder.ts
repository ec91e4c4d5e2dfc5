// How every command refuses an invalid folder, so deploy, status, diff, pull and release say it
// the same way: each problem on stderr (file:line (field): message), one closing line that says
// nothing was written (develop and the folder are as they were: a read of develop's views may
// have been sent ahead, see ./list-ahead.ts), exit 2, and `issues` in the --json envelope.
import type { ValidationIssue } from '../../project/issues.js';
import { EXIT } from '../../sync/errors.js';
import type { CommandResult, Shell } from '../shell.js';
import { issueLines } from './text.js';
import { plural } from '../../project/plural.js';


export function refuseInvalidFolder(sh: Shell, issues: ValidationIssue[], data: Record<string, unknown> = {}, hint?: string): CommandResult {
  for (const l of issueLines(issues, sh.errStyle)) sh.problem(l);
  const message = `${plural(issues.length, 'problem')} in the folder; nothing was written`;
  sh.problem(`${sh.errStyle.red('lxp:')} ${message}`);
  if (hint) sh.problem(hint);
  return { outcome: 'invalid', exitCode: EXIT.INVALID, error: { code: 'invalid-folder', message }, data: { issues, ...data } };
}
