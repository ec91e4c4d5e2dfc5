// A pull narrowed to endpoints.yaml names groups as the folder does. Review 5 found `lxp pull
// endpoints.yaml` writing each group's raw id into `groups:` ("names a page or group renamed on
// develop") — a folder no command then accepted. A group renamed on develop keeps the folder's
// name until groups.yaml is pulled too; a whole pull renames it in both files.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World } from './helpers.js';
import { ENDPOINTS, writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const read = (w: World, f: string) => readFile(path.join(w.dir, f), 'utf8');

describe('lxp pull endpoints.yaml and the groups it names', () => {
  it('changes nothing when in sync, keeps the folder\'s group name after a rename on develop, and a whole pull renames it in both files', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);

    const narrowed = await lxp(w, 'pull', { json: true }, ['endpoints.yaml']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.json.changes.filter((c: { action: string }) => c.action === 'write')).toEqual([]);
    expect(narrowed.json.lacking).toBeUndefined();
    expect(await read(w, 'endpoints.yaml')).toBe(ENDPOINTS);

    // Renamed in the Losant UI: groups.yaml (not pulled) still says Operators, so endpoints.yaml must too.
    const groups = (await w.losant.experienceGroups.get({ applicationId: w.server.applicationId })).items as { id: string; name: string }[];
    const operators = groups.find((g) => g.name === 'Operators')!;
    await w.losant.experienceGroup.patch({ applicationId: w.server.applicationId, experienceGroupId: operators.id, experienceGroup: { name: 'Staff' } });
    const again = await lxp(w, 'pull', { json: true }, ['endpoints.yaml']);
    expect(again.code, again.stderr).toBe(0);
    expect(await read(w, 'endpoints.yaml')).toBe(ENDPOINTS);
    // Not "changed locally": the folder's name still resolves to the group (by this folder's record).
    expect((await lxp(w, 'status', { json: true }, ['endpoints.yaml'])).json.outcome).toBe('in-sync');
    const deploy = await lxp(w, 'deploy', { json: true, dryRun: true }, ['endpoints.yaml']);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes.filter((c: { action: string }) => c.action !== 'skip')).toEqual([]);

    const whole = await lxp(w, 'pull', { json: true });
    expect(whole.code, whole.stderr).toBe(0);
    expect(await read(w, 'endpoints.yaml')).toBe(ENDPOINTS.replace('groups: [Operators]', 'groups: [Staff]'));
    expect(await read(w, 'groups.yaml')).toMatch(/- name: Staff\n/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('ends by naming what the folder now names but lacks (status and deploy would refuse it), until a whole pull brings it', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const page = (await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'extra', viewType: 'page', body: '<h1>extra</h1>' } })) as { id: string };
    await w.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/extra', staticReply: { type: 'page', value: page.id } } });

    // The dry run predicts it (review 6b L-e), word for word and at the line the pull then writes, and writes nothing.
    const before = await read(w, 'endpoints.yaml');
    const dry = await lxp(w, 'pull', { json: true, dryRun: true }, ['endpoints.yaml']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.lacking).toEqual([expect.objectContaining({ file: 'endpoints.yaml', message: 'no page named "extra" in this folder', reference: true })]);
    const dryText = await lxp(w, 'pull', { dryRun: true }, ['endpoints.yaml']);
    expect(dryText.stderr).toMatch(/warning endpoints\.yaml:\d+ \(\[\d+\]\.reply\.page\): no page named "extra" in this folder/);
    expect(dryText.stderr).toContain('The folder would name a view or group it does not have');
    expect(await read(w, 'endpoints.yaml')).toBe(before);

    const narrowed = await lxp(w, 'pull', { json: true }, ['endpoints.yaml']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.json.lacking).toEqual([expect.objectContaining({ file: 'endpoints.yaml', message: 'no page named "extra" in this folder', reference: true })]);
    expect(narrowed.json.lacking).toEqual(dry.json.lacking);
    expect(await read(w, 'endpoints.yaml')).toMatch(/page: extra/);
    const text = await lxp(w, 'pull', {}, ['endpoints.yaml']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/warning endpoints\.yaml:\d+ \(\[\d+\]\.reply\.page\): no page named "extra" in this folder/);
    expect(text.stderr).toContain('status and deploy refuse it until it does. A whole `lxp pull` brings it in line with develop');
    // What the warning says: status refuses the folder as it is.
    expect((await lxp(w, 'status', { json: true })).code).toBe(2);

    const whole = await lxp(w, 'pull', { json: true });
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.json.lacking).toBeUndefined();
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
    expect((await lxp(w, 'pull', { json: true }, ['endpoints.yaml'])).json.lacking).toBeUndefined();
  });

  it('advises what restores a page the folder deleted that endpoints.yaml names — pull --force with its file — and the advice works (review 10, F13)', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await rm(path.join(w.dir, 'pages/about.hbs'));
    const text = await lxp(w, 'pull', {}, ['pages/about.hbs']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.output).toContain('deleted locally: not restored');
    expect(text.stderr).toContain('`lxp pull --force pages/about.hbs` restores what this pull kept deleted (a whole `lxp pull` keeps a file deleted locally, as this one did); if it is meant to go, change what names it instead.');
    expect(text.stderr).not.toContain('A whole `lxp pull` brings it in line');
    // The advice, run: the file is back and the folder is in sync.
    expect((await lxp(w, 'pull', { force: true }, ['pages/about.hbs'])).code).toBe(0);
    expect(await read(w, 'pages/about.hbs')).toContain('<p>About us</p>');
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a whole pull that kept a page file deleted locally says so, and its advice restores it; what else the folder names comes from its own changes (review 10b, F15)', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await rm(path.join(w.dir, 'pages/about.hbs'));

    // Only the deletion: endpoints.yaml is in sync, so nothing says its entries were edited or not deployed.
    const dry = await lxp(w, 'pull', { dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('`lxp pull --force pages/about.hbs` restores what this pull would keep deleted (a pull keeps a file deleted locally: only --force restores it); if it is meant to go, change what names it instead.');
    const text = await lxp(w, 'pull');
    expect(text.code, text.stderr).toBe(0);
    expect(text.output).toContain('deleted locally: not restored');
    expect(text.stderr).toMatch(/warning endpoints\.yaml:\d+ \(\[1\]\.reply\.page\): no page named "about" in this folder/);
    expect(text.stderr).toContain('`lxp pull --force pages/about.hbs` restores what this pull kept deleted (a pull keeps a file deleted locally: only --force restores it); if it is meant to go, change what names it instead.');
    expect(text.stderr).not.toMatch(/edited|not deployed|own changes/);

    // With an entry of the folder's own (never deployed) naming a page nobody has: both causes, each with its way out.
    const endpoints = await read(w, 'endpoints.yaml');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), `${endpoints}- route: /mine\n  reply: { page: nowhere }\n`);
    const both = await lxp(w, 'pull');
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain('`lxp pull --force pages/about.hbs` restores what this pull kept deleted');
    expect(both.stderr).toContain("The rest comes from the folder's own changes (edited, added or deleted locally and not deployed), which this pull kept: change them, or take develop's with `lxp pull --force` (`--prune` for what was never deployed).");
    await writeFile(path.join(w.dir, 'endpoints.yaml'), endpoints);

    // The advice, run: the file is back and the folder is in sync.
    const restore = await lxp(w, 'pull', { force: true }, ['pages/about.hbs']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(await read(w, 'pages/about.hbs')).toContain('<p>About us</p>');
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('names each deleted file that matters — a layout the pages use and a page on it that endpoints.yaml names — and the advice restores both', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await rm(path.join(w.dir, 'layouts/main.hbs'));
    await rm(path.join(w.dir, 'pages/about.hbs'));
    const text = await lxp(w, 'pull');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/warning pages\/home\.hbs:2 \(layout\): no layout named "main"/);
    // (Back alone, about.hbs would name the missing layout too: what it ends counts, not how many remain.)
    expect(text.stderr).toContain('`lxp pull --force layouts/main.hbs pages/about.hbs` restores what this pull kept deleted (a pull keeps a file deleted locally: only --force restores it); if they are meant to go, change what names them instead.');
    expect(text.stderr).not.toContain('own changes');
    expect((await lxp(w, 'pull', { force: true }, ['layouts/main.hbs', 'pages/about.hbs'])).code).toBe(0);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
