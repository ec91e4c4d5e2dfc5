// `lxp users …` and `lxp groups list` end to end: in-process against the real local server, with
// losant-rest setting groups up and reading every result back. Refusals send no write.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxpIn, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const lxp = lxpIn;

const writes = async (w: World) => (await w.requests()).filter((r) => r.method !== 'GET');

interface Groups {
  customers: string;
  customer1: string;
  operators: string;
  customerAdmins: string;
  partnerAdmins: string;
}

async function groupsWorld(): Promise<{ w: World; g: Groups }> {
  const w = await openWorld();
  const applicationId = w.server.applicationId;
  const post = async (name: string, parentId?: string) =>
    (await w.losant.experienceGroups.post({ applicationId, experienceGroup: { name, ...(parentId ? { parentId } : {}) } })).id as string;
  const customers = await post('Customers');
  const partners = await post('Partners');
  const g = {
    customers,
    customer1: await post('Customer 1', customers),
    operators: await post('Operators'),
    customerAdmins: await post('Admins', customers),
    partnerAdmins: await post('Admins', partners),
  };
  return { w, g };
}

async function remoteUser(w: World, email: string) {
  const res = await w.losant.experienceUsers.get({ applicationId: w.server.applicationId, filterField: 'email', filter: email });
  return res.items[0] as { id: string; email: string; firstName: string; lastName: string; userTags: Record<string, string>; experienceGroups: { id: string; name: string }[]; passwordLastUpdated: string } | undefined;
}

