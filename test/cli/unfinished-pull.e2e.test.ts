// A whole-folder pull that does not finish (Ctrl-C, a kill, a disk full) leaves a
// folder holding part of develop. Review 3 found `lxp status` calling such a folder "in sync",
// and a first pull stopped half-way leaves develop's managed views with neither file nor record —
// exactly what a fresh checkout's deploy deletes. The state marks the pull unfinished before the
// first file changes; status says so, deploy refuses, nothing is deleted until a pull finishes.
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStateFileSync, StateStore } from '../../src/sync/state.js';
import { writeViews } from '../harness/folder.js';
import { lxp, lxpIn, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const writes = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');
const marker = (dir: string) => Object.values(readStateFileSync(dir).targets)[0]?.unfinishedPull ?? false;

/**
 * develop holds a layout and 12 pages made by lxp; in an empty folder (a fresh checkout) a pull
 * wrote the layout and stopped before any page, its mark still set — as a pull stopped by Ctrl-C, a
 * kill (test/faults/kill-pull.test.ts) or a disk that filled up leaves it. (A file the pull could
 * never write — a symbolic link, a folder leading outside — now refuses the pull before its first
 * write: ./linked-file-pull.e2e.test.ts.)
 */
async function halfPulled(): Promise<World> {
  const w = await openWorld();
  await writeViews(w.dir, 12);
  expect((await lxp(w, 'deploy')).code).toBe(0);
  for (const name of ['pages', 'layouts', '.lxp']) await rm(path.join(w.dir, name), { recursive: true, force: true });
  const pull = await lxp(w, 'pull', { json: true }, ['layouts/main.hbs']);
  expect(pull.code, pull.stderr).toBe(0);
  expect(pull.json.changes.filter((c: { status: string }) => c.status === 'done').map((c: { name: string }) => c.name)).toEqual(['main']);
  const store = await StateStore.open(w.dir, 'env', w.server.applicationId);
  store.setUnfinishedPull(true);
  await store.compact();
  return w;
}

describe('a whole-folder pull that did not finish', () => {
  it('is marked in the state; status does not call the folder in sync; deploy refuses and deletes nothing; a finished pull clears it', async () => {
    const w = await halfPulled();
    expect(marker(w.dir)).toBe(true);

    const status = await lxp(w, 'status', { json: true });
    expect(status.code).toBe(0);
    expect(status.json.outcome).toBe('differences');
    expect(status.json.plan.unfinishedPull).toBe(true);
    const text = await lxp(w, 'status');
    expect(text.stdout).toMatch(/A pull into this folder did not finish: the folder may hold only part of develop\. `lxp pull` finishes it\./);
    expect(text.stdout).not.toMatch(/Everything in sync/);
    const exitCode = await lxpIn(w, ['status', '--exit-code', '--json']);
    expect(exitCode.code).toBe(1);
    expect(exitCode.json.error).toEqual({ code: 'differences', message: expect.any(String) });

    // The pages the pull could not write are missing from the folder: a fresh checkout's deploy would delete them.
    const before = (await w.requests()).length;
    for (const flags of [{ json: true }, { json: true, dryRun: true }]) {
      const deploy = await lxp(w, 'deploy', flags);
      expect(deploy.code).toBe(2);
      expect(deploy.json.outcome).toBe('refused');
      expect(deploy.json.error.code).toBe('refused');
      expect(deploy.json.error.message).toMatch(/a pull into .* did not finish.*nothing was sent\. Run `lxp pull` to finish it$/);
    }
    // Nor does a deploy of one such path (nor watch, which plans the same way): the delete is held.
    const scoped = await lxp(w, 'deploy', { json: true }, ['pages/p005.hbs']);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(scoped.json.changes).toMatchObject([{ action: 'skip', name: 'p005', status: 'skipped' }]);
    expect(await writes(w, before)).toEqual([]);
    expect((await w.remoteViews()).map((v) => v.name)).toContain('p005');

    // A pull finishes the job and clears the mark.
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(marker(w.dir)).toBe(false);
    expect((await readdir(path.join(w.dir, 'pages'))).length).toBe(12);
    const after = await lxp(w, 'status');
    expect(after.stdout).toMatch(/Everything in sync \(13 views\)/);
    expect((await lxp(w, 'deploy', { json: true })).code).toBe(0);
    expect(await writes(w, before)).toEqual([]);
  }, 60_000);

  it('--force does not override it (deploy, release: it takes the folder side in conflicts, and here the folder is half a checkout); watch does not clear it', async () => {
    const w = await halfPulled();
    const before = (await w.requests()).length;
    const deploy = await lxp(w, 'deploy', { json: true, force: true });
    expect(deploy.code).toBe(2);
    expect(deploy.json.error.message).toMatch(/did not finish.*Run `lxp pull` to finish it$/);
    const release = await lxpIn(w, ['release', 'v1', '--force', '--include-remote', '--json']);
    expect(release.code).toBe(2);
    expect(release.json).toMatchObject({ outcome: 'refused', error: { code: 'refused' }, unfinishedPull: true });
    expect(await writes(w, before)).toEqual([]);
    expect(marker(w.dir)).toBe(true);
    // watch's start-up push (a whole-folder push) deletes nothing, says why, and leaves the mark.
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const watch = await lxpIn(w, ['watch', '--json'], {
      stopSignal: stopped,
      onOutput: (out) => {
        if (out.includes('"type":"ready"')) stop();
      },
    });
    expect(watch.code, watch.stderr).toBe(0);
    expect(watch.stdout).toMatch(/"type":"error","message":"a pull into .* did not finish: not deleting 12 remote views \(lxp pull finishes it\)"/);
    expect(await writes(w, before)).toEqual([]);
    expect(marker(w.dir)).toBe(true);
    // status names the views never written for what they are, not as files someone deleted.
    const text = await lxp(w, 'status');
    expect(text.stdout).toMatch(/not pulled yet\s+page\s+"p005"/);
    expect(text.stdout).not.toMatch(/deleted locally/);
  }, 60_000);

  it('a pull stopped after its last view but before the YAML files: watch, finding nothing to delete, does not clear the mark either (review 4)', async () => {
    const w = await openWorld();
    await writeViews(w.dir, 3);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    // As such a stop leaves it: every view written and recorded, the mark still set.
    const store = await StateStore.open(w.dir, 'env', w.server.applicationId);
    store.setUnfinishedPull(true);
    await store.compact();
    expect(marker(w.dir)).toBe(true);
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const watch = await lxpIn(w, ['watch', '--json'], { stopSignal: stopped, onOutput: (out) => void (out.includes('"type":"ready"') && stop()) });
    expect(watch.code, watch.stderr).toBe(0);
    expect(marker(w.dir)).toBe(true);
    expect((await lxp(w, 'pull')).code).toBe(0);
    expect(marker(w.dir)).toBe(false);
  }, 60_000);

  it('the experience files (written before their records, with no intent) are not pushed until a pull finishes, not even by path', async () => {
    const w = await openWorld();
    await writeViews(w.dir, 2);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /\n  reply: { page: p000 }\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const store = await StateStore.open(w.dir, 'env', w.server.applicationId);
    store.setUnfinishedPull(true);
    await store.compact();
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /home\n  reply: { page: p000 }\n');
    const before = (await w.requests()).length;
    const scoped = await lxp(w, 'deploy', { json: true }, ['endpoints.yaml']);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(scoped.json.changes).toMatchObject([{ resource: 'endpoint', action: 'skip', status: 'skipped', error: 'a pull into this folder did not finish: endpoints.yaml is not pushed until it has (lxp pull finishes it)' }]);
    expect(await writes(w, before)).toEqual([]);
    // Once a pull has finished (it keeps the folder's edit: develop did not change), the edit goes out.
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(marker(w.dir)).toBe(false);
    const after = await lxp(w, 'deploy', { json: true }, ['endpoints.yaml']);
    expect(after.code, after.stderr).toBe(0);
    expect(after.json.changes).toMatchObject([{ resource: 'endpoint', action: 'rename', status: 'done' }]);
  }, 60_000);
  it('views made in Losant (no lxp tag: every --bootstrap, most --from) that a stopped pull had not written are "not pulled yet", not "not from this folder" (review 10b, F13)', async () => {
    const w = await openWorld();
    const app = w.server.applicationId;
    // As Losant's starter experience makes them: no lxp-managed tag.
    const layout = await w.losant.experienceViews.post({ applicationId: app, experienceView: { name: 'Base Layout', viewType: 'layout', body: '<main>{{page}}</main>' } });
    await w.losant.experienceViews.post({ applicationId: app, experienceView: { name: 'Home Page', viewType: 'page', layoutId: layout.id, body: '<p>home</p>' } });
    // A new folder marked before its pull began, stopped before the pull wrote anything (as init --from/--bootstrap leaves it).
    for (const name of ['pages', 'layouts', 'components', '.lxp']) await rm(path.join(w.dir, name), { recursive: true, force: true });
    const store = await StateStore.open(w.dir, 'env', app);
    store.setUnfinishedPull(true);
    await store.compact();

    const text = await lxp(w, 'status');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/not pulled yet\s+layout\s+"Base Layout"/);
    expect(text.stdout).toMatch(/not pulled yet\s+page\s+"Home Page"/);
    expect(text.stdout).not.toMatch(/not from this folder|new remotely/);
    const json = await lxp(w, 'status', { json: true });
    const reasons = json.json.changes.filter((c: { resource: string }) => c.resource === 'view').map((c: { reason: string }) => c.reason);
    expect(reasons).toEqual(['not pulled yet: a pull into this folder did not finish (lxp pull brings it in)', 'not pulled yet: a pull into this folder did not finish (lxp pull brings it in)']);
    // The pull brings them in; then they are in sync.
    expect((await lxp(w, 'pull')).code).toBe(0);
    expect((await lxp(w, 'status')).stdout).toMatch(/Everything in sync/);
  }, 60_000);
});
