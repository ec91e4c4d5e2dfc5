// deploy --force re-creating a page deleted in Losant (a new id) points at it what develop still
// names it with and the folder does not write: an endpoint made in the UI, develop's settings when
// experience.yaml declares none. Before, those kept the deleted id (their reply answered 500) and
// lxp only said so. A repoint that did not land (kill -9 after the create, a failed request) is
// found by the next run: said by status and a plain deploy, done by deploy --force. develop's
// state is checked with losant-rest, the second client.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, lxpIn, useWorlds, type World, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const FILES: Record<string, string> = {
  ...MAIN_AND_HOME,
  'pages/rp.hbs': '---\nlayout: main\n---\n<p>rp</p>\n',
  'pages/nf.hbs': '---\nlayout: main\n---\n<p>not found</p>\n',
};

interface Setup {
  w: World;
  applicationId: string;
  /** The deleted ids of rp and nf. */
  gone: { rp: string; nf: string };
  uiEndpointId: string;
}

/** A synced folder (endpoints.yaml with /rp; experience.yaml declaring no settings); develop's notFound and a UI endpoint name rp and nf; both pages then deleted in Losant. */
async function setUp(): Promise<Setup> {
  const w = await openWorld({ files: FILES });
  await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /rp\n  reply: { page: rp }\n  key: rp\n');
  await writeFile(path.join(w.dir, 'experience.yaml'), "# develop's settings are left alone\n");
  const first = await lxp(w, 'deploy');
  expect(first.code, first.output).toBe(0);
  const applicationId = w.server.applicationId;
  const ids = new Map((await w.remoteViews()).map((v) => [v.name, v.id]));
  await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { notFoundReply: { type: 'page', value: ids.get('nf'), statusCode: 404 } } });
  const ui = (await w.losant.experienceEndpoints.post({
    applicationId,
    experienceEndpoint: { method: 'get', route: '/ui-rp', enabled: true, access: 'authenticated', staticReply: { type: 'page', value: ids.get('rp'), statusCode: 203 }, unauthorizedReply: { type: 'redirect', value: '/login' } },
  })) as { id: string };
  for (const n of ['nf', 'rp']) await w.losant.experienceView.delete({ applicationId, experienceViewId: ids.get(n)! });
  return { w, applicationId, gone: { rp: ids.get('rp')!, nf: ids.get('nf')! }, uiEndpointId: ui.id };
}

async function develop(s: Setup) {
  const ids = new Map((await s.w.remoteViews()).map((v) => [v.name, v.id]));
  const endpoints = (await s.w.losant.experienceEndpoints.get({ applicationId: s.applicationId })).items as any[];
  const settings = (await s.w.losant.experienceVersion.get({ applicationId: s.applicationId, experienceVersionIdOrName: 'develop' })) as any;
  return { ids, ui: endpoints.find((e) => e.route === '/ui-rp'), own: endpoints.find((e) => e.route === '/rp'), settings };
}

/** The UI endpoint, once nothing is wrong with it: develop's own, left alone. */
const UI_LEFT_ALONE = 'endpoint GET /ui-rp new-remote skip not from this folder: left alone (deploy --prune deletes it)';
const line = (c: any) => `${c.resource} ${c.name} ${c.kind} ${c.action} ${c.reason ?? ''}`.trim();
const differing = (run: any) => run.json.changes.filter((c: any) => c.kind !== 'in-sync').map(line);
const change = (json: any, resource: string, name: string) => json.changes.find((c: any) => c.resource === resource && c.name === name);

