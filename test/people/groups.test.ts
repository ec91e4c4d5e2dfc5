// The group tree and groups named by people (src/people/groups.ts): pure, no server.
import { describe, expect, it } from 'vitest';
import type { ApiGroup, ApiUser } from '../../src/api/types.js';
import { countUsers, GroupTree } from '../../src/people/groups.js';

const id = (n: number) => n.toString(16).padStart(24, '0');
const g = (n: number, name: string, parent?: number): ApiGroup => ({ id: id(n), name, parentId: parent === undefined ? null : id(parent), lastUpdated: '2026-01-01T00:00:00.000Z' });

const GROUPS = [g(1, 'Customers'), g(2, 'Customer 1', 1), g(3, 'Admins', 1), g(4, 'Partners'), g(5, 'Admins', 4), g(6, 'Site A', 2), g(7, 'Operators')];

describe('GroupTree', () => {
  it('builds the tree: roots and children by name, paths from the root', () => {
    const tree = new GroupTree([...GROUPS].reverse());
    expect(tree.all().map((n) => `${'  '.repeat(n.depth)}${n.path}`)).toEqual([
      'Customers',
      '  Customers/Admins',
      '  Customers/Customer 1',
      '    Customers/Customer 1/Site A',
      'Operators',
      'Partners',
      '  Partners/Admins',
    ]);
  });

  it('a parent the list lacks, or a loop, makes a root instead of losing groups', () => {
    const tree = new GroupTree([g(1, 'orphan', 99), g(2, 'a', 3), g(3, 'b', 2)]);
    expect(tree.all().map((n) => n.name).sort()).toEqual(['a', 'b', 'orphan']);
    expect(tree.roots.length).toBeGreaterThanOrEqual(2);
  });

  it('resolves a unique name, a path, an id; refuses an ambiguous name or an unknown one, naming the candidates', () => {
    const tree = new GroupTree(GROUPS);
    const ok = (name: string) => {
      const r = tree.resolve(name);
      return r.ok ? r.group.path : r;
    };
    expect(ok('Operators')).toBe('Operators');
    expect(ok(' Site A ')).toBe('Customers/Customer 1/Site A');
    expect(ok('Partners/Admins')).toBe('Partners/Admins');
    expect(ok(id(3).toUpperCase())).toBe('Customers/Admins');
    expect(tree.resolve('Admins')).toEqual({
      ok: false,
      reason: 'ambiguous',
      message: '2 groups are named "Admins": "Customers/Admins", "Partners/Admins" — name one by its path (e.g. "Customers/Admins") or its id',
    });
    expect(tree.resolve('operators')).toMatchObject({ ok: false, reason: 'not-found', message: 'no group named "operators" (did you mean "Operators"?)' });
    expect(tree.resolve('Operatrs')).toMatchObject({ ok: false, message: 'no group named "Operatrs" (did you mean "Operators"?)' });
    expect(tree.resolve('Custom')).toMatchObject({ ok: false, message: 'no group named "Custom" (did you mean "Customers", "Customers/Customer 1"?)' });
    expect(tree.resolve('zz')).toMatchObject({ ok: false, message: expect.stringMatching(/^no group named "zz" \(groups: "Customers", "Customers\/Admins", /) });
    expect(new GroupTree([]).resolve('x')).toMatchObject({ ok: false, message: 'no group named "x" (the application has no groups)' });
  });

  it('refuses a name that also spells another group\'s path ("Sales/EU": that group, or EU under Sales), naming both ids', () => {
    const tree = new GroupTree([g(1, 'Sales'), g(2, 'EU', 1), g(3, 'Sales/EU')]);
    expect(tree.resolve('Sales/EU')).toEqual({
      ok: false,
      reason: 'ambiguous',
      message: `"Sales/EU" names 2 groups: the group named "Sales/EU" (id ${id(3)}) and the group at that path (id ${id(2)}) — name one by its id`,
    });
    expect(tree.resolve(id(2))).toMatchObject({ ok: true, group: { name: 'EU' } });
    expect(tree.resolve('EU')).toMatchObject({ ok: true, group: { path: 'Sales/EU', id: id(2) } });
  });

  it('counts users: direct members, and distinct members with the groups below', () => {
    const tree = new GroupTree(GROUPS);
    const u = (n: number, ...groups: number[]): ApiUser => ({ id: id(100 + n), email: `u${n}@x.co`, experienceGroups: groups.map((x) => ({ id: id(x), name: '' })) });
    const counts = countUsers(tree, [u(1, 1), u(2, 2, 6), u(3, 6), u(4, 7), u(5)]);
    expect(counts.get(id(1))).toEqual({ users: 1, usersWithSubgroups: 3 });
    expect(counts.get(id(2))).toEqual({ users: 1, usersWithSubgroups: 2 });
    expect(counts.get(id(6))).toEqual({ users: 2, usersWithSubgroups: 2 });
    expect(counts.get(id(4))).toEqual({ users: 0, usersWithSubgroups: 0 });
  });
});
