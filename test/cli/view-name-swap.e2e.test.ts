// Review 10, F14: two views that swap names in one deploy. Losant keeps one view per name and type,
// so whichever rename went first failed (400 AlreadyExists) with "Run the command again to finish",
// and every re-run failed the same way (a CI job would retry forever). The deploy is refused before
// its first write (exit 2), naming both views and the two-step way — which then works. status and
// diff refuse the same folder the same way (review 10b, F14).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, remoteGroups, useWorlds, writesSince, writeView } from './helpers.js';

const openWorld = useWorlds();

describe('lxp deploy and two views that swap names', () => {
  it('refuses before any write, naming both and the two-step way; the two steps work and keep the ids', async () => {
    const w = await openWorld();
    await writeView(w.dir, 'layouts/main.hbs', '<main>{{page}}</main>\n');
    await writeView(w.dir, 'pages/a2.hbs', '---\nlayout: main\n---\n<p>A</p>\n');
    await writeView(w.dir, 'pages/b.hbs', '---\nlayout: main\n---\n<p>B</p>\n');
    const first = await lxp(w, 'deploy');
    expect(first.code, first.output).toBe(0);
    const page = async (name: string) => (await w.remoteViews()).find((v) => v.viewType === 'page' && v.name === name)?.id;
    const ids = { a2: await page('a2'), b: await page('b') };
    expect(ids.a2 && ids.b).toBeTruthy();

    await writeView(w.dir, 'pages/a2.hbs', '---\nname: b\nlayout: main\n---\n<p>A</p>\n');
    await writeView(w.dir, 'pages/b.hbs', '---\nname: a2\nlayout: main\n---\n<p>B</p>\n');
    const since = (await w.requests()).length;
    // status and diff say what deploy refuses (review 10b, F14): not two plain renames and exit 0.
    for (const command of ['status', 'diff'] as const) {
      const shown = await lxp(w, command, { json: true });
      expect(shown.code, shown.stdout).toBe(2);
      expect(shown.json).toMatchObject({ outcome: 'invalid', exitCode: 2, error: { code: 'invalid-folder' } });
      expect(shown.json.issues.map((i: { file: string }) => i.file).sort()).toEqual(['pages/a2.hbs', 'pages/b.hbs']);
    }
    const text = await lxp(w, 'status', { exitCode: true });
    expect(text.code, text.output).toBe(2);
    expect(text.stderr).toMatch(/error pages\/a2\.hbs:2 \(name\): page "a2" is renamed "b"[^\n]*Rename one of them to a free name first/);
    expect(text.stderr).toContain('2 problems in the folder');
    const r = await lxp(w, 'deploy', { json: true });
    expect(r.code, r.stdout).toBe(2);
    expect(r.json).toMatchObject({ outcome: 'invalid', exitCode: 2 });
    // Each at the line of the `name:` that renames it.
    const messages: string[] = r.json.issues.map((i: { file: string; line: number; field: string; message: string }) => `${i.file}:${i.line} (${i.field}): ${i.message}`).sort();
    expect(messages).toEqual([
      expect.stringMatching(/^pages\/a2\.hbs:2 \(name\): page "a2" is renamed "b", the name page "b" \(pages\/b\.hbs\) leaves, while that one takes this one's: .*every run of this deploy would fail the same way\. Rename one of them to a free name first/),
      expect.stringMatching(/^pages\/b\.hbs:2 \(name\): page "b" is renamed "a2", the name page "a2" \(pages\/a2\.hbs\) leaves/),
    ]);
    expect(r.stdout).not.toContain('Run the command again');
    expect(await writesSince(w, since)).toEqual([]);

    // The advice: one to a free name, deploy, then the swap's end.
    await writeView(w.dir, 'pages/a2.hbs', '---\nname: a2-old\nlayout: main\n---\n<p>A</p>\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await writeView(w.dir, 'pages/a2.hbs', '---\nname: b\nlayout: main\n---\n<p>A</p>\n');
    const done = await lxp(w, 'deploy');
    expect(done.code, done.stderr).toBe(0);
    expect(await page('b')).toBe(ids.a2);
    expect(await page('a2')).toBe(ids.b);
  });
});

// Review 10b, F18: a deploy narrowed to one file of a cycle said "a whole lxp deploy has no such
// clash", but the whole deploy is refused (the cycle above). The narrowed run says what the whole
// one does, and the advice — one view through a free name — works.
describe('lxp deploy narrowed to one file of a cycle of renames', () => {
  it('says a whole deploy refuses the cycle too, and its advice works with the ids kept', async () => {
    const w = await openWorld();
    const view = (name: string, body: string) => `---\nname: ${name}\nlayout: main\n---\n<p>${body}</p>\n`;
    await writeView(w.dir, 'layouts/main.hbs', '<main>{{page}}</main>\n');
    await writeView(w.dir, 'pages/c1.hbs', view('c2', '1'));
    await writeView(w.dir, 'pages/c2.hbs', view('c4', '2'));
    await writeView(w.dir, 'pages/c3.hbs', view('c5', '3'));
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const page = async (name: string) => (await w.remoteViews()).find((v) => v.viewType === 'page' && v.name === name)?.id;
    const ids = { c1: await page('c2'), c2: await page('c4'), c3: await page('c5') };
    // The cycle: c1.hbs takes c4 (c2.hbs's), c2.hbs takes c5 (c3.hbs's), c3.hbs takes c2 (c1.hbs's).
    await writeView(w.dir, 'pages/c1.hbs', view('c4', '1'));
    await writeView(w.dir, 'pages/c2.hbs', view('c5', '2'));
    await writeView(w.dir, 'pages/c3.hbs', view('c2', '3'));

    const since = (await w.requests()).length;
    for (const paths of [['pages/c1.hbs'], ['pages/c1.hbs', 'pages/c2.hbs']]) {
      const narrowed = await lxp(w, 'deploy', {}, paths);
      expect(narrowed.code, narrowed.output).toBe(3);
      expect(narrowed.output).toMatch(/the pages take each other's names in a cycle, which a whole lxp deploy refuses too: Losant keeps one page per name\. Rename one of them to a free name first \(e\.g\. "c[24]-old"\), deploy, then finish the renames and deploy again/);
      expect(narrowed.output).not.toContain('no such clash');
    }
    // What the narrowed run said of the whole one.
    const whole = await lxp(w, 'deploy');
    expect(whole.code, whole.output).toBe(2);
    expect(whole.output).toContain("the views of that cycle take each other's");
    expect(await writesSince(w, since)).toEqual([]);

    // The advice: one through a free name, deploy, then finish the renames and deploy again.
    await writeView(w.dir, 'pages/c1.hbs', view('c2-old', '1'));
    const step = await lxp(w, 'deploy');
    expect(step.code, step.output).toBe(0);
    await writeView(w.dir, 'pages/c1.hbs', view('c4', '1'));
    const done = await lxp(w, 'deploy');
    expect(done.code, done.output).toBe(0);
    expect([await page('c4'), await page('c5'), await page('c2')]).toEqual([ids.c1, ids.c2, ids.c3]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});

describe('lxp deploy and two groups.yaml entries that swap names', () => {
  it('pairs them by name: nothing fails, each name keeps its group (id, users) and takes the other entry’s fields', async () => {
    const w = await openWorld();
    await writeView(w.dir, 'pages/home.hbs', '<p>x</p>\n');
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Alpha\n  description: first\n- name: Beta\n  description: second\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const before = await remoteGroups(w);
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Beta\n  description: first\n- name: Alpha\n  description: second\n');
    const r = await lxp(w, 'deploy', { json: true });
    expect(r.code, r.stdout).toBe(0);
    const id = (gs: typeof before, name: string) => gs.find((g) => g.name === name)?.id;
    const after = await remoteGroups(w);
    expect([id(after, 'Alpha'), id(after, 'Beta')]).toEqual([id(before, 'Alpha'), id(before, 'Beta')]);
    expect(after.map((g) => [g.name, g.description]).sort()).toEqual([['Alpha', 'second'], ['Beta', 'first']]);
  });
});
