// `lxp users import users.csv`: every row checked first (src/project/users-csv.ts, then group
// names against the application), then one plan — create the new emails, update the users whose
// fields differ, leave the rest — applied concurrently. A second run of the same file plans
// nothing and sends no write.
//
// What a row means for a user that exists (matched by email, whatever its case):
// - a column the file has is the truth for that field: firstName/lastName (an empty cell: an
//   empty name), groups (exactly these groups; empty: none), tag:<key> (an empty cell removes
//   the tag); a column the file lacks, and tags with no column, are left alone;
// - the password column is used when the user is created; for a user that exists it is left
//   alone unless `resetPasswords` (--reset-passwords): a password cannot be read back to be
//   compared, so resetting sends it on every run.
// A new user with an empty password cell is created with a password nobody knows (see
// unguessablePassword): they sign in once one is set.
import type { ApiUser, ApiUserPatch, ApiUserPost, ExperienceClient } from '../api/types.js';
import type { ValidationIssue } from '../project/issues.js';
import { parseUsersCsv, type CsvUser, type UsersCsv } from '../project/users-csv.js';
import { emptyTags } from '../project/empty-tags.js';
import { liveLimit } from '../sync/executor.js';
import { errorText } from '../sync/results.js';
import type { GroupTree } from './groups.js';
import { readGroups, unguessablePassword } from './users.js';

export type RowAction = 'create' | 'update' | 'unchanged' | 'invalid';

export interface ImportRow {
  /** Line of the file where the row starts. */
  line: number;
  /** The user's email; for an invalid row the email cell as written ('' when it has none). */
  email: string;
  action: RowAction;
  /** For an update: the fields that change (firstName, lastName, groups, tag:<key>, password). */
  changes: string[];
  /**
   * set: created with the file's password (or, with --reset-passwords, given it); none: created
   * without one; kept: the user exists and keeps theirs; absent: an invalid row.
   */
  password?: 'set' | 'none' | 'kept';
  /**
   * planned (dry run), done, failed, unchanged, or refused (an invalid row, or --strict);
   * not-applied: the import was stopped (Ctrl-C, SIGTERM) before the row's write was answered.
   */
  status: 'planned' | 'done' | 'failed' | 'unchanged' | 'refused' | 'not-applied';
  /** The user's id: known for updates, after a create, null otherwise. */
  id: string | null;
  error?: string;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  failed: number;
  /** New users (created or to be) that nobody can sign in as until a password is set. */
  withoutPassword: number;
}

export interface ImportResult {
  file: string;
  dryRun: boolean;
  strict: boolean;
  /** True when the file as a whole could not be used (empty, bad header, not CSV): nothing was planned. */
  unusable: boolean;
  summary: ImportSummary;
  /** Every problem, by line (passwords never quoted). */
  issues: ValidationIssue[];
  /** One per row of the file, in file order. */
  rows: ImportRow[];
}

/** A planned write. Holds the password: it never leaves this module. */
interface Write {
  row: ImportRow;
  send(client: ExperienceClient): Promise<ApiUser>;
}

export interface ImportPlan {
  unusable: boolean;
  issues: ValidationIssue[];
  rows: ImportRow[];
  writes: Write[];
}

const lower = (s: string) => s.toLowerCase();

function sameSet(a: string[], b: string[]): boolean {
  const x = new Set(a.map(lower));
  return x.size === new Set(b.map(lower)).size && b.every((v) => x.has(lower(v)));
}

/**
 * The plan for a CSV text against the application's users and groups. Pure: no request, no
 * file. Rows with any problem (their own, or a group name that matches no group or more than
 * one) are `invalid` and get no write.
 */
