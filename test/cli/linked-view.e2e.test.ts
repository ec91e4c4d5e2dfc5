// A view file that is a symbolic link — a component shared from another checkout, say — used to be
// skipped silently: status called the file that was right there "deleted locally", and deploy
// deleted its view on develop (review 10, F7). It is now read through the link, as endpoints.yaml
// is; a pull never writes through it; a link to a folder, or to nothing, is a problem of the
// folder (exit 2, nothing sent), never a view taken for deleted.
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, lxpIn, MAIN_AND_HOME, useWorlds } from './helpers.js';

const openWorld = useWorlds();
const CARD = '<div class="card">{{title}}</div>\n';

describe('a view file that is a symbolic link', () => {
  it('is read through the link by status and deploy, never written through by pull', async () => {
    const w = await openWorld({ files: { ...MAIN_AND_HOME, 'components/card.hbs': CARD } });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const card = () => w.remoteViews().then((vs) => vs.find((v) => v.viewType === 'component' && v.name === 'card'));
    const id = (await card())!.id;

    // The same file, now a link to a copy shared from elsewhere.
    const shared = path.join(w.root, 'shared');
    await mkdir(shared);
    await writeFile(path.join(shared, 'card.hbs'), CARD);
    await rm(path.join(w.dir, 'components/card.hbs'));
    await symlink(path.relative(path.join(w.dir, 'components'), path.join(shared, 'card.hbs')), path.join(w.dir, 'components/card.hbs'));

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).not.toMatch(/deleted/);
    expect(status.json.changes.filter((c: { kind: string }) => c.kind !== 'in-sync')).toEqual([]);
    const noop = await lxp(w, 'deploy', { json: true });
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.json.changes.filter((c: { action: string }) => c.action === 'delete')).toEqual([]);
    expect((await card())?.id).toBe(id);
    // A second run (the no-op check's record now holds the link) still sees the link's target.
    expect((await lxp(w, 'status')).stdout).toMatch(/in sync/i);

    expect((await lxpIn(w, ['release', 'v1', '--json'])).code).toBe(0);

    // An edit of the shared file is the folder's change: deployed to the same view.
    await writeFile(path.join(shared, 'card.hbs'), '<div class="card v2">{{title}}</div>\n');
    const changed = await lxp(w, 'status', { json: true });
    expect(changed.json.changes.find((c: { file: string }) => c.file === 'components/card.hbs')).toMatchObject({ kind: 'changed-local' });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    expect(await card()).toMatchObject({ id, body: '<div class="card v2">{{title}}</div>\n' });

    // A restore of v1 would pull v1's card into the link: refused before develop is replaced.
    const restore = await lxpIn(w, ['restore', 'v1', '--json']);
    expect(restore.code, restore.stderr).toBe(2);
    expect(restore.json.error.message).toContain('components/card.hbs (it is a symbolic link)');
    expect(restore.json.error.message).toContain('develop is unchanged');
    expect((await card())?.body).toBe('<div class="card v2">{{title}}</div>\n');

    // Develop's edit: the pull would write the link, which it never does — refused, nothing written.
    await w.losant.experienceView.patch({ applicationId: w.server.applicationId, experienceViewId: id, experienceView: { body: '<div>edited in Losant</div>\n' } });
    for (const flags of [{ json: true, dryRun: true }, { json: true }]) {
      const pull = await lxp(w, 'pull', flags);
      expect(pull.code, pull.stderr).toBe(2);
      expect(pull.json.error.message).toContain('the pull would change components/card.hbs (it is a symbolic link), which a pull never writes');
    }
    expect(await readFile(path.join(shared, 'card.hbs'), 'utf8')).toBe('<div class="card v2">{{title}}</div>\n');

    // Changed on both sides: the conflict's offer of pull --force says what must happen first (review 10b, F16 nit).
    await writeFile(path.join(shared, 'card.hbs'), '<div class="card v3">{{title}}</div>\n');
    const offer = "pull --force takes develop's once components/card.hbs is a plain file (it is a symbolic link, and a pull never writes through one: replace it with a copy of the file it points to)";
    for (const command of ['pull', 'deploy'] as const) {
      const run = await lxp(w, command, { json: true });
      expect(run.code, run.stderr).toBe(3);
      expect(run.json.changes.find((c: { file: string }) => c.file === 'components/card.hbs')).toMatchObject({ action: 'conflict', reason: expect.stringContaining(offer) });
    }
    const text = await lxp(w, 'pull');
    expect(text.stdout + text.stderr).toContain(offer);
    expect(text.stdout + text.stderr).toContain("pull --force takes develop's side (of a file a pull never writes, such as a symbolic link, once it is a plain file: see its line)");
  }, 60_000);

  it('to a folder or to nothing: a problem of the folder (exit 2, nothing sent), not views deleted', async () => {
    const w = await openWorld({ files: { ...MAIN_AND_HOME, 'components/shared/card.hbs': CARD } });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const before = (await w.remoteViews()).length;

    // The folder moved elsewhere and linked back (a link that could lead anywhere, or loop).
    const shared = path.join(w.root, 'shared');
    await mkdir(shared);
    await writeFile(path.join(shared, 'card.hbs'), CARD);
    await rm(path.join(w.dir, 'components/shared'), { recursive: true });
    await symlink(shared, path.join(w.dir, 'components/shared'));
    for (const command of ['status', 'diff', 'deploy', 'pull'] as const) {
      const run = await lxp(w, command, { json: true });
      expect(run.code, run.stderr).toBe(2);
      expect(JSON.stringify(run.json)).toContain('components/shared/');
      expect(JSON.stringify(run.json)).toContain('a symbolic link to a folder, not followed');
    }
    // Left out in .lxpignore, it is left alone on both sides: nothing deleted.
    await writeFile(path.join(w.dir, '.lxpignore'), 'components/shared/\n');
    const ignored = await lxp(w, 'deploy', { json: true });
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.json.changes.filter((c: { action: string }) => c.action === 'delete')).toEqual([]);
    await rm(path.join(w.dir, '.lxpignore'));

    // A link to nothing (the shared checkout gone).
    await rm(path.join(w.dir, 'components/shared'));
    await mkdir(path.join(w.dir, 'components/shared'));
    await symlink(path.join(shared, 'gone.hbs'), path.join(w.dir, 'components/shared/card.hbs'));
    const dangling = await lxp(w, 'deploy');
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toMatch(/components\/shared\/card\.hbs: a symbolic link to nothing/);
    expect((await w.remoteViews()).length).toBe(before);
  }, 60_000);
});
