// lxp watch pushes saves of endpoints.yaml, groups.yaml and experience.yaml through deploy's
// pipeline, like view files: a bad save is reported with file:line and not pushed until fixed.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/watch/index.js';
import { LAYOUT, page, useWatchWorlds, waitFor, watchAgain } from './helpers.js';

const openWatchWorld = useWatchWorlds();

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) => events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('lxp watch and the experience files', () => {
  it('pushes saves of endpoints.yaml, groups.yaml and experience.yaml; a bad save waits until fixed', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    const applicationId = w.server.applicationId;
    const endpoints = async () => (await w.server.losant.experienceEndpoints.get({ applicationId })).items as any[];

    await w.write('groups.yaml', '- name: Staff\n');
    await w.write('endpoints.yaml', '- route: /\n  reply: { page: home }\n- route: /staff\n  access: group\n  groups: [Staff]\n');
    await waitFor(async () => (await endpoints()).length === 2, 'the two endpoints');
    const staff = (await w.server.losant.experienceGroups.get({ applicationId })).items.find((g: any) => g.name === 'Staff');
    expect((await endpoints()).find((e) => e.route === '/staff').experienceGroups.map((g: any) => g.id)).toEqual([staff.id]);
    expect(ofType(w.events, 'push').some((e) => e.resource === 'endpoint' && e.file === 'endpoints.yaml')).toBe(true);

    // A route edit keeps the endpoint's id.
    const id = (await endpoints()).find((e) => e.route === '/staff').id;
    await w.write('endpoints.yaml', '- route: /\n  reply: { page: home }\n- route: /team\n  access: group\n  groups: [Staff]\n');
    await waitFor(async () => (await endpoints()).some((e) => e.route === '/team' && e.id === id), 'the re-routed endpoint, same id');

    // A bad save: reported with file:line, nothing pushed; fixed: pushed.
    await w.write('endpoints.yaml', '- route: /\n  reply: { page: nope }\n');
    const invalid = await waitFor(() => ofType(w.events, 'invalid').find((e) => e.file === 'endpoints.yaml'), 'the error');
    expect(invalid.issues[0]).toMatchObject({ file: 'endpoints.yaml', line: 2 });
    await w.write('experience.yaml', 'globals:\n  - key: color\n    value: blue\n');
    await waitFor(async () => {
      const develop = await w.server.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' });
      return develop.globals?.[0]?.json === '"blue"';
    }, 'the settings');
    expect((await endpoints()).length).toBe(2);
    await w.write('endpoints.yaml', '- route: /\n  reply: { page: home }\n');
    await waitFor(() => ofType(w.events, 'fixed').some((e) => e.file === 'endpoints.yaml'), 'fixed');
    await waitFor(async () => (await endpoints()).length === 1, 'the deleted endpoint');
    await w.watcher.idle();
  });

  it('a group made in the UI, left alone by a push of groups.yaml, is not called a file left unpushed', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'groups.yaml': '- name: Staff\n' });
    await w.watcher.idle();
    await w.server.losant.experienceGroups.post({ applicationId: w.server.applicationId, experienceGroup: { name: 'Made in the UI' } });
    await w.write('groups.yaml', '# who may see what\n- name: Staff\n');
    await waitFor(() => ofType(w.events, 'skipped').some((e) => e.resource === 'group' && e.name === 'Made in the UI'), 'the UI group left alone');
    await w.watcher.idle();
    await w.watcher.close();
    expect(ofType(w.events, 'closed')[0].notPushed).toEqual([]);
  });

  it("a save giving a synced group deviceIds, then dropping them and editing it, is pushed: not a conflict (review 8, H2)", async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'groups.yaml': '- name: Staff\n' });
    const applicationId = w.server.applicationId;
    const staff = async () => ((await w.server.losant.experienceGroups.get({ applicationId })).items as any[]).find((g) => g.name === 'Staff');
    await w.watcher.idle();
    await w.write('groups.yaml', '- name: Staff\n  deviceIds: [5f0c0ffee0ddba11cafe0001]\n');
    await waitFor(async () => (await staff())?.deviceIds?.length === 1, "Staff's device");
    await w.watcher.idle();
    await w.write('groups.yaml', '- name: Staff\n  description: devices left alone\n');
    await waitFor(async () => (await staff())?.description === 'devices left alone', 'the edit');
    await w.watcher.idle();
    expect((await staff()).deviceIds).toEqual(['5f0c0ffee0ddba11cafe0001']);
    expect(ofType(w.events, 'conflict')).toEqual([]);
  });

  it('a group a teammate renames onto the name of one just saved is a conflict, not a second group of that name (review 7, H1)', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'groups.yaml': '- name: Staff\n- name: Squad\n  description: ui squad\n' });
    const applicationId = w.server.applicationId;
    const groups = async () => (await w.server.losant.experienceGroups.get({ applicationId })).items as { id: string; name: string }[];
    await w.watcher.idle();
    const squad = (await groups()).find((g) => g.name === 'Squad')!;
    await w.server.losant.experienceGroup.patch({ applicationId, experienceGroupId: squad.id, experienceGroup: { name: 'Yak' } });
    await w.write('groups.yaml', '- name: Staff\n- name: Squad\n  description: ui squad\n- name: Yak   # new\n');
    const conflict = await waitFor(() => ofType(w.events, 'conflict').find((e) => e.resource === 'group' && e.name === 'Yak'), 'the conflict');
    expect(conflict.reason).toContain('develop would have two groups "Yak" after this deploy');
    await w.watcher.idle();
    expect((await groups()).filter((g) => g.name === 'Yak')).toEqual([expect.objectContaining({ id: squad.id })]);
  });

  it('a file where a view folder belongs (pages a file) makes no view of that type deleted; the other files still push (review 4)', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'pages/about.hbs': page('<h1>About</h1>'), 'components/nav.hbs': '<nav/>\n' });
    await w.watcher.idle();
    await w.watcher.close();
    expect((await w.remote()).length).toBe(4);

    await rm(path.join(w.dir, 'pages'), { recursive: true });
    await writeFile(path.join(w.dir, 'pages'), 'oops\n');
    const { events, requests, watcher: again } = watchAgain(w);
    try {
      await again.idle();
      expect(ofType(events, 'invalid').map((e) => e.file)).toEqual(['pages']);
      await w.write('components/nav.hbs', '<nav>edited</nav>\n');
      await waitFor(async () => (await w.remote()).some((v: any) => v.name === 'nav' && v.body === '<nav>edited</nav>\n'), 'the component pushed');
      await again.idle();
      expect(requests.filter((r) => r.method === 'DELETE')).toEqual([]);
      expect((await w.remote()).map((v: any) => v.name).sort()).toEqual(['about', 'home', 'main', 'nav']);
    } finally {
      await again.close();
    }
  });

  it('deletes nothing, of any kind, from a folder with no view files: not at start-up, not on a later save', async () => {
    const w = await openWatchWorld({
      'layouts/main.hbs': LAYOUT,
      'pages/home.hbs': page('<h1>Home</h1>'),
      'endpoints.yaml': '- route: /\n  reply: { page: home }\n- route: /company\n  reply: { redirect: /x }\n',
    });
    const applicationId = w.server.applicationId;
    const routes = async () => ((await w.server.losant.experienceEndpoints.get({ applicationId })).items as any[]).map((e) => e.route).sort();
    await w.watcher.idle();
    expect(await routes()).toEqual(['/', '/company']);
    await w.watcher.close();

    // The views' folders gone (a wrong folder, a bad checkout) and endpoints.yaml naming a new route.
    await rm(path.join(w.dir, 'layouts'), { recursive: true });
    await rm(path.join(w.dir, 'pages'), { recursive: true });
    await w.write('endpoints.yaml', '- route: /zzz\n  reply: { redirect: /z }\n');
    const { events, requests, watcher: again } = watchAgain(w);
    try {
      await again.idle();
      expect(ofType(events, 'error').map((e) => e.message)).toEqual([`${w.dir} has no view files: not deleting 2 remote views and 2 endpoints (check --dir; lxp deploy --force does it)`]);
      expect(await routes()).toEqual(['/', '/company', '/zzz']);
      expect((await w.remote()).length).toBe(2);

      // A later save of endpoints.yaml alone (no view delete in its batch) deletes nothing either.
      await w.write('endpoints.yaml', '- route: /yyy\n  reply: { redirect: /y }\n');
      await waitFor(async () => (await routes()).includes('/yyy'), 'the new endpoint');
      await again.idle();
      expect(await routes()).toEqual(['/', '/company', '/yyy', '/zzz']);
      expect(ofType(events, 'error').at(-1)?.message).toBe(`${w.dir} has no view files: not deleting 3 endpoints (check --dir; lxp deploy --force does it)`);
      expect(requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    } finally {
      await again.close();
    }
    const closed = ofType(events, 'closed')[0];
    expect(closed.notPushed.map((n) => n.file)).toContain('endpoints.yaml');
  });
});
