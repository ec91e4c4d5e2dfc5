// What a deploy checks once develop is listed and before the first write: every page and group
// an endpoint, group or setting it sends names exists on the target or is created by the same
// deploy, and every certificate and key it must send can be read. Each problem names the file
// and line of the entry; a certificate's text never appears, only where it should come from.
import type { ValidationIssue } from '../project/issues.js';
import type { ResourceKind } from '../project/resources/index.js';
import type { Plan } from './change.js';
import { FOLDER_KINDS } from './kinds.js';
import { readSecret, type SecretSource } from './secrets.js';

const SENDS_CONTENT = new Set(['create', 'update', 'rename', 'mark']);

class SecretProblem extends Error {}

export function unsendableIssues(plan: Plan, secrets: SecretSource): ValidationIssue[] {
  const pages = new Set(Object.keys(plan.pageIds));
  const groups = new Set(Object.keys(plan.groupIds));
  for (const c of plan.changes) {
    if (c.action !== 'create') continue;
    if (c.resource === 'view' && c.viewType === 'page') pages.add(c.name);
    if (c.resource === 'group') groups.add(c.name);
  }
  const issues: ValidationIssue[] = [];
  for (const c of plan.changes) {
    if (c.resource === 'view' || !SENDS_CONTENT.has(c.action) || c.item?.local === undefined) continue;
    const k = FOLDER_KINDS[c.resource as ResourceKind];
    const at = { file: c.file, ...(c.item.line !== undefined ? { line: c.item.line } : {}) };
    for (const dep of k.dependencies(c.item.local)) {
      const known = dep.kind === 'view' ? pages.has(dep.name) : groups.has(dep.name);
      const what = dep.kind === 'view' ? 'page' : 'group';
      if (!known) issues.push({ ...at, message: `${k.label(c.item.local)} names the ${what} "${dep.name}", which the target does not have and this deploy does not create` });
    }
    try {
      // The wire form reads every certificate and key it sends; names were checked above.
      k.toWire(c.item.local, {
        ids: { pageId: () => 'checked', groupId: () => 'checked' },
        secret: (ref) => {
          const r = readSecret(ref, secrets);
          if ('problem' in r) throw new SecretProblem(r.problem);
          return 'checked';
        },
      });
    } catch (err) {
      if (!(err instanceof SecretProblem)) throw err;
      issues.push({ ...at, message: `${k.label(c.item.local)}: its certificate or key cannot be sent: ${err.message}` });
    }
  }
  return issues;
}
