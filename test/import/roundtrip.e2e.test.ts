// The whole round trip (issue 13): import the fixture → deploy to an empty application → read
// endpoints, groups and develop's settings back with losant-rest and compare them with the
// fixture (read here independently); a second deploy writes nothing; a pull into another folder
// gives the same views, endpoints, groups and settings.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runLxp } from '../harness/cli.js';
import { snapshot } from '../harness/folder.js';
import { useWorlds } from '../harness/lifecycle.js';
import type { World } from '../harness/world.js';
import { writesOf } from '../cli/helpers.js';
import { loadProject } from '../../src/project/load.js';
import { endpointKind, groupKind, settingsKind, loadExperienceFiles } from '../../src/project/resources/index.js';
import { EXPORT_FIXTURE, pullViewsInto, viewFiles } from './helpers.js';

const openWorld = useWorlds('file'); // one world for the file, closed after its last test
let world: World;
let site: string;
let deployed: Awaited<ReturnType<typeof runLxp>>;
const run = (args: string[]) => runLxp(args, { cwd: world.root, env: world.env });
const fixture = async (file: string) => parseYaml(await readFile(path.join(EXPORT_FIXTURE, file), 'utf8')).resources as Record<string, any>[];
const userTags = (tags: Record<string, string> = {}) => Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith('lxp-')));

beforeAll(async () => {
  world = await openWorld();
  site = path.join(world.root, 'imported');
  expect((await run(['import', EXPORT_FIXTURE, '--dir', site])).code).toBe(0);
  deployed = await run(['deploy', '--dir', site, '--json']);
});

/** Placeholder id → name, over every resource of the fixture that others refer to. */
async function namesOfPlaceholders(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const folder of ['layouts', 'pages', 'components']) for (const r of await fixture(`experience/develop/${folder}/${folder}.yaml`)) names.set(r.id, r.name);
  const walk = (gs: Record<string, any>[]) => gs.forEach((g) => (names.set(g.id, g.name), walk(g.children ?? [])));
  walk(await fixture('experience/groups.yaml'));
  return names;
}

