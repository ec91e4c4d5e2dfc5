// kill -9 of `lxp pull` into a fresh checkout while it writes files. Whatever the moment, every
// view file in the folder must be accounted for by the sync state — a record or a write-ahead
// intent holding that very content — so that the files the killed pull wrote are never taken for
// the user's edits (review 4, finding 2): a teammate's later edit on develop is "changed remotely"
// (never pushed back), and the next pull finishes the job.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseViewFile } from '../../src/project/parse.js';
import { hashContent } from '../../src/project/view.js';
import { loadStateFile } from '../../src/sync/state.js';
import { APP_ID, TOKEN, makeExperience, remoteViews, spawnLxp, useScratch, writeViews } from './helpers.js';

const VIEWS = 900;

const scratch = useScratch();
let root: string;

const pageFiles = async (dir: string) => (await readdir(path.join(dir, 'pages')).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs'));

describe('kill -9 of lxp mid-pull', () => {
  it('every file the killed pull left is accounted for by a record or an intent of its very content; develop\'s later edits are changed remotely, and the next pull finishes', async () => {
    root = await scratch.root();
    const source = await makeExperience(root, {}, { name: 'source' });
    await writeViews(source, VIEWS - 1);
    const server = await scratch.startServer({ latencyMs: 0 });
    const env = server.env(root);
    expect((await spawnLxp(['deploy', '--dir', source], env, root).done).code).toBe(0);

    // A fresh checkout pulls; it is killed once it has written a tenth of the pages.
    const dir = await makeExperience(root, {}, { name: 'checkout' });
    const pull = spawnLxp(['pull', '--dir', dir], env, root);
    let exited = false;
    void pull.done.then(() => (exited = true));
    while (!exited && (await pageFiles(dir)).length < VIEWS / 10) await new Promise((r) => setTimeout(r, 2));
    pull.child!.kill('SIGKILL');
    expect((await pull.done).signal).toBe('SIGKILL');

    const files = await pageFiles(dir);
    expect(files.length).toBeLessThan(VIEWS - 1);
    const t = Object.values((await loadStateFile(dir)).targets)[0];
    expect(t.unfinishedPull).toBe(true);
    const known = new Map<string, string[]>();
    for (const e of [...Object.values(t.views), ...Object.values(t.intents ?? {})]) known.set(e.file, [...(known.get(e.file) ?? []), e.hash]);
    for (const f of files) {
      const file = `pages/${f}`;
      const view = parseViewFile(file, await readFile(path.join(dir, file), 'utf8')).view!;
      expect(known.get(file), file).toContain(hashContent(view));
    }

    // A teammate edits every page the checkout holds (and one it does not yet).
    const remote = await remoteViews(server.url);
    const held = new Set(files.map((f) => f.replace(/\.hbs$/, '')));
    const edited = remote.filter((v) => held.has(v.name)).slice(0, 20);
    edited.push(remote.find((v) => v.viewType === 'page' && !held.has(v.name))!);
    for (const v of edited) {
      const res = await fetch(`${server.url}/applications/${APP_ID}/experience/views/${v.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: `<i>teammate edit of ${v.name}</i>` }),
      });
      expect(res.status).toBe(200);
    }
    const status = await spawnLxp(['status', '--dir', dir, '--json'], env, root).done;
    expect(status.code, status.stderr).toBe(0);
    const kinds = JSON.parse(status.stdout).changes.map((c: { kind: string }) => c.kind) as string[];
    expect(kinds.filter((k) => k === 'changed-local' || k === 'new-local' || k === 'conflict')).toEqual([]);

    const again = await spawnLxp(['pull', '--dir', dir, '--json'], env, root).done;
    expect(again.code, again.stderr).toBe(0);
    expect(await pageFiles(dir)).toHaveLength(VIEWS - 1);
    for (const v of edited) expect(await readFile(path.join(dir, 'pages', `${v.name}.hbs`), 'utf8')).toMatch(/teammate edit/);
    const after = Object.values((await loadStateFile(dir)).targets)[0];
    expect(after.unfinishedPull).toBeUndefined();
    expect(after.intents).toBeUndefined();
  }, 120_000);
});
