// Review 10b, F4: a user tag called `__proto__` (from `--tag` or a CSV `tag:` column) was dropped
// without a word, exit 0: lxp built the tags as a plain object, where that key sets the prototype.
// Losant's userTags pattern (letters, digits, "_", "-", 1–255) admits it, and `constructor` too: both
// are stored, listed, compared and removed like any other key. Read back with losant-rest.
// Develop's view and group tags of that name were dropped too (hashes and remote contents were
// plain objects): status called such a view "in sync" and a deploy would have removed the tag.
// Now the difference shows, and the pull writes it as develop has it — which the folder refuses,
// naming the line (lxp does not support the key in its files).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp as sync, lxpIn as lxp, MAIN_AND_HOME, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

/** The user's tags on the server, as own [key, value] pairs, sorted. */
async function tagsOf(w: World, email: string): Promise<Array<[string, string]>> {
  const res = await w.losant.experienceUsers.get({ applicationId: w.server.applicationId, filterField: 'email', filter: email });
  const tags = (res.items[0] as { userTags: Record<string, string> }).userTags;
  return Object.keys(tags)
    .sort()
    .map((k) => [k, tags[k]]);
}

describe('user tags with keys a plain object treats specially', () => {
  it('lxp users add --tag __proto__=1 --tag constructor=2: stored and listed', async () => {
    const w = await openWorld();
    const add = await lxp(w, ['users', 'add', 't9@example.com', '--tag', '__proto__=1', '--tag', 'constructor=2', '--tag', 'b=3']);
    expect(add.code, add.stderr).toBe(0);
    expect(await tagsOf(w, 't9@example.com')).toEqual([
      ['__proto__', '1'],
      ['b', '3'],
      ['constructor', '2'],
    ]);
    const list = await lxp(w, ['users', 'list', '--json']);
    const user = list.json.users.find((u: { email: string }) => u.email === 't9@example.com');
    expect(Object.entries(user.tags).sort()).toEqual([
      ['__proto__', '1'],
      ['b', '3'],
      ['constructor', '2'],
    ]);
    expect((await lxp(w, ['users', 'list'])).stdout).toMatch(/t9@example\.com.*__proto__=1/);
    // Given twice, it is refused as any key is.
    const twice = await lxp(w, ['users', 'add', 't10@example.com', '--tag', '__proto__=1', '--tag', '__proto__=2', '--json']);
    expect(twice.json).toMatchObject({ exitCode: 2, error: { code: 'usage', message: '--tag __proto__ given twice ("1" and "2"): a user has one value per tag' } });
  });

  it('lxp users import with tag:__proto__ and tag:constructor columns: created, unchanged on a second run, removed by an empty cell', async () => {
    const w = await openWorld();
    const file = path.join(w.root, 'users.csv');
    await writeFile(file, 'email,tag:__proto__,tag:constructor,tag:a\nq1@example.com,1,2,3\n');
    const first = await lxp(w, ['users', 'import', 'users.csv', '--json']);
    expect(first.code, first.stdout).toBe(0);
    expect(first.json.summary).toMatchObject({ created: 1 });
    expect(await tagsOf(w, 'q1@example.com')).toEqual([
      ['__proto__', '1'],
      ['a', '3'],
      ['constructor', '2'],
    ]);
    const again = await lxp(w, ['users', 'import', 'users.csv', '--json']);
    expect(again.json.summary).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    await writeFile(file, 'email,tag:__proto__,tag:constructor,tag:a\nq1@example.com,,7,3\n');
    const update = await lxp(w, ['users', 'import', 'users.csv', '--json']);
    expect(update.json.rows[0]).toMatchObject({ action: 'update', changes: ['tag:__proto__', 'tag:constructor'] });
    expect(await tagsOf(w, 'q1@example.com')).toEqual([
      ['a', '3'],
      ['constructor', '7'],
    ]);
  });
});

/** PATCH with a body holding a `__proto__` key: raw HTTP, since losant-rest (axios) drops such a key from the body it sends. */
async function patchRaw(w: World, what: string, body: string): Promise<void> {
  const res = await fetch(`${w.env.LOSANT_API_URL}/applications/${w.server.applicationId}/experience/${what}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${w.env.LOSANT_API_TOKEN}`, 'content-type': 'application/json' },
    body,
  });
  expect(res.status, await res.text()).toBe(200);
}

describe("develop's view and group tags called __proto__", () => {
  it('show as a difference; the pull writes them as develop has them, and the folder then names the line', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Alpha\n  tags: { a: "1" }\n');
    expect((await sync(w, 'deploy')).code).toBe(0);
    const home = (await w.remoteViews()).find((v) => v.viewType === 'page')!;
    const alpha = ((await w.losant.experienceGroups.get({ applicationId: w.server.applicationId })).items as Array<{ id: string; name: string }>).find((g) => g.name === 'Alpha')!;
    await patchRaw(w, `views/${home.id}`, '{"viewTags": {"__proto__": "x", "lxp-managed": "true"}}');
    await patchRaw(w, `groups/${alpha.id}`, '{"groupTags": {"__proto__": "y", "a": "1", "lxp-managed": "true"}}');

    const status = await sync(w, 'status', { json: true });
    expect(status.code, status.stdout).toBe(0);
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync').map((c: { kind: string; file: string }) => [c.kind, c.file]).sort()).toEqual([
      ['changed-remote', 'groups.yaml'],
      ['changed-remote', `pages/${home.name}.hbs`],
    ]);
    expect((await sync(w, 'pull')).code).toBe(0);
    expect(await readFile(path.join(w.dir, `pages/${home.name}.hbs`), 'utf8')).toContain('  __proto__: x\n');
    expect(await readFile(path.join(w.dir, 'groups.yaml'), 'utf8')).toContain('    __proto__: y\n');
    const refused = await sync(w, 'status');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`pages/${home.name}\\.hbs:\\d+ \\(tags\\.__proto__\\): the tag key "__proto__" is not supported`));
    expect(refused.stderr).toMatch(/groups\.yaml:\d+ \(\[0\]\.tags\.__proto__\): the tag key "__proto__" is not supported/);
  });
});
