// Text for people: views of the same results `--json` prints. No password ever reaches here.
import { formatIssue } from '../project/issues.js';
import { renderTable } from '../release/table.js';
import type { ImportResult, ImportRow } from './import.js';
import type { AddResult, GroupListNode, GroupsResult, ListResult, RemoveResult, SetPasswordResult, UserRow } from './users.js';
import { plural } from '../project/plural.js';


const fullName = (u: { firstName: string; lastName: string }) => [u.firstName, u.lastName].filter(Boolean).join(' ');

const groupNames = (u: UserRow) => u.groups.map((g) => g.path).join(', ');

/** How a user created without a password gets one. */
export function noPasswordHint(email: string): string {
  return `${email} has no password yet, so cannot sign in to the experience (lxp's development sign-in needs none): set one with \`lxp users set-password ${email}\` (or through your experience's own password-reset flow).`;
}

/** The users table (EMAIL, NAME, GROUPS, TAGS); `width` is the terminal's, undefined when piped. */
export function formatUserTable(r: ListResult, opts: { width?: number } = {}): string[] {
  if (r.users.length === 0) return [];
  const rows = r.users.map((u) => [
    u.email,
    fullName(u),
    groupNames(u),
    Object.entries(u.tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]);
  return renderTable([['EMAIL', 'NAME', 'GROUPS', 'TAGS'], ...rows], opts.width);
}

/** The line under the table: how many, and of which group. */
export function formatListSummary(r: ListResult): string {
  const also = [r.subgroups ? 'the groups below it' : '', r.inherited ? 'the groups above it' : ''].filter(Boolean).join(' and ');
  const where = r.group ? ` in "${r.group.path}"${also ? ` (with the members of ${also})` : ''}` : '';
  return r.users.length === 0 ? `No experience users${where}.` : `${plural(r.users.length, 'user')}${where}.`;
}

export function formatAdd(r: AddResult): string[] {
  const name = fullName(r.user);
  const who = `${r.user.email}${name ? ` (${name})` : ''}`;
  const groups = r.user.groups.length ? ` in ${r.user.groups.map((g) => `"${g.path}"`).join(', ')}` : '';
  if (r.dryRun) return [`Dry run: would add ${who}${groups}.`];
  const lines = [`Added ${who}${groups}.`];
  if (r.password === 'none') lines.push(noPasswordHint(r.user.email));
  return lines;
}

export function formatRemove(r: RemoveResult): string[] {
  return [`${r.dryRun ? 'Dry run: would remove' : 'Removed'} ${r.user.email}.`];
}

export function formatSetPassword(r: SetPasswordResult): string[] {
  return [r.dryRun ? `Dry run: ${r.user.email} exists; the password would be asked for and set.` : `Set the password of ${r.user.email}.`];
}

/** The group tree, one line per group with its counts. */
export function formatGroups(r: GroupsResult): string[] {
  if (r.groups.length === 0) return [];
  const lines: string[] = [];
  const counts = (n: GroupListNode) =>
    n.children.length && n.usersWithSubgroups !== n.users
      ? `${plural(n.users, 'user')} (${n.usersWithSubgroups} with subgroups)`
      : plural(n.users, 'user');
  const walk = (nodes: GroupListNode[], prefix: string, top: boolean) =>
    nodes.forEach((n, i) => {
      const last = i === nodes.length - 1;
      const branch = top ? '' : last ? '└─ ' : '├─ ';
      lines.push(`${prefix}${branch}${n.name}  ${counts(n)}`);
      walk(n.children, top ? '' : prefix + (last ? '   ' : '│  '), false);
    });
  walk(r.groups, '', true);
  return lines;
}

export function formatGroupTotals(r: GroupsResult): string {
  if (r.totals.groups === 0) return `No experience groups; ${plural(r.totals.users, 'user')} in all.`;
  return `${plural(r.totals.groups, 'group')}, ${plural(r.totals.users, 'user')} (${r.totals.usersInNoGroup} in no group).`;
}

export function rowLine(r: ImportRow, dryRun: boolean): string {
  const at = `line ${r.line}`;
  switch (r.action) {
    case 'create':
      return `  ${r.status === 'failed' ? 'failed to create' : dryRun ? 'would create' : 'created'} ${r.email} (${at})${r.password === 'none' && !r.error ? ', no password' : ''}${r.error ? `: ${r.error}` : ''}`;
    case 'update':
      return `  ${r.status === 'failed' ? 'failed to update' : dryRun ? 'would update' : 'updated'} ${r.email} (${at}): ${r.changes.join(', ')}${r.error ? `: ${r.error}` : ''}`;
    default:
      return '';
  }
}

/** The import's report: problems (for stderr), the changes, and a summary. */
export function formatImport(r: ImportResult): { problems: string[]; lines: string[] } {
  const problems = r.issues.map(formatIssue);
  const s = r.summary;
  if (r.unusable) return { problems, lines: [`Nothing imported: ${r.file} cannot be used as a whole (see above).`] };
  const refused = r.strict && r.issues.length > 0;
  const dry = r.dryRun || refused;
  const lines = r.rows.filter((row) => row.action === 'create' || row.action === 'update').map((row) => rowLine(row, dry));
  const parts = [
    `${s.created} ${dry ? 'to create' : 'created'}`,
    `${s.updated} ${dry ? 'to update' : 'updated'}`,
    `${s.unchanged} unchanged`,
    ...(s.invalid ? [`${plural(s.invalid, 'row')} refused`] : []),
    ...(s.failed ? [`${s.failed} failed`] : []),
  ];
  const head = refused
    ? `Nothing imported (--strict): ${plural(s.invalid, 'bad row')} in ${r.file}; the other rows would give: ${parts.slice(0, 3).join(', ')}.`
    : `${r.dryRun ? 'Dry run: ' : ''}${r.file}: ${parts.join(', ')}.`;
  lines.push(head);
  if (s.withoutPassword && !refused) {
    lines.push(
      `${plural(s.withoutPassword, 'new user')} ${s.withoutPassword === 1 ? 'has' : 'have'} no password and cannot sign in until one is set (\`lxp users set-password EMAIL\`, or your experience's password-reset flow).`,
    );
  }
  if (s.invalid && !refused) lines.push(`Fix the ${plural(s.invalid, 'refused row')} and run the import again: rows already imported will not change.`);
  if (s.failed) lines.push('Running the import again sends only the rows that failed (after a passing failure, a 5xx or the network, that finishes the job).');
  return { problems, lines };
}
