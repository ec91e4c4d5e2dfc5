// End-to-end: endpoints, groups, develop's settings and slugs through status / deploy / pull,
// against the local server over loopback; losant-rest sets up and reads back.
import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lxp, snapshot, startWorld, writeSample, type World } from './helpers.js';
import { makeExperience } from '../harness/folder.js';

let world: World;
afterEach(async () => {
  await world?.close();
});

export const ENDPOINTS = `# the experience's routes
- route: /
  reply: { page: home }
- route: /devices/{deviceId}
  access: group
  groups: [Operators]   # who may see it
  description: Device detail
  tags: { area: devices }
  reply: { page: about, status: 200 }
  unauthorized: { redirect: /login }
  key: device-detail
- route: /api/data
  method: post
`;

export const GROUPS = `- name: Customers
  description: All customers
  children:
    - name: Customer 1
      deviceTags: [{ key: site, value: s1 }]
- name: Operators
`;

export const EXPERIENCE = `globals:
  - key: brandColor
    value: "#0af"
  - key: features
    value: { alerts: true }
cors: { default: true, origins: [https://example.com] }
notFound: { page: home, status: 404 }
responseHeaders: { x-frame-options: DENY }
slugs: [my-app-staging]
`;

export async function writeExperience(dir: string, files: { endpoints?: string; groups?: string; experience?: string } = {}): Promise<void> {
  await writeSample(dir);
  await writeFile(path.join(dir, 'endpoints.yaml'), files.endpoints ?? ENDPOINTS);
  await writeFile(path.join(dir, 'groups.yaml'), files.groups ?? GROUPS);
  await writeFile(path.join(dir, 'experience.yaml'), files.experience ?? EXPERIENCE);
}

const writesSince = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');

async function remote(w: World) {
  const applicationId = w.server.applicationId;
  const [endpoints, groups, develop, slugs, views] = await Promise.all([
    w.losant.experienceEndpoints.get({ applicationId }),
    w.losant.experienceGroups.get({ applicationId, perPage: 1000 }),
    w.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' }),
    w.losant.experienceSlugs.get({ applicationId }),
    w.remoteViews(),
  ]);
  return { endpoints: endpoints.items as any[], groups: groups.items as any[], develop, slugs: slugs.items as any[], views };
}

describe('deploy and pull of endpoints, groups, settings and slugs', () => {
  it('deploys every kind, reads back every field, then a second deploy writes nothing and a pull changes no file', async () => {
    world = await startWorld();
    await writeExperience(world.dir);
    const first = await lxp(world, 'deploy', { json: true });
    expect(first.code, first.stderr).toBe(0);
    const byResource = (r: string) => first.json.changes.filter((c: any) => c.resource === r).map((c: any) => [c.action, c.name, c.status]);
    expect(byResource('group')).toEqual([
      ['create', 'Customer 1', 'done'],
      ['create', 'Customers', 'done'],
      ['create', 'Operators', 'done'],
    ]);
    expect(byResource('endpoint')).toEqual([
      ['create', 'GET /', 'done'],
      ['create', 'POST /api/data', 'done'],
      ['create', 'device-detail', 'done'],
    ]);
    expect(byResource('settings')).toEqual([['update', 'develop', 'done']]);
    expect(byResource('slug')).toEqual([['create', 'my-app-staging', 'done']]);

    const r = await remote(world);
    const page = (name: string) => r.views.find((v) => v.name === name && v.viewType === 'page')!.id;
    const group = (name: string) => r.groups.find((g) => g.name === name)!;
    expect(group('Customer 1').parentId).toBe(group('Customers').id);
    expect(group('Customer 1').deviceTags).toEqual([{ key: 'site', value: 's1' }]);
    expect(group('Customers').description).toBe('All customers');
    expect(group('Operators').groupTags).toEqual({ 'lxp-managed': 'true' });
    const detail = r.endpoints.find((e) => e.route === '/devices/{deviceId}')!;
    expect(detail).toMatchObject({
      method: 'get',
      access: 'group',
      description: 'Device detail',
      enabled: true,
      endpointTags: { area: 'devices', 'lxp-managed': 'true', 'lxp-key': 'device-detail' },
      staticReply: { type: 'page', value: page('about'), statusCode: 200 },
      unauthorizedReply: { type: 'redirect', value: '/login' },
    });
    expect(detail.experienceGroups.map((g: any) => g.id)).toEqual([group('Operators').id]);
    expect(r.endpoints.find((e) => e.route === '/')!.staticReply).toEqual({ type: 'page', value: page('home') });
    expect(r.endpoints.find((e) => e.route === '/api/data')!).toMatchObject({ method: 'post', access: 'public' });
    expect(r.develop).toMatchObject({
      globals: [
        { key: 'brandColor', json: '"#0af"' },
        { key: 'features', json: '{"alerts":true}' },
      ],
      endpointDefaultCors: true,
      allowedCorsOrigins: ['https://example.com'],
      notFoundReply: { type: 'page', value: page('home'), statusCode: 404 },
      responseHeaders: { 'x-frame-options': 'DENY' },
    });
    expect(r.slugs.find((s) => s.slug === 'my-app-staging')).toMatchObject({ version: 'develop' });

    const before = (await world.requests()).length;
    const second = await lxp(world, 'deploy', { json: true });
    expect(second.code, second.stderr).toBe(0);
    expect(await writesSince(world, before)).toEqual([]);
    // One list per kind (views, endpoints, groups, develop, slugs), concurrently.
    const lists = (await world.requests()).slice(before).map((l) => l.path.replace(/\?.*/, '').replace(/^.*\/experience\//, ''));
    expect(lists.sort()).toEqual(['endpoints', 'groups', 'slugs', 'versions/develop', 'views']);

    const files = await snapshot(world.dir);
    const pulled = await lxp(world, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.json.changes.filter((c: any) => c.action === 'write' || c.action === 'remove')).toEqual([]);
    expect(await snapshot(world.dir)).toEqual(files);

    const status = await lxp(world, 'status', { exitCode: true });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toContain('Everything in sync');
  });

  it('pull into an empty folder writes the three files; deploying them again writes nothing', async () => {
    world = await startWorld();
    await writeExperience(world.dir);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const fresh = await makeExperience(world.root, {}, { name: 'fresh' });
    const other = { ...world, dir: fresh } as World;
    const pulled = await lxp(other, 'pull', { json: true });
    expect(pulled.code, pulled.stderr).toBe(0);
    const endpoints = await readFile(path.join(fresh, 'endpoints.yaml'), 'utf8');
    expect(endpoints).toContain('key: device-detail');
    expect(await readFile(path.join(fresh, 'groups.yaml'), 'utf8')).toContain('Customer 1');
    expect(await readFile(path.join(fresh, 'experience.yaml'), 'utf8')).toContain('my-app-staging');
    await rm(path.join(fresh, '.lxp'), { recursive: true, force: true });
    const before = (await world.requests()).length;
    const again = await lxp(other, 'deploy', { json: true });
    expect(again.code, again.stderr).toBe(0);
    expect(await writesSince(world, before)).toEqual([]);
  });
});