describe('import → deploy to an empty application → read back → pull', () => {
  it('deploys every kind', () => {
    expect(deployed.code, deployed.stdout).toBe(0);
  });

  it('endpoints, groups and settings on develop are the fixture’s, references by name', async () => {
    const applicationId = world.server.applicationId;
    const names = await namesOfPlaceholders();
    const remoteViews = await world.remoteViews();
    const viewName = new Map(remoteViews.map((v) => [v.id, v.name]));
    const groupsRemote: Record<string, any>[] = (await world.losant.experienceGroups.get({ applicationId, perPage: 1000 })).items;
    const groupName = new Map(groupsRemote.map((g) => [g.id, g.name]));
    const reply = (r: any, byId: Map<string, string>) => (r ? { type: r.type, value: r.type === 'page' ? byId.get(r.value) : r.value, statusCode: r.statusCode ?? null } : null);
    const fixtureReply = (r: any) => (r ? { type: r.type, value: r.type === 'page' ? names.get(r.value) : r.value, statusCode: r.statusCode ?? null } : null);

    const endpointsRemote: Record<string, any>[] = (await world.losant.experienceEndpoints.get({ applicationId, perPage: 1000 })).items;
    const endpointsFixture = await fixture('experience/develop/endpoints.yaml');
    expect(endpointsRemote.length).toBe(endpointsFixture.length);
    for (const e of endpointsFixture) {
      const r = endpointsRemote.find((x) => x.method === e.method && x.route === e.route);
      expect(r, `${e.method} ${e.route}`).toBeDefined();
      expect({
        access: r!.access,
        enabled: r!.enabled,
        description: r!.description ?? '',
        tags: userTags(r!.endpointTags),
        // The API answers with experienceGroups: [{ id, name }]; names come from the group list.
        groups: (r!.experienceGroups ?? []).map((g: { id: string }) => groupName.get(g.id)).sort(),
        staticReply: reply(r!.staticReply, viewName),
        unauthorizedReply: reply(r!.unauthorizedReply, viewName),
      }).toEqual({
        access: e.access,
        enabled: e.enabled,
        description: e.description ?? '',
        tags: e.endpointTags ?? {},
        groups: (e.experienceGroupIds ?? []).map((id: string) => names.get(id)).sort(),
        staticReply: fixtureReply(e.staticReply),
        unauthorizedReply: fixtureReply(e.unauthorizedReply),
      });
    }

    const flat: Record<string, any>[] = [];
    const walk = (gs: Record<string, any>[], parent: string | null) => gs.forEach((g) => (flat.push({ ...g, parent }), walk(g.children ?? [], g.name)));
    walk(await fixture('experience/groups.yaml'), null);
    expect(groupsRemote.length).toBe(flat.length);
    for (const g of flat) {
      const r = groupsRemote.find((x) => x.name === g.name);
      expect(r, g.name).toBeDefined();
      expect({
        description: r!.description ?? '',
        tags: userTags(r!.groupTags),
        parent: r!.parentId ? groupName.get(r!.parentId) : null,
        deviceTags: r!.deviceTags ?? [],
        deviceQuery: r!.deviceQueryJson ? JSON.parse(r!.deviceQueryJson) : null,
      }).toEqual({
        description: g.description ?? '',
        tags: g.groupTags ?? {},
        parent: g.parent,
        // groups.yaml keeps device tags sorted (their order means nothing).
        deviceTags: [...(g.deviceTags ?? [])].sort((a: any, b: any) => `${a.key}\0${a.value ?? ''}`.localeCompare(`${b.key}\0${b.value ?? ''}`)),
        deviceQuery: g.deviceQueryJson ? JSON.parse(g.deviceQueryJson) : null,
      });
    }

    const develop = await world.losant.experienceVersion.get({ applicationId, experienceVersionIdOrName: 'develop' });
    const [version] = await fixture('experience/develop/version.yaml');
    expect({
      globals: develop.globals.map((g: any) => ({ key: g.key, value: JSON.parse(g.json), description: g.description ?? '' })),
      cors: [develop.endpointDefaultCors, develop.allowedCorsOrigins],
      notFound: reply(develop.notFoundReply, viewName),
      unauthorized: reply(develop.unauthorizedReply, viewName),
      headers: develop.responseHeaders,
    }).toEqual({
      globals: version.globals.map((g: any) => ({ key: g.key, value: JSON.parse(g.json), description: g.description ?? '' })),
      cors: [version.endpointDefaultCors, version.allowedCorsOrigins],
      notFound: fixtureReply(version.notFoundReply),
      unauthorized: fixtureReply(version.unauthorizedReply),
      headers: version.responseHeaders,
    });
  });

  it('a second deploy writes nothing', async () => {
    const again = await run(['deploy', '--dir', site, '--json']);
    expect(again.code, again.stdout).toBe(0);
    expect(writesOf(again)).toBe(0);
  });

  it('users.csv goes in through lxp users import: names, groups by name and tags as exported; no password; a second import writes nothing', async () => {
    const applicationId = world.server.applicationId;
    const names = await namesOfPlaceholders();
    const csv = path.join(site, 'users.csv');
    const first = await run(['users', 'import', csv, '--dir', site, '--json']);
    expect(first.code, first.stdout).toBe(0);
    expect(first.json.summary).toMatchObject({ rows: 3, created: 3, updated: 0, invalid: 0, failed: 0, withoutPassword: 3 });
    const groupName = new Map(((await world.losant.experienceGroups.get({ applicationId, perPage: 1000 })).items as Record<string, any>[]).map((g) => [g.id, g.name]));
    const remote = ((await world.losant.experienceUsers.get({ applicationId, perPage: 1000 })).items as Record<string, any>[]).map((u) => ({
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      tags: u.userTags ?? {},
      groups: (u.experienceGroups as { id: string }[]).map((g) => groupName.get(g.id)).sort(),
    }));
    const exported = (await fixture('experience/users.yaml')).map((u) => ({
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      tags: u.userTags ?? {},
      // A group the export does not hold (carol's "contractors") is left out by lxp import, which reports it.
      groups: (u.experienceGroupIds as string[]).flatMap((id) => names.get(id) ?? []).sort(),
    }));
    expect(remote.sort((a, b) => a.email.localeCompare(b.email))).toEqual(exported.sort((a, b) => a.email.localeCompare(b.email)));
    const again = await run(['users', 'import', csv, '--dir', site, '--json']);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ outcome: 'unchanged', summary: { created: 0, updated: 0, unchanged: 3 } });
  });

  it('a pull into another folder gives the same views, endpoints, groups and settings', async () => {
    const { dir: other, views } = await pullViewsInto(world.root, 'pulled', world.env);
    const imported = await snapshot(site);
    expect(views).toEqual(viewFiles(imported));
    // The same bytes, not only the same records: import writes with the writers pull uses.
    const pulled = await snapshot(other);
    for (const file of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) expect(pulled[file], file).toBe(imported[file]);

    const records = async (dir: string) => {
      const files = await loadExperienceFiles(dir, (await loadProject(dir)).views);
      expect(files.issues).toEqual([]);
      return {
        endpoints: files.endpoints!.map((r) => endpointKind.hash(r.content)).sort(),
        groups: files.groups!.map((r) => groupKind.hash(r.content)).sort(),
        settings: settingsKind.hash(files.settings!.content),
      };
    };
    expect(await records(other)).toEqual(await records(site));
  });
});
