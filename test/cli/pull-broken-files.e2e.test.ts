// A pull into a folder with a view file that does not read (broken front matter) or a name the
// folder lacks (an endpoint's page, a page's layout). Review 4 found `lxp pull --force <file>`
// refusing the very file it was asked to replace, and a pull refusing to bring the page an
// endpoint names because the folder lacked it. A pull brings develop's files, whose names agree:
// only what it cannot read stops it, and --force replaces that with develop's copy, where develop
// has one — never a file develop has no copy of.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, snapshot, useWorlds, writeSample, writeView, type World } from './helpers.js';

const openWorld = useWorlds();

const BROKEN = '---\nlayout: [oops\n---\n<p>broken</p>\n';

async function deployed(): Promise<World> {
  const w = await openWorld();
  await writeSample(w.dir);
  expect((await lxp(w, 'deploy')).code).toBe(0);
  return w;
}

describe('pull and a view file that does not read', () => {
  it('without --force: refused, nothing written, and the refusal says how to replace the file', async () => {
    const w = await deployed();
    await writeView(w.dir, 'pages/home.hbs', BROKEN);
    const before = await snapshot(w.dir);
    const run = await lxp(w, 'pull');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pages\/home\.hbs:2: unreadable YAML/);
    expect(run.stderr).toMatch(/lxp pull --force pages\/home\.hbs replaces a view file that does not read with develop's copy/);
    expect(await snapshot(w.dir)).toEqual(before);
  });

  it('with --force: the file is replaced by develop\'s copy, named or in a whole-folder pull, and the folder is in sync', async () => {
    const w = await deployed();
    for (const paths of [['pages/home.hbs'], []]) {
      await writeView(w.dir, 'pages/home.hbs', BROKEN);
      const run = await lxp(w, 'pull', { force: true, json: true }, paths);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json.changes).toEqual([expect.objectContaining({ action: 'write', file: 'pages/home.hbs', status: 'done' })]);
      // Written afresh from develop (the broken front matter had no style to keep).
      expect(await readFile(path.join(w.dir, 'pages/home.hbs'), 'utf8')).toBe('---\nlayout: main\ntags:\n  area: public\n---\n<h1>{{pageData.title}}</h1>\n');
      expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
    }
  });

  it('with --force in a fresh checkout (no sync state): develop\'s view of the name the path gives takes the same file', async () => {
    const w = await deployed();
    const good = await readFile(path.join(w.dir, 'pages/about.hbs'), 'utf8');
    await rm(path.join(w.dir, '.lxp'), { recursive: true });
    await writeView(w.dir, 'pages/about.hbs', BROKEN);
    const run = await lxp(w, 'pull', { force: true, json: true });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(w.dir, 'pages/about.hbs'), 'utf8')).toBe(good);
    expect(Object.keys(await snapshot(w.dir)).filter((f) => f.startsWith('pages/about'))).toEqual(['pages/about.hbs']);
  });

  it('with --force, a broken file develop has no copy of still stops the whole pull: nothing written, the file named', async () => {
    const w = await deployed();
    await writeView(w.dir, 'pages/home.hbs', BROKEN);
    await writeView(w.dir, 'pages/new.hbs', BROKEN);
    const before = await snapshot(w.dir);
    const run = await lxp(w, 'pull', { force: true, json: true });
    expect(run.code).toBe(2);
    expect(run.json.error).toEqual({ code: 'invalid-folder', message: '1 problem in the folder; nothing was written' });
    expect(run.json.issues).toEqual([expect.objectContaining({ file: 'pages/new.hbs', message: expect.stringMatching(/--force found no view on develop to replace the file with/) })]);
    expect(await snapshot(w.dir)).toEqual(before);
  });
});

describe('pull and a name the folder lacks', () => {
  it('brings the page an endpoint names and the layout a page names; deploy still refuses such a folder', async () => {
    const w = await deployed();
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /about\n  method: get\n  reply: { page: about }\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await rm(path.join(w.dir, 'pages/about.hbs'));
    await rm(path.join(w.dir, 'layouts/main.hbs'));
    await rm(path.join(w.dir, '.lxp'), { recursive: true });

    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code).toBe(2);
    expect(deploy.json.issues.map((i: { file: string; message: string }) => `${i.file}: ${i.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^endpoints\.yaml: no page named "about"/), expect.stringMatching(/^pages\/home\.hbs: no layout named "main"/)]),
    );

    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    const files = Object.keys(await snapshot(w.dir));
    expect(files).toEqual(expect.arrayContaining(['pages/about.hbs', 'layouts/main.hbs']));
    expect((await lxp(w, 'deploy', { json: true })).json.outcome).toBe('done');
  });
});