describe('deploy --force re-creating a page develop still names', () => {
  it('points the UI endpoint and the settings the folder leaves alone at the new page, shown in the plan', async () => {
    const s = await setUp();
    const dry = await lxp(s.w, 'deploy', { force: true, dryRun: true });
    expect(dry.code, dry.output).toBe(0);
    expect(dry.stdout).toMatch(/~ repoint +endpoint +"GET \/ui-rp" .*its reply names page "rp" by an id develop no longer has \(\w+\): pointed at the page "rp" this deploy re-creates/);
    expect(dry.stdout).toMatch(/~ repoint +settings +"develop" .*its notFound names page "nf" by an id develop no longer has/);
    expect(dry.stdout).toMatch(/Deploy plan: 2 to create, 1 to update, 2 to point at a re-created page/);

    const deploy = await lxp(s.w, 'deploy', { force: true, json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(change(deploy.json, 'endpoint', 'GET /ui-rp')).toMatchObject({ action: 'repoint', status: 'done', repoint: [{ field: 'staticReply', page: 'rp', from: s.gone.rp }] });
    expect(change(deploy.json, 'settings', 'develop')).toMatchObject({ action: 'repoint', status: 'done', repoint: [{ field: 'notFoundReply', page: 'nf', from: s.gone.nf }] });

    const d = await develop(s);
    expect(d.ui.staticReply).toEqual({ type: 'page', value: d.ids.get('rp'), statusCode: 203 });
    // Only the fields naming the deleted id are written: the rest of the UI endpoint and of the settings is as it was.
    expect(d.ui.unauthorizedReply).toEqual({ type: 'redirect', value: '/login' });
    expect(d.ui.access).toBe('authenticated');
    expect(d.settings.notFoundReply).toEqual({ type: 'page', value: d.ids.get('nf'), statusCode: 404 });
    expect(d.own.staticReply.value).toBe(d.ids.get('rp'));
    expect(JSON.stringify([d.ui, d.own, d.settings])).not.toMatch(new RegExp(`${s.gone.rp}|${s.gone.nf}`));

    // The page's record is done with the old ids once nothing names them: a deploy then sends nothing.
    // (The UI endpoint is develop's own: status lists it as new remotely, as before, and nothing else differs.)
    expect(differing(await lxp(s.w, 'status', { json: true }))).toEqual([UI_LEFT_ALONE]);
    const again = await lxp(s.w, 'deploy', { json: true });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.changes.filter((c: any) => c.action !== 'record').map(line)).toEqual([UI_LEFT_ALONE]);
    expect(await readFile(path.join(s.w.dir, '.lxp/state.json'), 'utf8')).not.toContain('replaced');
  });

  it('a create whose record and repoints never landed (kill -9 right after it) is said by status and a plain deploy, and finished by deploy --force', async () => {
    const s = await setUp();
    // What a kill -9 right after lxp's creates leaves: develop has the pages again (new ids, lxp's tag,
    // the folder's content), the sync record still names the deleted ids, and nothing was repointed.
    const main = (await develop(s)).ids.get('main')!;
    const made: Record<string, string> = {};
    for (const [name, body] of [['rp', '<p>rp</p>\n'], ['nf', '<p>not found</p>\n']]) {
      made[name] = ((await s.w.losant.experienceViews.post({ applicationId: s.applicationId, experienceView: { name, viewType: 'page', layoutId: main, body, viewTags: { 'lxp-managed': 'true' } } })) as any).id;
    }

    const status = await lxp(s.w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(change(status.json, 'endpoint', 'GET /ui-rp')).toMatchObject({
      action: 'skip',
      kind: 'new-remote',
      repoint: [{ field: 'staticReply', page: 'rp', from: s.gone.rp }],
      reason: `not from this folder: left alone (deploy --prune deletes it); its reply names page "rp" by an id develop no longer has (${s.gone.rp}), so its reply fails there: deploy --force points it at page "rp" (id ${made.rp}) (or point it at a page in Losant)`,
    });
    expect(change(status.json, 'settings', 'develop')).toMatchObject({ action: 'skip', kind: 'changed-remote', repoint: [{ field: 'notFoundReply', page: 'nf', from: s.gone.nf }] });
    const text = await lxp(s.w, 'status');
    expect(text.stdout).toMatch(/changed remotely +settings +"develop" .*\n +its notFound names page "nf" by an id develop no longer has \(\w+\), so its reply fails there: deploy --force points it at page "nf"/);
    expect((await lxp(s.w, 'status', { exitCode: true })).code).toBe(1);
    // diff shows develop's against develop once deploy --force points it (not as something the folder lacks).
    const diff = await lxp(s.w, 'diff');
    expect(diff.stdout).toContain(`# not from this folder: left alone (deploy --prune deletes it); its reply names page "rp" by an id develop no longer has (${s.gone.rp})`);
    expect(diff.stdout).toContain(`--- remote/endpoints.yaml (endpoint GET /ui-rp)\t\n+++ repointed/endpoints.yaml (endpoint GET /ui-rp)\t\n`);
    expect(diff.stdout).toContain(`reply:\n-  page: ${s.gone.rp}\n+  page: rp\n   status: 203\n`);
    expect(diff.stdout).toContain(`--- remote/experience.yaml (settings develop)\t\n+++ repointed/experience.yaml (settings develop)\t\n`);

    // A plain deploy leaves what the folder does not write alone, says so — and records the pages with the ids they replaced.
    const plain = await lxp(s.w, 'deploy', { json: true });
    expect(plain.code, plain.stderr).toBe(0);
    expect(change(plain.json, 'settings', 'develop')).toMatchObject({ action: 'skip', status: 'skipped' });
    expect((await develop(s)).settings.notFoundReply.value).toBe(s.gone.nf);
    const state = JSON.parse(await readFile(path.join(s.w.dir, '.lxp/state.json'), 'utf8'));
    const records = Object.values(state.targets).flatMap((t: any) => Object.values(t.views)) as any[];
    expect(records.find((r) => r.name === 'rp')).toMatchObject({ id: made.rp, replaced: [s.gone.rp] });
    // …so the runs after it still know what the dangling ids were.
    expect(change((await lxp(s.w, 'status', { json: true })).json, 'endpoint', 'GET /ui-rp')).toMatchObject({ action: 'skip', repoint: [{ from: s.gone.rp }] });

    // A release would freeze replies that fail: refused, saying why (not as an edit made on develop).
    const release = await lxpIn(s.w, ['release', 'v1', '--dry-run']);
    expect(release.code, release.output).toBe(3);
    expect(release.stderr).toContain('settings "develop" (not in experience.yaml): names a page by a deleted id');
    expect(release.stderr).toContain('Point them at the page with --force');
    // The UI endpoint too, as a dangling reference (advice --force), not as one to keep with --include-remote — which would freeze it.
    expect(release.stderr).toContain('endpoint "GET /ui-rp" (not in endpoints.yaml): names a page by a deleted id');
    expect(release.stderr).not.toContain('--include-remote');
    // --include-remote keeps develop's own endpoints, never one naming a deleted id: refused alike, dry run or not, nothing created.
    for (const dryRun of [true, false]) {
      const kept = await lxpIn(s.w, ['release', 'v1', '--include-remote', ...(dryRun ? ['--dry-run'] : [])]);
      expect(kept.code, kept.output).toBe(3);
      expect(kept.stderr).toContain('endpoint "GET /ui-rp" (not in endpoints.yaml): names a page by a deleted id');
      expect(kept.stderr).toContain('--include-remote does not keep them');
      expect(kept.stderr).not.toContain('Keep them in the version (--include-remote)');
    }
    const versions = (await s.w.losant.experienceVersions.get({ applicationId: s.applicationId })).items as any[];
    expect(versions.map((v) => v.version)).toEqual(['develop']);
    expect((await develop(s)).ui.staticReply.value).toBe(s.gone.rp);
    // With --force it is pointed at the page first, so nothing dangles: the dry run would go on.
    const forcedRelease = await lxpIn(s.w, ['release', 'v1', '--include-remote', '--force', '--dry-run']);
    expect(forcedRelease.code, forcedRelease.output).toBe(0);

    const forced = await lxp(s.w, 'deploy', { force: true, json: true });
    expect(forced.code, forced.stderr).toBe(0);
    expect(change(forced.json, 'endpoint', 'GET /ui-rp')).toMatchObject({ action: 'repoint', status: 'done' });
    expect(change(forced.json, 'settings', 'develop')).toMatchObject({ action: 'repoint', status: 'done' });
    const d = await develop(s);
    expect(d.ui.staticReply).toEqual({ type: 'page', value: made.rp, statusCode: 203 });
    expect(d.settings.notFoundReply).toEqual({ type: 'page', value: made.nf, statusCode: 404 });
    expect(differing(await lxp(s.w, 'status', { json: true }))).toEqual([UI_LEFT_ALONE]);
  });
});

// fix10c's leftovers. (1) What names a re-created page by its old id and has no entry in the
// folder (a UI endpoint; develop's settings while experience.yaml declares none) was labelled with
// endpoints.yaml / experience.yaml, as if the folder's file held it, and a folder covering views
// alone counted it as a view. (2) A pull refused it as naming "a page id that no longer exists
// (deleted in Losant)", advising `deploy --force the folder's entry` — there is none.
describe('what names a re-created page by its old id, where the folder has no entry for it', () => {
  it('is said not to be in the kind\'s file and counted as a resource; pull names the page and its advice works', async () => {
    const { w, applicationId } = await setUp();
    // A folder that covers views alone: no endpoints.yaml (experience.yaml declares no settings).
    await rm(path.join(w.dir, 'endpoints.yaml'));
    const ids = new Map((await w.remoteViews()).map((v) => [v.name, v.id]));
    // A kill -9 right after deploy --force re-created them: the pages are back (new ids), nothing repointed.
    for (const [name, body] of [['rp', '<p>rp</p>\n'], ['nf', '<p>not found</p>\n']]) {
      await w.losant.experienceViews.post({ applicationId, experienceView: { name, viewType: 'page', layoutId: ids.get('main'), body, viewTags: { 'lxp-managed': 'true' } } });
    }

    const status = await lxp(w, 'status');
    expect(status.stdout).toMatch(/changed remotely +endpoint +"GET \/ui-rp" +not in endpoints\.yaml\n/);
    expect(status.stdout).toMatch(/changed remotely +settings +"develop" +not in experience\.yaml\n/);
    expect(status.stdout).toMatch(/changed remotely +endpoint +"rp" +not in endpoints\.yaml\n/);
    expect(status.stdout).toContain('3 resources differ');
    const json = await lxp(w, 'status', { json: true });
    expect(change(json.json, 'settings', 'develop')).toMatchObject({ file: 'experience.yaml', notInFolder: true });
    const release = await lxpIn(w, ['release', 'v1', '--dry-run']);
    expect(release.stderr).toContain('settings "develop" (not in experience.yaml): names a page by a deleted id');

    // The pull: not "deleted in Losant" nor "the folder's entry" — the page, and what points it there.
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    for (const [resource, name, page] of [['endpoint', 'GET /ui-rp', 'rp'], ['settings', 'develop', 'nf']]) {
      const c = change(pull.json, resource, name);
      expect(c.action).toBe('skip');
      expect(c.reason).toMatch(new RegExp(`^develop's ${resource} names page "${page}" by an id develop no longer has \\(\\w+\\), so its reply fails there, and no file can say that: it is not pulled — deploy --force points it at the page \\(re-created under a new id\\), or point it at a page in Losant; pull after it$`));
    }
    // The advice, run: deploy --force, then pull.
    const forced = await lxp(w, 'deploy', { force: true });
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain('repointed settings "develop" (not in experience.yaml)');
    const after = await lxp(w, 'pull');
    expect(after.code, after.output).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).toMatch(/route: \/ui-rp\n(.*\n)* +reply:\n +page: rp\n/);
    expect(await readFile(path.join(w.dir, 'experience.yaml'), 'utf8')).toMatch(/notFound:\n +page: nf\n/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it("a UI endpoint naming a page deleted in Losant that the folder never had: pull's advice does not offer a folder entry it lacks", async () => {
    const w = await openWorld({ files: FILES });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const page = (await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'ui-only', viewType: 'page', body: '<p>ui</p>' } })) as { id: string };
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/ui-only', enabled: true, access: 'public', staticReply: { type: 'page', value: page.id } } });
    await w.losant.experienceView.delete({ applicationId, experienceViewId: page.id });
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(change(pull.json, 'endpoint', 'GET /ui-only').reason).toBe(
      `develop's endpoint names a page id ${page.id} that no longer exists (deleted in Losant): no file can say that, so it is not pulled — give it another on develop`,
    );
  });
});
