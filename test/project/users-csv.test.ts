// The users CSV of `lxp users import`: every bad row reported by its line, passwords never shown.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/project/issues.js';
import { parseUsersCsv } from '../../src/project/users-csv.js';

describe('parseUsersCsv', () => {
  it('reads users: groups split on ";", empty password = none, tag:<key> columns, quoted cells', () => {
    const text = '\uFEFFemail,firstName,lastName,groups,password,tag:site,tag:role\r\n' +
      'ann@example.com,Ann,"Lee, Jr.",Operators; Customers ,s3cret-pass,s1,\r\n' +
      'bob@example.com,Bob,"multi\r\nline",,,,admin\r\n' +
      '\r\n' +
      'x,C,C,,,,\r\n';
    const r = parseUsersCsv(text);
    // Lines count right after a quoted CRLF line break and an empty line.
    expect(r.issues.map(formatIssue)).toEqual(['users.csv:6 (email): "x" is not an email address']);
    expect(r.users).toEqual([
      { line: 2, email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee, Jr.', groups: ['Operators', 'Customers'], password: 's3cret-pass', tags: { site: 's1' } },
      { line: 3, email: 'bob@example.com', firstName: 'Bob', lastName: 'multi\nline', groups: [], password: null, tags: { role: 'admin' } },
    ]);
  });

  it('reports every bad row by its line (200 rows, two bad) and keeps the good ones', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `user${i}@example.com,U,${i},Operators,`);
    rows[41] = 'not-an-email,U,41,Operators,';
    rows[150] = 'user150@example.com,U,150,Nobody,short';
    const r = parseUsersCsv(`email,firstName,lastName,groups,password\n${rows.join('\n')}\n`, { knownGroups: ['Operators'] });
    expect(r.users).toHaveLength(198);
    expect(r.badLines).toEqual([43, 152]);
    expect(r.issues.map(formatIssue)).toEqual([
      'users.csv:43 (email): "not-an-email" is not an email address',
      'users.csv:152 (password): a password must be 8–2048 characters (this one has 5); leave the cell empty for none',
      'users.csv:152 (groups): no group named "Nobody"',
    ]);
    expect(JSON.stringify(r.issues)).not.toContain('short');
  });

  it('refuses a bad header: unknown or doubled columns, no email, bad tag keys', () => {
    const r = parseUsersCsv('Email,first_name,group,tag:bad key,tag:ok,tag:ok\nx@y.z,a,b,c,d,e\n');
    expect(r.users).toEqual([]);
    expect(r.issues.map(formatIssue)).toEqual([
      'users.csv:1: unknown column "Email" (did you mean "email"?); columns: email, firstName, lastName, groups, password, tag:<key>',
      'users.csv:1: unknown column "first_name" (did you mean "firstName"?); columns: email, firstName, lastName, groups, password, tag:<key>',
      'users.csv:1: unknown column "group" (did you mean "groups"?); columns: email, firstName, lastName, groups, password, tag:<key>',
      'users.csv:1: "tag:bad key": a tag key must be 1–255 letters, digits, "_" or "-"',
      'users.csv:1: the column "tag:ok" is named twice',
      'users.csv:1: no "email" column: every row needs the user\'s email',
    ]);
  });

  it('the same email twice, a row with another number of cells, an empty file', () => {
    const r = parseUsersCsv('email,firstName\na@b.co,A\nA@B.co,B\nc@d.co\n');
    expect(r.issues.map(formatIssue)).toEqual([
      'users.csv:3 (email): A@B.co is also on line 2',
      'users.csv:4: this row has another number of cells than the header',
    ]);
    expect(r.users.map((u) => u.email)).toEqual(['a@b.co']);
    expect(parseUsersCsv('').issues.map(formatIssue)).toEqual(['users.csv:1: the file is empty: the first row names the columns (email, firstName, lastName, groups, password, tag:<key>)']);
  });

  it('a file that is not valid CSV imports nothing', () => {
    const r = parseUsersCsv('email,firstName\na@b.co,"A"x\nc@d.co,C\n');
    expect(r.users).toEqual([]);
    expect(r.issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^not valid CSV: /) });
  });

  it('a quote never closed is reported on the line that opened it, not at the end of the file', () => {
    const r = parseUsersCsv('email,firstName\nx@y.co,A\n\n"ann@example.com,Ann\nbob@example.com,Bob\nc@d.co,C\n');
    expect(r.users).toEqual([]);
    expect(r.unusable).toBe(true);
    expect(r.issues.map(formatIssue)).toEqual(['users.csv:4: not valid CSV: a quote opened in the "email" cell on this line is never closed (a quote inside a quoted cell is written twice: "")']);
  });

  // Review 6 L3: csv-parse's own wording counted cells from 0, said one problem twice, and quoted
  // the character after a closing quote — a password's.
  it('a broken quote: lxp\'s words, the column by its header name, once, and never any of the cell', () => {
    const opening = parseUsersCsv('email,firstName,password\nann@example.com,Ann,SecretPrefix"rest"\n');
    expect(opening.unusable).toBe(true);
    expect(opening.issues.map(formatIssue)).toEqual([
      'users.csv:2: not valid CSV: the "password" cell holds a quote but does not start with one (a cell with quotes is written in quotes, and a quote inside a quoted cell is written twice: "")',
    ]);
    const closing = parseUsersCsv('email,firstName,password\nann@example.com,Ann,"MySecretPw"xyz\nbob@example.com,Bob,\n');
    expect(closing.issues.map(formatIssue)).toEqual([
      'users.csv:2: not valid CSV: the "password" cell goes on after its closing quote (a quote inside a quoted cell is written twice: "")',
    ]);
    for (const r of [opening, closing]) {
      const text = JSON.stringify(r.issues);
      for (const secret of ['Secret', 'rest', 'MySecretPw', '"x"', 'xyz']) expect(text).not.toContain(secret);
    }
  });

  it('a broken quote in the header: the cell by its place, and no row taken for the header (its cells would be quoted as column names)', () => {
    const r = parseUsersCsv('email,pass"word\nann@example.com,Hunter2Secret\n');
    expect(r.unusable).toBe(true);
    expect(r.issues.map(formatIssue)).toEqual([
      'users.csv:1: not valid CSV: cell 2 holds a quote but does not start with one (a cell with quotes is written in quotes, and a quote inside a quoted cell is written twice: "")',
    ]);
  });
});