export function planImport(csv: UsersCsv, opts: { file: string; users: readonly ApiUser[]; groups: GroupTree; resetPasswords?: boolean }): ImportPlan {
  const issues = [...csv.issues];
  const rows: ImportRow[] = [];
  const writes: Write[] = [];
  if (csv.unusable) return { unusable: true, issues, rows, writes };

  const has = new Set(csv.columns);
  const tagKeys = csv.columns.flatMap((c) => (c.startsWith('tag:') ? [c.slice(4)] : []));
  const remote = new Map(opts.users.map((u) => [lower(u.email), u]));

  const good: Array<{ user: CsvUser; groupIds: string[] }> = [];
  const emailOf = new Map(csv.badEmails);
  for (const user of csv.users) {
    const groupIds: string[] = [];
    let ok = true;
    for (const name of user.groups) {
      const r = opts.groups.resolve(name);
      if (r.ok) groupIds.push(r.group.id);
      else {
        ok = false;
        emailOf.set(user.line, user.email);
        issues.push({ file: opts.file, line: user.line, field: 'groups', message: r.message });
      }
    }
    if (ok) good.push({ user, groupIds: [...new Set(groupIds)] });
  }
  // Rows refused for something else: their group names are checked too, so each row's every problem is said at once.
  for (const [line, names] of csv.badGroups) {
    for (const name of names) {
      const r = opts.groups.resolve(name);
      if (!r.ok) issues.push({ file: opts.file, line, field: 'groups', message: r.message });
    }
  }
  // Stable: a row's problems found in the file first, then its unknown groups.
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  // Invalid rows, by line (the parser does not return them as users).
  const goodLines = new Set(good.map((g) => g.user.line));
  for (const line of new Set(issues.map((i) => i.line ?? 0))) {
    if (!goodLines.has(line)) rows.push({ line, email: emailOf.get(line) ?? '', action: 'invalid', changes: [], status: 'refused', id: null, error: issues.filter((i) => i.line === line).map((i) => i.message).join('; ') });
  }

  for (const { user, groupIds } of good) {
    const existing = remote.get(lower(user.email));
    if (!existing) {
      const body: ApiUserPost = {
        email: user.email,
        password: user.password ?? unguessablePassword(),
        firstName: user.firstName,
        lastName: user.lastName,
        userTags: user.tags,
        experienceGroupIds: groupIds,
      };
      const row: ImportRow = { line: user.line, email: user.email, action: 'create', changes: [], password: user.password === null ? 'none' : 'set', status: 'planned', id: null };
      rows.push(row);
      writes.push({ row, send: (client) => client.createUser(body) });
      continue;
    }
    const patch: ApiUserPatch = {};
    const changes: string[] = [];
    for (const field of ['firstName', 'lastName'] as const) {
      if (has.has(field) && (existing[field] ?? '') !== user[field]) {
        patch[field] = user[field];
        changes.push(field);
      }
    }
    if (has.has('groups') && !sameSet((existing.experienceGroups ?? []).map((g) => g.id), groupIds)) {
      patch.experienceGroupIds = groupIds;
      changes.push('groups');
    }
    const tags = Object.assign(emptyTags(), existing.userTags);
    for (const key of tagKeys) {
      const want = user.tags[key];
      if (tags[key] === want) continue;
      if (want === undefined) delete tags[key];
      else tags[key] = want;
      changes.push(`tag:${key}`);
    }
    if (changes.some((c) => c.startsWith('tag:'))) patch.userTags = tags;
    const reset = !!opts.resetPasswords && user.password !== null;
    if (reset) {
      patch.password = user.password!;
      changes.push('password');
    }
    const row: ImportRow = {
      line: user.line,
      email: existing.email,
      action: changes.length ? 'update' : 'unchanged',
      changes,
      password: reset ? 'set' : 'kept',
      status: changes.length ? 'planned' : 'unchanged',
      id: existing.id,
    };
    rows.push(row);
    if (changes.length) writes.push({ row, send: (client) => client.patchUser(existing.id, patch) });
  }
  rows.sort((a, b) => a.line - b.line);
  return { unusable: false, issues, rows, writes };
}

export interface ImportRequest {
  client: ExperienceClient;
  /** The file's name, for messages. */
  file: string;
  text: string;
  dryRun?: boolean;
  /** Any bad row refuses the whole file: nothing is written. */
  strict?: boolean;
  resetPasswords?: boolean;
  /** Writes in flight at once: a number, or a function read as writes start (the client's live limit). */
  concurrency: number | (() => number);
  /**
   * The number of writes about to be sent, and every row of the file (each written row's status
   * changes as its write ends): not called on a dry run or a refused file.
   */
  onWrites?: (count: number, rows: readonly ImportRow[]) => void;
  /** Each row once its write ended (for progress). */
  onRow?: (row: ImportRow) => void;
}

function summarize(rows: ImportRow[]): ImportSummary {
  const n = (f: (r: ImportRow) => boolean) => rows.filter(f).length;
  return {
    rows: rows.length,
    created: n((r) => r.action === 'create' && r.status !== 'failed' && r.status !== 'refused'),
    updated: n((r) => r.action === 'update' && r.status !== 'failed' && r.status !== 'refused'),
    unchanged: n((r) => r.action === 'unchanged'),
    invalid: n((r) => r.action === 'invalid'),
    failed: n((r) => r.status === 'failed'),
    withoutPassword: n((r) => r.action === 'create' && r.password === 'none' && r.status !== 'failed' && r.status !== 'refused'),
  };
}

/**
 * Reads the file, then the application's users and groups, plans, and (unless a dry run, or
 * --strict with bad rows) applies. A file that cannot be used as a whole sends no request.
 */
export async function importUsers(req: ImportRequest): Promise<ImportResult> {
  const csv = parseUsersCsv(req.text, { file: req.file });
  const plan = csv.unusable
    ? { unusable: true, issues: csv.issues, rows: [], writes: [] }
    : await (async () => {
        const [groups, users] = await Promise.all([readGroups(req.client), req.client.listUsers()]);
        return planImport(csv, { file: req.file, users, groups, resetPasswords: req.resetPasswords });
      })();
  const refusedWhole = plan.unusable || (!!req.strict && plan.issues.length > 0);
  const result = (): ImportResult => ({
    file: req.file,
    dryRun: !!req.dryRun,
    strict: !!req.strict,
    unusable: plan.unusable,
    summary: summarize(plan.rows),
    issues: plan.issues,
    rows: plan.rows,
  });
  if (refusedWhole) {
    for (const w of plan.writes) w.row.status = 'refused';
    return result();
  }
  if (req.dryRun) return result();

  req.onWrites?.(plan.writes.length, plan.rows);
  const inSlot = liveLimit(req.concurrency);
  await Promise.all(
    plan.writes.map((w) =>
      inSlot(async () => {
        try {
          const user = await w.send(req.client);
          w.row.status = 'done';
          w.row.id = user.id;
        } catch (err) {
          w.row.status = 'failed';
          w.row.error = errorText(err);
        }
        req.onRow?.(w.row);
      }),
    ),
  );
  return result();
}
