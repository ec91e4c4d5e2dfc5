// The users import plan (src/people/import.ts planImport): pure, no server. What a row means for
// a new user and for one that exists; a second run of the same file plans nothing.
import { describe, expect, it } from 'vitest';
import type { ApiGroup, ApiUser } from '../../src/api/types.js';
import { formatIssue } from '../../src/project/issues.js';
import { parseUsersCsv } from '../../src/project/users-csv.js';
import { GroupTree } from '../../src/people/groups.js';
import { planImport } from '../../src/people/import.js';

const id = (n: number) => n.toString(16).padStart(24, '0');
const GROUPS: ApiGroup[] = [
  { id: id(1), name: 'Operators', parentId: null, lastUpdated: '2026-01-01T00:00:00.000Z' },
  { id: id(2), name: 'Customers', parentId: null, lastUpdated: '2026-01-01T00:00:00.000Z' },
  { id: id(3), name: 'Admins', parentId: id(2), lastUpdated: '2026-01-01T00:00:00.000Z' },
  { id: id(4), name: 'Partners', parentId: null, lastUpdated: '2026-01-01T00:00:00.000Z' },
  { id: id(5), name: 'Admins', parentId: id(4), lastUpdated: '2026-01-01T00:00:00.000Z' },
];
const tree = new GroupTree(GROUPS);

function plan(csv: string, users: ApiUser[] = [], resetPasswords = false) {
  return planImport(parseUsersCsv(csv, { file: 'users.csv' }), { file: 'users.csv', users, groups: tree, resetPasswords });
}

const existing = (over: Partial<ApiUser> = {}): ApiUser => ({
  id: id(100),
  email: 'ann@example.com',
  firstName: 'Ann',
  lastName: 'Lee',
  userTags: { site: 's1', other: 'kept' },
  experienceGroups: [{ id: id(1), name: 'Operators', parentId: null }],
  ...over,
});

describe('planImport', () => {
  it('new users: a create each, groups by name or path, password or none', () => {
    const p = plan('email,firstName,lastName,groups,password,tag:site\nann@example.com,Ann,Lee,Operators;Customers/Admins,correct horse,s1\nbob@example.com,Bob,,,,\n');
    expect(p.issues).toEqual([]);
    expect(p.rows).toEqual([
      { line: 2, email: 'ann@example.com', action: 'create', changes: [], password: 'set', status: 'planned', id: null },
      { line: 3, email: 'bob@example.com', action: 'create', changes: [], password: 'none', status: 'planned', id: null },
    ]);
    expect(p.writes).toHaveLength(2);
    // The plan's rows, the part that is printed, never hold a password.
    expect(JSON.stringify(p.rows)).not.toContain('correct horse');
  });

  it('a group name that matches no group or two is a bad row, by line, with the candidates', () => {
    const p = plan('email,groups\nann@example.com,Admins\nbob@example.com,Nobody\ncid@example.com,Partners/Admins\n');
    expect(p.issues.map(formatIssue)).toEqual([
      'users.csv:2 (groups): 2 groups are named "Admins": "Customers/Admins", "Partners/Admins" — name one by its path (e.g. "Customers/Admins") or its id',
      'users.csv:3 (groups): no group named "Nobody" (groups: "Customers", "Customers/Admins", "Operators", "Partners", "Partners/Admins")',
    ]);
    // A refused row still names its user, for the report.
    expect(p.rows.map((r) => [r.line, r.action, r.email])).toEqual([[2, 'invalid', 'ann@example.com'], [3, 'invalid', 'bob@example.com'], [4, 'create', 'cid@example.com']]);
    const bad = plan('email,password\nx,\ndan@example.com,short\n,\n');
    expect(bad.rows.map((r) => [r.line, r.email])).toEqual([[2, 'x'], [3, 'dan@example.com'], [4, '']]);
    expect(p.writes.map((w) => w.row.line)).toEqual([4]);
  });

  it('an existing user (any case of the email): only the fields that differ; columns the file lacks are left alone', () => {
    const same = plan('email,firstName,lastName,groups,tag:site\nANN@example.com,Ann,Lee,Operators,s1\n', [existing()]);
    expect(same.rows).toEqual([{ line: 2, email: 'ann@example.com', action: 'unchanged', changes: [], password: 'kept', status: 'unchanged', id: id(100) }]);
    expect(same.writes).toEqual([]);

    const changed = plan('email,firstName,groups,tag:site,tag:role\nann@example.com,Anne,Customers/Admins,,admin\n', [existing()]);
    expect(changed.rows[0]).toMatchObject({ action: 'update', changes: ['firstName', 'groups', 'tag:site', 'tag:role'] });
    // No lastName column: lastName is not touched; the tag "other" has no column: kept.
    const onlyEmail = plan('email\nann@example.com\n', [existing()]);
    expect(onlyEmail.rows[0].action).toBe('unchanged');
  });

  it('a password cannot be compared: kept for existing users unless resetPasswords, which sends it every time', () => {
    const csv = 'email,password\nann@example.com,another secret\n';
    expect(plan(csv, [existing()]).rows[0]).toMatchObject({ action: 'unchanged', password: 'kept' });
    const reset = plan(csv, [existing()], true);
    expect(reset.rows[0]).toMatchObject({ action: 'update', changes: ['password'], password: 'set' });
    expect(JSON.stringify(reset.rows)).not.toContain('another secret');
  });

  it('a file that cannot be used as a whole plans nothing', () => {
    const p = plan('mail,firstName\na@b.co,A\n');
    expect(p.unusable).toBe(true);
    expect(p.rows).toEqual([]);
    expect(p.writes).toEqual([]);
  });
});
