// Experience users of an export (`experience/users.yaml`): email, names, tags and groups (ids
// made names) — what the users CSV holds. Passwords (Losant's templates ship some) are never
// written to a file: they are counted in the report; `lxp users import` creates such users
// without a password (they set one later) and leaves existing users' passwords alone.
import { ExportContext, KNOWN_FIELDS } from './export-context.js';
import { fieldIssue, readExportFile, stringField, tagsField, type ExportResource } from './export-yaml.js';
import { placeholderItems } from './placeholders.js';

export interface ImportedUser {
  email: string;
  firstName: string;
  lastName: string;
  /** Group names, sorted. */
  groups: string[];
  tags: Record<string, string>;
}

function userOf(ctx: ExportContext, r: ExportResource): ImportedUser | undefined {
  const before = ctx.issues.length;
  const email = r.data.email;
  ctx.unknownFields(r, KNOWN_FIELDS.user, typeof email === 'string' ? `the user ${email}` : 'a user');
  if (typeof email !== 'string' || email.trim() === '') ctx.issues.push(fieldIssue(r, ['email'], email === undefined ? 'missing: every user has an email' : 'must be non-empty text'));
  const firstName = stringField(r, 'firstName', ctx.issues);
  const lastName = stringField(r, 'lastName', ctx.issues);
  const tags = tagsField(r, 'userTags', ctx.issues);
  const groups: string[] = [];
  const raw = r.data.experienceGroupIds ?? [];
  if (!Array.isArray(raw)) ctx.issues.push(fieldIssue(r, ['experienceGroupIds'], 'must be a list of group ids'));
  else
    raw.forEach((id, i) => {
      const name = typeof id === 'string' ? ctx.groupName(id) : undefined;
      if (typeof id !== 'string') ctx.issues.push(fieldIssue(r, ['experienceGroupIds', i], 'must be a group id'));
      else if (name === undefined) ctx.unresolved(r, ['experienceGroupIds', i], id, 'group', `the user ${String(email)} is imported without that group`);
      else groups.push(name);
    });
  if (ctx.issues.length > before || typeof email !== 'string') return undefined;
  for (const [k, v] of Object.entries(tags)) ctx.report.push(...placeholderItems(v, `the tag ${k} of the user ${email}`, () => ({ file: r.file, line: r.lineOf(['userTags', k]) })));
  return { email: email.trim(), firstName, lastName, groups: [...new Set(groups)].sort(), tags };
}

export function readExportUsers(ctx: ExportContext, file: string, text: string): ImportedUser[] | undefined {
  const exported = readExportFile(file, text, ['ExperienceUser'], ctx.issues);
  if (!exported) return undefined;
  const out: ImportedUser[] = [];
  const seen = new Map<string, ExportResource>();
  const withPassword: number[] = [];
  for (const r of exported.resources) {
    if (r.data.password !== undefined && r.data.password !== null && r.data.password !== '') withPassword.push(r.lineOf(['password']));
    const u = userOf(ctx, r);
    if (!u) continue;
    const first = seen.get(u.email.toLowerCase());
    if (first) {
      ctx.issues.push(fieldIssue(r, ['email'], `${u.email} is also at ${first.file}:${first.line}; emails are unique`));
      continue;
    }
    seen.set(u.email.toLowerCase(), r);
    ctx.register(r, ['id'], { kind: 'user', name: u.email });
    out.push(u);
  }
  if (withPassword.length > 0)
    ctx.report.push({
      kind: 'password',
      file,
      line: withPassword[0],
      message: `${withPassword.length} user${withPassword.length === 1 ? ' has a password' : 's have passwords'} in the export (line${withPassword.length === 1 ? '' : 's'} ${withPassword.join(', ')}): lxp never writes passwords to files, so users.csv has none: \`lxp users import users.csv\` creates those users without a password (they cannot sign in until one is set, e.g. with \`lxp users set-password\`) and leaves existing users' passwords alone`,
    });
  return out.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}
