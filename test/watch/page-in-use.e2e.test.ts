// Review 6 M2, watch: deleting a page file while develop still replies with the page from an
// endpoint the folder leaves alone (no endpoints.yaml) holds the delete — a `skipped` event saying
// what uses the page and the way out — and the watcher keeps pushing everything else; once the
// endpoint is gone from develop, the next push deletes the page.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/watch/index.js';
import { LAYOUT, page, useWatchWorlds, waitFor } from './helpers.js';

const openWatchWorld = useWatchWorlds();

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) => events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('lxp watch and a page develop still replies with', () => {
  it('holds the delete, says why, pushes the rest; deletes it once develop no longer uses it', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>'), 'pages/device.hbs': page('<p>device</p>') });
    const applicationId = w.server.applicationId;
    const device = (await w.remoteView('page', 'device'))!;
    const endpoint = await w.server.losant.experienceEndpoints.post({ applicationId, experienceEndpoint: { method: 'get', route: '/devices/{id}', staticReply: { type: 'page', value: device.id } } });

    await rm(path.join(w.dir, 'pages/device.hbs'));
    const held = await waitFor(() => ofType(w.events, 'skipped').find((e) => e.name === 'device'), 'the held delete');
    expect(held).toMatchObject({ resource: 'view', viewType: 'page', file: 'pages/device.hbs' });
    expect(held.reason).toMatch(/^still used on develop by endpoint GET \/devices\/\{id\} \(reply\), which deploy leaves alone without endpoints\.yaml: .*add the endpoint to endpoints\.yaml/);
    expect(ofType(w.events, 'push').some((e) => e.action === 'delete')).toBe(false);

    // The watcher goes on: another save is pushed, the page stays.
    await w.write('pages/home.hbs', page('<h1>Home 2</h1>'));
    await waitFor(async () => (await w.remoteView('page', 'home'))?.body?.includes('Home 2'), 'the next save pushed');
    await w.watcher.idle();
    expect((await w.remoteView('page', 'device'))?.id).toBe(device.id);
    expect(ofType(w.events, 'skipped').filter((e) => e.name === 'device')).toHaveLength(1);

    // The endpoint deleted on develop: the next push deletes the page.
    await w.server.losant.experienceEndpoint.delete({ applicationId, experienceEndpointId: endpoint.id });
    await w.write('pages/home.hbs', page('<h1>Home 3</h1>'));
    await waitFor(async () => (await w.remoteView('page', 'device')) === undefined, 'the page deleted');
    expect(ofType(w.events, 'push').some((e) => e.action === 'delete' && e.name === 'device')).toBe(true);
  });

  it('says endpoints.yaml is held back for not validating, not that it is outside the run (review 10, F13)', async () => {
    const w = await openWatchWorld({
      'layouts/main.hbs': LAYOUT,
      'pages/home.hbs': page('<h1>Home</h1>'),
      'pages/device.hbs': page('<p>device</p>'),
      'endpoints.yaml': '- route: /\n  reply: { page: home }\n- route: /device\n  reply: { page: device }\n',
    });
    // endpoints.yaml still names the page, and does not validate (an unknown field): the delete is held.
    await w.write('endpoints.yaml', '- route: /\n  reply: { page: home }\n- route: /device\n  reply: { page: device }\n  bogus: 1\n');
    await waitFor(() => ofType(w.events, 'invalid').find((e) => e.file === 'endpoints.yaml'), 'the error');
    await rm(path.join(w.dir, 'pages/device.hbs'));
    const held = await waitFor(() => ofType(w.events, 'skipped').find((e) => e.name === 'device'), 'the held delete');
    expect(held.reason).toContain('still used on develop by endpoint GET /device (reply), which this run leaves alone (endpoints.yaml does not validate: not pushed until fixed)');
    expect(held.reason).toContain('fix endpoints.yaml and point the endpoint at another page there');
    expect(held.reason).not.toContain('is not part of it');
  });
});