describe('lxp users add, list, set-password, remove', () => {
  it('adds a user with groups (by name and path), tags and a piped password; lists; sets the password; removes', async () => {
    const { w, g } = await groupsWorld();
    const add = await lxp(w, ['users', 'add', 'Ann@Example.com', '--first', 'Ann', '--last', 'Lee', '--group', 'Operators', '--group', 'Customers/Admins', '--tag', 'role=admin', '--password-stdin'], { input: 'correct horse battery\n' });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toBe('Added ann@example.com (Ann Lee) in "Customers/Admins", "Operators".\n');
    const ann = await remoteUser(w, 'ann@example.com');
    expect(ann).toMatchObject({ firstName: 'Ann', lastName: 'Lee', userTags: { role: 'admin' } });
    expect(ann!.experienceGroups.map((x) => x.id).sort()).toEqual([g.customerAdmins, g.operators].sort());

    // Without a terminal and without --password-stdin: created with no password, and told how to give one.
    const bob = await lxp(w, ['users', 'add', 'bob@example.com', '--group', 'Customer 1']);
    expect(bob.code, bob.stderr).toBe(0);
    expect(bob.stdout).toContain("bob@example.com has no password yet, so cannot sign in to the experience (lxp's development sign-in needs none): set one with `lxp users set-password bob@example.com`");

    const list = await lxp(w, ['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toEqual([
      'EMAIL            NAME     GROUPS                       TAGS',
      'ann@example.com  Ann Lee  Customers/Admins, Operators  role=admin',
      'bob@example.com           Customers/Customer 1',
      '2 users.',
      '',
    ].map((l) => l.trimEnd()));
    const json = (await lxp(w, ['users', 'list', '--group', 'Customers', '--subgroups', '--json'])).json;
    expect(json).toMatchObject({ command: 'users list', outcome: 'listed', exitCode: 0, count: 2, subgroups: true, inherited: false, group: { id: g.customers, name: 'Customers', path: 'Customers' } });
    expect(json.users[0]).toEqual({
      id: ann!.id, email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee',
      groups: [{ id: g.customerAdmins, name: 'Admins', path: 'Customers/Admins' }, { id: g.operators, name: 'Operators', path: 'Operators' }],
      tags: { role: 'admin' }, created: expect.any(String), lastLogin: null,
    });
    expect((await lxp(w, ['users', 'list', '--group', 'Customers'])).stdout).toBe('No experience users in "Customers".\n');

    // set-password: on a terminal, asked twice (hidden); passwordLastUpdated moves.
    const before = (await remoteUser(w, 'bob@example.com'))!.passwordLastUpdated;
    const set = await lxp(w, ['users', 'set-password', 'BOB@example.com'], { answers: ['a new password', 'a new password'] });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('Password for BOB@example.com (8–2048 characters): ');
    expect(set.stdout).toBe('Set the password of bob@example.com.\n');
    expect((await remoteUser(w, 'bob@example.com'))!.passwordLastUpdated > before).toBe(true);

    const rm = await lxp(w, ['users', 'remove', 'bob@example.com', '--json']);
    expect(rm.json).toMatchObject({ command: 'users remove', outcome: 'removed', exitCode: 0, user: { email: 'bob@example.com' } });
    expect(await remoteUser(w, 'bob@example.com')).toBeUndefined();
    const again = await lxp(w, ['users', 'remove', 'bob@example.com', '--json']);
    expect(again.json).toMatchObject({ exitCode: 2, error: { code: 'not-found', message: 'no experience user with the email bob@example.com' } });
  });

  it('refuses before any write: an ambiguous or unknown group, an email taken (any case), a bad tag, a password from a flag, a short password', async () => {
    const { w } = await groupsWorld();
    await w.losant.experienceUsers.post({ applicationId: w.server.applicationId, experienceUser: { email: 'ann@example.com', password: 'password1' } });
    const before = (await writes(w)).length;
    const ambiguous = await lxp(w, ['users', 'add', 'x@example.com', '--group', 'Admins', '--json']);
    expect(ambiguous.json).toMatchObject({ exitCode: 2, error: { code: 'usage', message: '2 groups are named "Admins": "Customers/Admins", "Partners/Admins" — name one by its path (e.g. "Customers/Admins") or its id' } });
    const unknown = await lxp(w, ['users', 'add', 'x@example.com', '--group', 'operators']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no group named "operators" (did you mean "Operators"?)');
    const taken = await lxp(w, ['users', 'add', 'ANN@example.com', '--json']);
    expect(taken.json).toMatchObject({ exitCode: 2, error: { code: 'already-exists' } });
    expect((await lxp(w, ['users', 'add', 'x@example.com', '--tag', 'bad key=1'])).code).toBe(2);
    const twice = await lxp(w, ['users', 'add', 'x@example.com', '--tag', 'a=1', '--tag', 'a=2', '--json']);
    expect(twice.json).toMatchObject({ exitCode: 2, error: { code: 'usage', message: '--tag a given twice ("1" and "2"): a user has one value per tag' } });
    expect((await lxp(w, ['users', 'add', 'not-an-email'])).stderr).toContain('"not-an-email" is not an email address');
    const flag = await lxp(w, ['users', 'add', 'x@example.com', '--password=hunter2hunter2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('a password is never taken from a flag');
    expect(flag.output).not.toContain('hunter2hunter2');
    const short = await lxp(w, ['users', 'set-password', 'ann@example.com', '--password-stdin'], { input: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('a password must be 8–2048 characters (this one has 5): nothing was changed');
    const differ = await lxp(w, ['users', 'set-password', 'ann@example.com'], { answers: ['password one', 'password two'] });
    expect(differ.code).toBe(2);
    expect(differ.stderr).toContain('the two passwords differ: nothing was changed');
    const empty = await lxp(w, ['users', 'add', 'y@example.com'], { answers: ['hunter2hunter2', ''] });
    expect(empty.code).toBe(2);
    expect(await writes(w)).toHaveLength(before);
  });

  it('set-password without a terminal needs --password-stdin: exit 2 before connecting', async () => {
    const { w } = await groupsWorld();
    const before = (await w.requests()).length;
    const r = await lxp(w, ['users', 'set-password', 'ann@example.com', '--json']);
    expect(r.json).toMatchObject({ command: 'users set-password', exitCode: 2, error: { code: 'usage', message: 'no terminal to ask for the password of ann@example.com: pipe it with --password-stdin (e.g. from your secret store)' } });
    expect(await w.requests()).toHaveLength(before);
  });

  it('a refused token is exit 2 with the hint, for every users and groups command', async () => {
    const { w } = await groupsWorld();
    const env = { ...w.env, LOSANT_API_TOKEN: 'wrong-token' };
    for (const args of [['users', 'list'], ['users', 'add', 'a@example.com'], ['users', 'remove', 'a@example.com'], ['groups', 'list']]) {
      const r = await lxp(w, [...args, '--json'], { env });
      expect(r.json, args.join(' ')).toMatchObject({ command: args.slice(0, 2).join(' '), exitCode: 2, error: { code: 'token-refused' } });
      expect(r.stdout).not.toContain('wrong-token');
    }
  });

  it('a protected target: shows what it would do, then asks; without a terminal it needs --yes', async () => {
    const { w } = await groupsWorld();
    const config = { targets: { production: { applicationId: w.server.applicationId, apiUrl: w.server.url, protected: true } } };
    await writeFile(path.join(w.dir, 'lxp.config.json'), JSON.stringify(config));
    const env = { ...w.env, LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '' };
    const args = ['users', 'add', 'ann@example.com', '--group', 'Operators', '--target', 'production'];
    const ci = await lxp(w, args, { env });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('target "production" is protected: pass --yes');
    const no = await lxp(w, args, { env, answers: ['n'] });
    expect(no.code).toBe(2);
    expect(no.stderr.indexOf('Dry run: would add ann@example.com in "Operators".')).toBeLessThan(no.stderr.indexOf('Add ann@example.com on protected target "production"? [y/N]'));
    expect(await writes(w)).toHaveLength(6); // the groups only
    const yes = await lxp(w, args, { env, answers: ['y', 'a good password', 'a good password'] });
    expect(yes.code, yes.stderr).toBe(0);
    expect((await remoteUser(w, 'ann@example.com'))?.experienceGroups.map((x) => x.name)).toEqual(['Operators']);
    const withYes = await lxp(w, ['users', 'remove', 'ann@example.com', '--target', 'production', '--yes'], { env });
    expect(withYes.code).toBe(0);
  });
});

describe('lxp groups list', () => {
  it('prints the tree with user counts (direct, and with subgroups); --json holds the tree', async () => {
    const { w, g } = await groupsWorld();
    const applicationId = w.server.applicationId;
    const user = (email: string, ...groups: string[]) => w.losant.experienceUsers.post({ applicationId, experienceUser: { email, password: 'password1', experienceGroupIds: groups } });
    await user('a@example.com', g.customers);
    await user('b@example.com', g.customer1, g.operators);
    await user('c@example.com', g.customer1);
    await user('d@example.com');
    const r = await lxp(w, ['groups', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Customers  1 user (3 with subgroups)',
        '├─ Admins  0 users',
        '└─ Customer 1  2 users',
        'Operators  1 user',
        'Partners  0 users',
        '└─ Admins  0 users',
        '6 groups, 4 users (1 in no group).',
        '',
      ].join('\n'),
    );
    // Users of "Customer 1": b and c directly, a through the parent group (--inherited), as Losant counts them.
    const inherited = await lxp(w, ['users', 'list', '--group', 'Customer 1', '--inherited']);
    expect(inherited.stdout.split('\n').slice(1)).toEqual([
      'a@example.com        Customers',
      'b@example.com        Customers/Customer 1, Operators',
      'c@example.com        Customers/Customer 1',
      '3 users in "Customers/Customer 1" (with the members of the groups above it).',
      '',
    ]);
    expect((await lxp(w, ['users', 'list', '--group', 'Customers', '--subgroups', '--inherited', '--json'])).json.count).toBe(3);
    expect((await lxp(w, ['users', 'list', '--inherited'])).stderr).toContain('--inherited goes with --group');
    const json = (await lxp(w, ['groups', 'list', '--json'])).json;
    expect(json).toMatchObject({ command: 'groups list', outcome: 'listed', exitCode: 0, totals: { groups: 6, users: 4, usersInNoGroup: 1 } });
    expect(json.groups[0]).toMatchObject({ id: g.customers, name: 'Customers', path: 'Customers', users: 1, usersWithSubgroups: 3, parentId: null });
    expect(json.groups[0].children.map((c: { path: string; users: number }) => [c.path, c.users])).toEqual([['Customers/Admins', 0], ['Customers/Customer 1', 2]]);
  });
});
