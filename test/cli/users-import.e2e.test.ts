// `lxp users import` end to end against the real local server, losant-rest reading back: 200
// users from a CSV with two bad rows reported by line, the rest created with their groups and
// tags; a second run writes nothing; updates send only what differs; a file that cannot be used
// sends nothing.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxpIn, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const lxp = lxpIn;

const writesSince = async (w: World, from: number) => (await w.requests()).slice(from).filter((r) => r.method !== 'GET');

async function importWorld() {
  const w = await openWorld();
  const applicationId = w.server.applicationId;
  const customers = (await w.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Customers' } })).id as string;
  const site = (await w.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Site 1', parentId: customers } })).id as string;
  const operators = (await w.losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Operators' } })).id as string;
  return { w, applicationId, groups: { customers, site, operators } };
}

async function allUsers(w: World) {
  const res = await w.losant.experienceUsers.get({ applicationId: w.server.applicationId, perPage: 1000 });
  return res.items as Array<{ id: string; email: string; firstName: string; lastName: string; userTags: Record<string, string>; experienceGroups: { id: string }[]; lastUpdated: string }>;
}

/** 200 rows (lines 2–201); rows 41 and 150 (lines 43 and 152) are bad. */
function csv200(fixed = false): string {
  const rows = Array.from({ length: 200 }, (_, i) => {
    const groups = i % 3 === 0 ? 'Operators' : i % 3 === 1 ? 'Customers/Site 1' : 'Operators;Site 1';
    return `user${i}@example.com,First${i},Last ${i},${groups},,${i % 2 ? 's1' : ''},${i % 5 === 0 ? 'admin' : ''}`;
  });
  if (!fixed) {
    rows[41] = 'not-an-email,First41,Last 41,Operators,,,';
    rows[150] = 'user150@example.com,First150,Last 150,Nobody,,,';
  }
  return `email,firstName,lastName,groups,password,tag:site,tag:role\n${rows.join('\n')}\n`;
}

describe('lxp users import', () => {
  it('imports 200 users with two bad rows reported by line (exit 1); the second run writes nothing', async () => {
    const { w, groups } = await importWorld();
    await writeFile(path.join(w.root, 'users.csv'), csv200());
    const start = (await w.requests()).length;

    const first = await lxp(w, ['users', 'import', 'users.csv']);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain('users.csv:43 (email): "not-an-email" is not an email address');
    expect(first.stderr).toContain('users.csv:152 (groups): no group named "Nobody" (groups: "Customers", "Customers/Site 1", "Operators")');
    expect(first.stdout).toContain('users.csv: 198 created, 0 updated, 0 unchanged, 2 rows refused.');
    expect(first.stdout).toContain('198 new users have no password and cannot sign in until one is set');
    expect(first.stdout).toContain('Fix the 2 refused rows and run the import again');

    const users = await allUsers(w);
    expect(users).toHaveLength(198);
    const byEmail = new Map(users.map((u) => [u.email, u]));
    expect(byEmail.has('user41@example.com')).toBe(false);
    expect(byEmail.has('user150@example.com')).toBe(false);
    const u5 = byEmail.get('user5@example.com')!;
    expect(u5).toMatchObject({ firstName: 'First5', lastName: 'Last 5', userTags: { site: 's1', role: 'admin' } });
    expect(u5.experienceGroups.map((g) => g.id).sort()).toEqual([groups.operators, groups.site].sort());
    expect(byEmail.get('user3@example.com')!.experienceGroups.map((g) => g.id)).toEqual([groups.operators]);
    expect(byEmail.get('user4@example.com')!.userTags).toEqual({});
    expect((await writesSince(w, start)).filter((r) => r.method === 'POST')).toHaveLength(198);

    // Again, with --json: nothing to write, the same two rows refused.
    const mark = (await w.requests()).length;
    const second = await lxp(w, ['users', 'import', 'users.csv', '--json']);
    expect(second.code).toBe(1);
    expect(second.json).toMatchObject({
      command: 'users import',
      outcome: 'unchanged',
      exitCode: 1,
      error: { code: 'invalid-rows' },
      summary: { rows: 200, created: 0, updated: 0, unchanged: 198, invalid: 2, failed: 0, withoutPassword: 0 },
    });
    expect(second.json.issues.map((i: { line: number; field: string }) => [i.line, i.field])).toEqual([[43, 'email'], [152, 'groups']]);
    expect(second.json.rows.filter((r: { action: string }) => r.action === 'invalid').map((r: { line: number }) => r.line)).toEqual([43, 152]);
    expect(await writesSince(w, mark)).toEqual([]);

    // The bad rows fixed: the two are created, exit 0; a fourth run writes nothing and says so.
    await writeFile(path.join(w.root, 'users.csv'), csv200(true));
    const third = await lxp(w, ['users', 'import', 'users.csv']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain('users.csv: 2 created, 0 updated, 198 unchanged.');
    expect(await allUsers(w)).toHaveLength(200);
    const mark2 = (await w.requests()).length;
    const fourth = await lxp(w, ['users', 'import', 'users.csv', '--json']);
    expect(fourth.json).toMatchObject({ outcome: 'unchanged', exitCode: 0, summary: { unchanged: 200 } });
    expect(await writesSince(w, mark2)).toEqual([]);
  });

  it('updates only what differs (one PATCH per changed user); --dry-run shows it and writes nothing', async () => {
    const { w, groups } = await importWorld();
    const file = path.join(w.root, 'people.csv');
    await writeFile(file, 'email,firstName,lastName,groups,tag:site\nann@example.com,Ann,Lee,Operators,s1\nbob@example.com,Bob,Stone,Site 1,s2\n');
    expect((await lxp(w, ['users', 'import', 'people.csv'])).code).toBe(0);
    // Ann's first name, groups and tag change; Bob is as before (his email in another case).
    await writeFile(file, 'email,firstName,lastName,groups,tag:site\nann@example.com,Anne,Lee,Operators;Customers,\nBOB@example.com,Bob,Stone,Site 1,s2\n');
    const mark = (await w.requests()).length;
    const dry = await lxp(w, ['users', 'import', 'people.csv', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('  would update ann@example.com (line 2): firstName, groups, tag:site\nDry run: people.csv: 0 to create, 1 to update, 1 unchanged.\n');
    expect(await writesSince(w, mark)).toEqual([]);
    const real = await lxp(w, ['users', 'import', 'people.csv', '--json']);
    expect(real.json).toMatchObject({ outcome: 'done', exitCode: 0, summary: { updated: 1, unchanged: 1 } });
    expect(real.json.rows[0]).toMatchObject({ line: 2, email: 'ann@example.com', action: 'update', changes: ['firstName', 'groups', 'tag:site'], status: 'done' });
    const patches = await writesSince(w, mark);
    expect(patches.map((r) => r.method)).toEqual(['PATCH']);
    const ann = (await allUsers(w)).find((u) => u.email === 'ann@example.com')!;
    expect(ann).toMatchObject({ firstName: 'Anne', userTags: {} });
    expect(ann.experienceGroups.map((g) => g.id).sort()).toEqual([groups.customers, groups.operators].sort());
  });

  it('passwords: used on create, not re-sent for existing users unless --reset-passwords (then on every run)', async () => {
    const { w } = await importWorld();
    await writeFile(path.join(w.root, 'p.csv'), 'email,password\nann@example.com,first password\nbob@example.com,\n');
    const first = await lxp(w, ['users', 'import', 'p.csv', '--json']);
    expect(first.json.rows.map((r: { password: string }) => r.password)).toEqual(['set', 'none']);
    expect(first.json.summary.withoutPassword).toBe(1);
    const mark = (await w.requests()).length;
    expect((await lxp(w, ['users', 'import', 'p.csv'])).code).toBe(0);
    expect(await writesSince(w, mark)).toEqual([]);
    for (let run = 0; run < 2; run++) {
      const m = (await w.requests()).length;
      const reset = await lxp(w, ['users', 'import', 'p.csv', '--reset-passwords', '--json']);
      expect(reset.json.rows[0]).toMatchObject({ action: 'update', changes: ['password'], status: 'done' });
      expect((await writesSince(w, m)).map((r) => r.method)).toEqual(['PATCH']);
    }
  });

  it('exit 2 and no request for a file that cannot be used; --strict refuses the whole file on one bad row', async () => {
    const { w } = await importWorld();
    const mark = (await w.requests()).length;
    const missing = await lxp(w, ['users', 'import', 'nope.csv', '--json']);
    expect(missing.json).toMatchObject({ command: 'users import', exitCode: 2, error: { code: 'invalid-file', message: 'cannot read nope.csv: no such file; nothing was sent' } });
    await writeFile(path.join(w.root, 'bad.csv'), 'mail,firstName\na@b.co,A\n');
    const header = await lxp(w, ['users', 'import', 'bad.csv']);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('bad.csv:1: unknown column "mail" (did you mean "email"?)');
    expect(await w.requests()).toHaveLength(mark);

    await writeFile(path.join(w.root, 'some.csv'), 'email\nann@example.com\nnot-an-email\n');
    const strict = await lxp(w, ['users', 'import', 'some.csv', '--strict', '--json']);
    expect(strict.json).toMatchObject({ outcome: 'refused', exitCode: 2, error: { code: 'invalid-file' }, summary: { invalid: 1 } });
    expect(strict.json.rows[0]).toMatchObject({ line: 2, action: 'create', status: 'refused' });
    expect(await writesSince(w, mark)).toEqual([]);
  });

  it("a row's every problem is said at once: an unknown group is not hidden behind a short password (review 5, M1)", async () => {
    const { w } = await importWorld();
    await writeFile(path.join(w.root, 'u2.csv'), 'email,groups,password\ndan@example.com,Nope,short\nfay@example.com,Nope;Operators,\nnot-an-email,Nope;Nada,\n');
    const r = await lxp(w, ['users', 'import', 'u2.csv', '--dry-run', '--json']);
    expect(r.code).toBe(1);
    const byLine = r.json.issues.map((i: { line: number; field: string; message: string }) => `${i.line} ${i.field}: ${i.message.replace(/ \(groups: .*\)$/, '')}`);
    expect(byLine).toEqual([
      '2 password: a password must be 8–2048 characters (this one has 5); leave the cell empty for none',
      '2 groups: no group named "Nope"',
      '3 groups: no group named "Nope"',
      '4 email: "not-an-email" is not an email address',
      '4 groups: no group named "Nope"',
      '4 groups: no group named "Nada"',
    ]);
    expect(JSON.stringify(r.json)).not.toContain('short');
    const text = await lxp(w, ['users', 'import', 'u2.csv', '--dry-run']);
    expect(text.stderr).toContain('u2.csv:2 (groups): no group named "Nope"');
  });

  it('a CSV with a broken quote: one message per problem naming the column, no character of the cell, nothing sent (review 6 L3)', async () => {
    const { w } = await importWorld();
    const mark = (await w.requests()).length;
    await writeFile(path.join(w.root, 'u3.csv'), 'email,firstName,password\nann@example.com,Ann,"MySecretPw"xyz\n');
    const r = await lxp(w, ['users', 'import', 'u3.csv', '--dry-run']);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('u3.csv:'));
    expect(lines).toEqual(['u3.csv:2: not valid CSV: the "password" cell goes on after its closing quote (a quote inside a quoted cell is written twice: "")']);
    const json = await lxp(w, ['users', 'import', 'u3.csv', '--json']);
    expect(json.json.issues).toHaveLength(1);
    for (const out of [r.stdout, r.stderr, json.stdout]) expect(out).not.toMatch(/MySecretPw|"x"|xyz/);
    expect(await writesSince(w, mark)).toEqual([]);
  });

  it('reads the CSV from stdin with -', async () => {
    const { w } = await importWorld();
    const r = await lxp(w, ['users', 'import', '-', '--json'], { input: 'email,groups\nann@example.com,Operators\n' });
    expect(r.json).toMatchObject({ file: 'stdin', outcome: 'done', exitCode: 0, summary: { created: 1 } });
    expect((await allUsers(w)).map((u) => u.email)).toEqual(['ann@example.com']);
  });

  it('a write the API refuses is reported by its row, exit 1; the other rows are applied', async () => {
    const { w } = await importWorld();
    // "a..b@example.com" passes lxp's light email check; the API's stricter one refuses it.
    await writeFile(path.join(w.root, 'u.csv'), `email,tag:site\n${Array.from({ length: 10 }, (_, i) => `u${i}@example.com,s${i}`).join('\n')}\na..b@example.com,x\n`);
    const first = await lxp(w, ['users', 'import', 'u.csv', '--json']);
    expect(first.json).toMatchObject({ outcome: 'failed', exitCode: 1, error: { code: 'changes-failed', message: '1 of 11 writes failed (each row says why); the others were applied' }, summary: { created: 10, failed: 1 } });
    expect(first.json.rows[10]).toMatchObject({ line: 12, email: 'a..b@example.com', action: 'create', status: 'failed', error: expect.stringMatching(/^400 Validation: experienceUser.email/) });
    expect(await allUsers(w)).toHaveLength(10);
    const text = await lxp(w, ['users', 'import', 'u.csv']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('  failed to create a..b@example.com (line 12): 400 Validation: experienceUser.email must match format "email"\n');
    expect(text.stdout).toContain('u.csv: 0 created, 0 updated, 10 unchanged, 1 failed.');
    expect(text.stdout).toContain('Running the import again sends only the rows that failed');
  });
});
