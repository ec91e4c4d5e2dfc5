// `lxp import` of an exported application (issue 13): the folder it writes, byte for byte, read
// back by lxp's own readers and compared with what the fixture says (read here independently,
// with the yaml package); the report; determinism; zip and folder alike; refusals that write nothing.
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runLxp } from '../harness/cli.js';
import { listFiles, snapshot } from '../harness/folder.js';
import { loadProject } from '../../src/project/load.js';
import { readExperienceFiles } from '../../src/project/resources/load-files.js';
import { parseUsersCsv } from '../../src/project/users-csv.js';
import { importExperience, ImportWriteError } from '../../src/import/import.js';
import { EXPORT_FIXTURE, importSandbox, zipFolder } from './helpers.js';

const sandbox = importSandbox('lxp-import-');
const lxp = sandbox.lxp;

/** The fixture's views as the export describes them (an oracle independent of the importer). */
async function fixtureViews(): Promise<Map<string, { viewType: string; name: string; description: string; layout: string | null; contentType: string | null; tags: Record<string, string>; body: string }>> {
  const dev = path.join(EXPORT_FIXTURE, 'experience/develop');
  const raw: { folder: string; r: Record<string, any> }[] = [];
  for (const folder of ['layouts', 'pages', 'components']) {
    const doc = parseYaml(await readFile(path.join(dev, folder, `${folder}.yaml`), 'utf8'));
    for (const r of doc.resources) raw.push({ folder, r });
  }
  const nameOfId = new Map(raw.map(({ r }) => [r.id, r.name]));
  const out = new Map();
  for (const { folder, r } of raw) {
    out.set(`${r.viewType}:${r.name}`, {
      viewType: r.viewType,
      name: r.name,
      description: r.description ?? '',
      layout: r.layoutId ? nameOfId.get(r.layoutId) : null,
      contentType: r.headers?.['content-type'] ?? null,
      tags: r.viewTags ?? {},
      body: await readFile(path.join(dev, folder, r.localFilename), 'utf8'),
    });
  }
  return out;
}

describe('lxp import of an exported application', () => {
  it('writes every view with its metadata and its body byte for byte, endpoints, groups, settings and users by name', async () => {
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'site']);
    expect(r.code, r.output).toBe(0);
    const dir = path.join(sandbox.root(), 'site');

    const project = await loadProject(dir);
    expect(project.issues).toEqual([]);
    const expected = await fixtureViews();
    expect(project.views.length).toBe(expected.size);
    for (const v of project.views) {
      const { file, ...content } = v;
      expect(content, file).toEqual(expected.get(`${v.viewType}:${v.name}`));
      // Byte for byte: the file ends with exactly the fixture's body bytes.
      const bytes = await readFile(path.join(dir, file));
      expect(bytes.subarray(bytes.length - Buffer.byteLength(content.body)).equals(Buffer.from(content.body)), file).toBe(true);
    }
    // CRLF, no final newline, a body starting with "---": kept.
    expect(project.views.find((v) => v.name === 'login')!.body).toContain('\r\n');
    expect(project.views.find((v) => v.name === 'release-notes')!.body.startsWith('---\n')).toBe(true);
    // A name no file system takes: lxp's safe file name, the exact name in front matter.
    const reports = project.views.find((v) => v.name === 'Reports: Q1/Q2?')!;
    expect(reports.file).toMatch(/^pages\/Reports_ Q1_Q2_~[0-9a-f]{8}\.hbs$/);

    const texts = Object.fromEntries(await Promise.all(['endpoints.yaml', 'groups.yaml', 'experience.yaml'].map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')])));
    const files = readExperienceFiles(texts, project.views);
    expect(files.issues).toEqual([]);
    const endpoints = new Map(files.endpoints!.map((e) => [e.identity, e.content]));
    expect(endpoints.size).toBe(9);
    expect(endpoints.get('GET /')).toMatchObject({ access: 'authenticated', reply: { page: 'home', status: null }, unauthorized: { redirect: '/login', status: 302 }, description: 'The home page' });
    expect(endpoints.get('GET /devices')).toMatchObject({ access: 'group', groups: ['Admins', 'Customers'], tags: { area: 'devices' }, reply: { page: 'devices', status: null } });
    expect(endpoints.get('GET /devices/{id}/data')).toMatchObject({ groups: ['Customer 1 East', 'Operators'], unauthorized: { page: 'not-found', status: 403 } });
    expect(endpoints.get('GET /old-home')).toMatchObject({ reply: { redirect: '/', status: 301 } });
    expect(endpoints.get('GET /reports/{period?}')).toMatchObject({ reply: { page: 'Reports: Q1/Q2?', status: null } });
    // The one endpoint a workflow replies to (workflows/Login.yaml) gets a key, Losant's name for it; no other does.
    expect(endpoints.get('postLogin')).toMatchObject({ key: 'postLogin', method: 'post', route: '/login', reply: null });
    expect([...endpoints.values()].filter((e) => e.key !== null).map((e) => e.key)).toEqual(['postLogin']);
    expect(endpoints.get('DELETE /api/things/{id}')).toMatchObject({ enabled: false, tags: { owner: 'api-team' } });

    const groups = new Map(files.groups!.map((g) => [g.identity, g.content]));
    expect([...groups.keys()].sort()).toEqual(['Admins', 'Customer 1', 'Customer 1 East', 'Customer 2', 'Customers', 'Operators']);
    expect(groups.get('Customer 1 East')).toMatchObject({ parent: 'Customer 1', description: 'The eastern depots', deviceIds: null });
    expect(groups.get('Customer 1 East')!.deviceQuery).toEqual({ $or: [{ id: '~exportplaceholderid-device-truck1~' }, { name: { $like: 'east-*' } }] });
    expect(groups.get('Customer 1')).toMatchObject({ parent: 'Customers', tags: { tier: 'gold' }, deviceTags: [{ key: 'customer1' }, { key: 'site', value: 's1' }] });
    expect(groups.get('Customer 2')).toMatchObject({ parent: 'Customers', deviceIds: null });
    expect(groups.get('Admins')).toMatchObject({ parent: null, tags: { role: 'admin' } });

    expect(files.settings!.content).toEqual({
      globals: [
        { key: 'brandColor', value: '#0af', description: '' },
        { key: 'features', value: { alerts: true, maxDevices: 50 }, description: 'Feature flags' },
      ],
      cors: { default: true, origins: ['https://example.com'] },
      notFound: { page: 'not-found', status: 404 },
      unauthorized: { redirect: '/login', status: 302 },
      responseHeaders: { 'X-Frame-Options': 'DENY' },
    });

    const csv = await readFile(path.join(dir, 'users.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('email,firstName,lastName,groups,tag:shift,tag:site');
    expect(csv).not.toContain('password');
    expect(csv).not.toContain('not-a-real-password');
    const users = parseUsersCsv(csv, { knownGroups: [...groups.keys()] });
    expect(users.issues).toEqual([]);
    expect(users.users.map((u) => [u.email, u.firstName, u.lastName, u.groups, u.tags, u.password])).toEqual([
      ['ann@example.com', 'Ann', 'Lee', ['Admins', 'Operators'], { site: 's1' }, null],
      ['bob@example.com', 'Bob', 'Smith, Jr.', ['Customer 1'], {}, null],
      ['carol@example.com', 'Carol', "O'Neil", ['Customer 1 East'], { shift: 'night', site: 's2' }, null],
    ]);

    expect(JSON.parse(await readFile(path.join(dir, 'lxp.config.json'), 'utf8'))).toMatchObject({ targets: {} });
    const gitignore = await readFile(path.join(dir, '.gitignore'), 'utf8');
    expect(gitignore.split('\n')).toEqual(expect.arrayContaining(['.lxp/', 'users.csv']));
  });

  it("the YAML files' editor directives lead to schemas that exist, as lxp.config.json's \"$schema\" does", async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'site'])).code).toBe(0);
    const site = path.join(sandbox.root(), 'site');
    const config = JSON.parse(await readFile(path.join(site, 'lxp.config.json'), 'utf8'));
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) {
      const ref = /^# yaml-language-server: \$schema=(.+)$/m.exec(await readFile(path.join(site, f), 'utf8'))?.[1];
      expect(ref, f).toBe(path.posix.join(path.posix.dirname(config.$schema), f.replace('.yaml', '.schema.json')));
      expect(existsSync(path.resolve(site, ref!)), ref).toBe(true);
    }
  });

  it('reports everything it does not import, with where it is', async () => {
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ command: 'import', outcome: 'imported', exitCode: 0, valid: true, issues: [], folder: path.join(sandbox.root(), 'site') });
    expect(r.json.counts).toEqual({ layouts: 2, pages: 8, components: 2, endpoints: 9, groups: 6, settings: true, users: 3 });
    const report: { kind: string; file?: string; line?: number; message: string }[] = r.json.report;
    const has = (kind: string, file: string | undefined, text: string | RegExp) =>
      expect(
        report.some((i) => i.kind === kind && i.file === file && (typeof text === 'string' ? i.message.includes(text) : text.test(i.message))),
        `${kind} ${file} ${text}\n${JSON.stringify(report, null, 1)}`,
      ).toBe(true);
    has('workflow', 'experience/develop/workflows/Login.yaml', '"Login"');
    has('workflow', 'experience/develop/workflows/Login.yaml', 'it replies to POST /login (given the key postLogin in endpoints.yaml: a change of its route then updates the endpoint the workflow triggers on, never replaces it)');
    has('application-resource', 'dashboards/', 'dashboards');
    has('application-resource', 'devices.yaml', '2 Device resources');
    has('application-resource', 'files/', 'application files');
    has('application-resource', 'README.md', 'README');
    has('application-globals', 'application.yaml', 'mapsApiKey');
    has('devices', 'experience/groups.yaml', '"Customer 2" lists 1 device');
    has('password', 'experience/users.yaml', '1 user has a password');
    has('unresolved', 'experience/users.yaml', 'contractors');
    has('placeholder', 'experience/groups.yaml', /truck1.*device query of the group "Customer 1 East"/);
    has('placeholder', 'experience/groups.yaml', /bobExampleCom.*device tag of the group "Customer 2"/);
    // A placeholder in a body is reported where it will be fixed: the file written, its line.
    const devices = (await readFile(path.join(sandbox.root(), 'site/pages/devices.hbs'), 'utf8')).split('\n');
    const line = devices.findIndex((l) => l.includes('~exportplaceholderid-dashboard-overview~')) + 1;
    expect(report).toContainEqual(expect.objectContaining({ kind: 'placeholder', file: 'pages/devices.hbs', line }));
    // Every item has a place, except none; nothing names a password.
    expect(JSON.stringify(r.json)).not.toContain('not-a-real-password');
    expect(report.every((i) => i.file !== undefined)).toBe(true);

    const text = await lxp([EXPORT_FIXTURE, '--dir', 'again']);
    expect(text.stdout).toContain('Not imported (lxp does not manage these; they stay in Losant):');
    expect(text.stdout).toContain('Needs your attention:');
    expect(text.stdout).toContain('The folder validates.');
    expect(text.output).not.toContain('not-a-real-password');
  });

  it('reports each field of an exported resource it does not know (file, line, field), never dropping one in silence (review 9, L2)', async () => {
    const src = path.join(sandbox.root(), 'export');
    await cp(EXPORT_FIXTURE, src, { recursive: true });
    const edit = async (rel: string, from: string, to: string) => {
      const file = path.join(src, rel);
      const text = await readFile(file, 'utf8');
      expect(text).toContain(from);
      await writeFile(file, text.replace(from, to));
    };
    await edit('experience/develop/version.yaml', '    endpointDefaultCors: true\n', '    endpointDefaultCors: true\n    allowedCORSOrigins: [https://a.example.com]\n');
    await edit('experience/groups.yaml', '    groupTags:\n      role: admin\n', '    groupTags:\n      role: admin\n    tags: { team: ops }\n    deviceQuery: "{}"\n');
    await edit('experience/users.yaml', '    userTags:\n      site: s1\n', '    userTags:\n      site: s1\n    tags: { level: "3" }\n');
    const clean = await lxp([EXPORT_FIXTURE, '--dir', 'clean', '--json']);
    expect(clean.json.report.filter((i: { kind: string }) => i.kind === 'unknown-field')).toEqual([]);

    const r = await lxp([src, '--dir', 'site', '--json']);
    expect(r.code, r.stdout).toBe(0);
    const unknown = r.json.report.filter((i: { kind: string }) => i.kind === 'unknown-field');
    const lineOf = async (rel: string, text: string) => (await readFile(path.join(src, rel), 'utf8')).split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(unknown).toEqual([
      { kind: 'unknown-field', file: 'experience/develop/version.yaml', line: await lineOf('experience/develop/version.yaml', 'allowedCORSOrigins'), message: `resources[0].allowedCORSOrigins: develop's settings has a field "allowedCORSOrigins" that lxp does not know (did you mean "allowedCorsOrigins"?): not imported` },
      { kind: 'unknown-field', file: 'experience/groups.yaml', line: await lineOf('experience/groups.yaml', 'tags: { team'), message: 'resources[0].tags: the group "Admins" has a field "tags" that lxp does not know: not imported' },
      // A field written as part of a known one: suggested when only one contains it (a group's "tags" could be groupTags or deviceTags).
      { kind: 'unknown-field', file: 'experience/groups.yaml', line: await lineOf('experience/groups.yaml', 'deviceQuery: "'), message: 'resources[0].deviceQuery: the group "Admins" has a field "deviceQuery" that lxp does not know (did you mean "deviceQueryJson"?): not imported' },
      { kind: 'unknown-field', file: 'experience/users.yaml', line: await lineOf('experience/users.yaml', 'tags: { level'), message: 'resources[0].tags: the user ann@example.com has a field "tags" that lxp does not know (did you mean "userTags"?): not imported' },
    ]);
    const text = await lxp([src, '--dir', 'again']);
    expect(text.stdout).toMatch(/Needs your attention:[\s\S]*experience\/groups\.yaml:\d+: resources\[0\]\.tags: the group "Admins" has a field "tags"/);
  });

  it('names a workflow trigger on an endpoint the export does not have as such, not as a raw placeholder (review 10, F13)', async () => {
    const src = path.join(sandbox.root(), 'export');
    await cp(EXPORT_FIXTURE, src, { recursive: true });
    const file = path.join(src, 'experience/develop/workflows/Login.yaml');
    const from = '        config: {}\n';
    const text = await readFile(file, 'utf8');
    expect(text).toContain(from);
    await writeFile(file, text.replace(from, `${from}      - key: ~exportplaceholderid-experienceEndpoint-nothere~\n        type: endpoint\n        config: {}\n`));
    const r = await lxp([src, '--dir', 'site', '--json']);
    expect(r.code, r.stdout).toBe(0);
    const line = r.json.report.find((i: { kind: string; message: string }) => i.kind === 'workflow' && i.message.includes('"Login"'));
    expect(line.message).toMatch(/it replies to POST \/login \(given the key postLogin [^)]*\), an endpoint the export does not have \(~exportplaceholderid-experienceEndpoint-nothere~\)$/);
  });

  it('is deterministic: twice, from a folder or a zip (wrapped in a folder, as GitHub zips are), the same bytes', async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'a'])).code).toBe(0);
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'b'])).code).toBe(0);
    const zip = await zipFolder(EXPORT_FIXTURE, path.join(sandbox.root(), 'fleet.zip'), 'fleet-export-main/');
    const z = await lxp([zip, '--dir', 'c', '--json']);
    expect(z.code, z.stdout).toBe(0);
    expect(z.json.source).toMatchObject({ format: 'zip', kind: 'export', root: 'fleet-export-main' });
    const a = await snapshot(path.join(sandbox.root(), 'a'));
    expect(await snapshot(path.join(sandbox.root(), 'b'))).toEqual(a);
    expect(await snapshot(path.join(sandbox.root(), 'c'))).toEqual(a);
    // The report too (files inside the zip are named with its top folder).
    const folderReport = (await lxp([EXPORT_FIXTURE, '--dir', 'd', '--json'])).json.report;
    expect(z.json.report.map((i: { file?: string }) => ({ ...i, file: i.file?.replace(/^fleet-export-main\//, '') }))).toEqual(folderReport);
  });

  it('takes experience/develop/ (or experience/) itself, with the users and groups beside it', async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'whole'])).code).toBe(0);
    expect((await lxp([path.join(EXPORT_FIXTURE, 'experience', 'develop'), '--dir', 'develop'])).code).toBe(0);
    expect((await lxp([path.join(EXPORT_FIXTURE, 'experience'), '--dir', 'experience'])).code).toBe(0);
    const whole = await snapshot(path.join(sandbox.root(), 'whole'));
    expect(await snapshot(path.join(sandbox.root(), 'develop'))).toEqual(whole);
    expect(await snapshot(path.join(sandbox.root(), 'experience'))).toEqual(whole);
  });

  it('writing into a folder inside the source (`lxp import . --dir site`): the folder is not read as part of the export', async () => {
    const src = path.join(sandbox.root(), 'src');
    await cp(EXPORT_FIXTURE, src, { recursive: true });
    const inside = (args: string[]) => runLxp(['import', ...args], { cwd: src, env: { PATH: process.env.PATH, HOME: sandbox.root() } });
    const first = await inside(['.', '--dir', 'site', '--json']);
    expect(first.code).toBe(0);
    const again = await inside(['.', '--dir', 'site', '--force', '--json']);
    expect(again.code).toBe(0);
    expect(again.json.report).toEqual(first.json.report);
  });

  it('a symbolic link where it would write (a folder on the way, or a file, with --force): refused before the first write, exit 2, nothing written (review 10, F6)', async () => {
    const root = sandbox.root();
    // A folder of the import's path is a link leading outside the experience folder.
    await mkdir(path.join(root, 'victimdir'));
    await mkdir(path.join(root, 'sl'));
    await symlink('../victimdir', path.join(root, 'sl', 'pages'));
    const folder = await lxp([EXPORT_FIXTURE, '--dir', 'sl', '--json']);
    expect(folder.code).toBe(2);
    expect(folder.json.error.code).toBe('refused');
    expect(folder.json.error.message).toMatch(/pages\/[^ ]+\.hbs \(pages leads outside the experience folder\)/);
    expect(folder.json.error.message).toContain('Nothing was written.');
    expect(await listFiles(path.join(root, 'sl'))).toEqual(['pages']); // the link alone
    expect(await listFiles(path.join(root, 'victimdir'))).toEqual([]);

    // A file the import replaces with --force is a link: nothing replaced before the refusal.
    await writeFile(path.join(root, 'victim.txt'), 'victim\n');
    await mkdir(path.join(root, 'sl2'));
    await symlink('../victim.txt', path.join(root, 'sl2', 'endpoints.yaml'));
    await writeFile(path.join(root, 'sl2', 'groups.yaml'), '# mine\n');
    const file = await lxp([EXPORT_FIXTURE, '--dir', 'sl2', '--force', '--json']);
    expect(file.code).toBe(2);
    expect(file.json.error.message).toContain('endpoints.yaml (it is a symbolic link)');
    expect(await readFile(path.join(root, 'sl2', 'groups.yaml'), 'utf8')).toBe('# mine\n');
    expect(await readFile(path.join(root, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(await listFiles(path.join(root, 'sl2'))).toEqual(['endpoints.yaml', 'groups.yaml']);
  });

  it('a folder where the import writes .gitignore or lxp.config.json: refused up front, exit 2, nothing written (review 10b, F17)', async () => {
    const root = sandbox.root();
    for (const name of ['.gitignore', 'lxp.config.json']) {
      const dir = path.join(root, `in-the-way-${name}`);
      await mkdir(path.join(dir, name), { recursive: true });
      const r = await lxp([EXPORT_FIXTURE, '--dir', dir, '--json']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.json.error.code).toBe('refused');
      expect(r.json.error.message).toContain(`${name} (it is not a file)`);
      expect(r.json.error.message).toContain('Nothing was written.');
      expect(await readdir(dir)).toEqual([name]);
    }
  });

  it('a .gitignore that is a symbolic link: left as it is, said in the report (linked-file) with the lines to add; everything else written (review 10, F15)', async () => {
    const root = sandbox.root();
    await writeFile(path.join(root, 'shared.gitignore'), 'node_modules/\n');
    await mkdir(path.join(root, 'g3'));
    await symlink('../shared.gitignore', path.join(root, 'g3', '.gitignore'));
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'g3', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(await readFile(path.join(root, 'shared.gitignore'), 'utf8')).toBe('node_modules/\n');
    expect(r.json.written).not.toContain('.gitignore');
    expect(r.json.written).toContain('lxp.config.json');
    expect(r.json.report).toContainEqual({ kind: 'linked-file', file: '.gitignore', message: '.gitignore is a symbolic link: lxp never writes through one, so it is left as it is — add .lxp/ and users.csv to it yourself' });
  });

  it('refuses a folder that already holds views (exit 2, nothing written); --force adds and replaces only what it writes', async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'site'])).code).toBe(0);
    const dir = path.join(sandbox.root(), 'site');
    await writeFile(path.join(dir, 'pages/home.hbs'), 'edited\n');
    await writeFile(path.join(dir, 'pages/mine.hbs'), '<p>my own page</p>\n');
    await writeFile(path.join(dir, 'lxp.config.json'), '{ "targets": { "prod": { "applicationId": "5f0c0ffee0ddba11cafe0001" } } }\n');
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\n');
    const before = await snapshot(dir);

    const refused = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({ code: 'refused' });
    expect(refused.json.folder).toBe(path.join(sandbox.root(), 'site'));
    expect(refused.json.error.message).toContain('already holds views');
    expect(refused.json.error.message).toContain('--force');
    expect(await snapshot(dir)).toEqual(before);

    const forced = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--force', '--json']);
    expect(forced.code).toBe(0);
    const after = await snapshot(dir);
    expect(after['pages/mine.hbs']).toBe('<p>my own page</p>\n'); // not the import's: kept
    expect(after['pages/home.hbs']).not.toBe('edited\n'); // the import's: replaced
    expect(after['lxp.config.json']).toBe(before['lxp.config.json']); // an existing config is never replaced
    expect(after['.gitignore']).toMatch(/^node_modules\/\n(.|\n)*\.lxp\/\n(.|\n)*users\.csv\n$/); // lines added, none lost
    expect(forced.json.replaced).toContain('pages/home.hbs');
    expect(forced.json.written).not.toContain('lxp.config.json');
  });

  it('a view file that is a symbolic link counts as a view of the folder, and --force never writes through it (review 10, F7)', async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'clean'])).code).toBe(0);
    const clean = await snapshot(path.join(sandbox.root(), 'clean'));
    const dir = path.join(sandbox.root(), 'site');
    await mkdir(path.join(dir, 'pages'), { recursive: true });
    const shared = path.join(sandbox.root(), 'shared-home.hbs');
    await writeFile(shared, 'shared\n');
    await symlink(shared, path.join(dir, 'pages/home.hbs'));
    const refused = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.json.error.message).toContain('already holds views (pages/home.hbs)');
    const forced = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--force', '--json']);
    // As any file the import cannot write (docs/import.md): refused before the first write.
    expect(forced.code).toBe(2);
    expect(forced.json.error.message).toContain('pages/home.hbs (it is a symbolic link)');
    expect(forced.json.error.message).toContain('Nothing was written.');
    expect(await listFiles(dir)).toEqual(['pages/home.hbs']);
    expect(await readFile(shared, 'utf8')).toBe('shared\n');
    expect(clean['pages/home.hbs']).toBeDefined();
  });

  it('stopped half-way (a write fails, as Ctrl-C would stop it): whole files only, no lxp.config.json, and --force finishes it to the same bytes', async () => {
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'clean'])).code).toBe(0);
    const dir = path.join(sandbox.root(), 'site');
    await mkdir(dir);
    // Something in the way that appears after the import's checks (a file where the pages folder
    // goes, made as the writing starts): a write fails half-way, as a full disk would make it.
    const failure = await importExperience({
      source: EXPORT_FIXTURE,
      cwd: sandbox.root(),
      dir: 'site',
      onWrite: () => writeFileSync(path.join(dir, 'pages'), 'a file where the pages folder goes'),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportWriteError);
    const err = failure as ImportWriteError;
    expect(err.code).toBe('failed');
    expect(err.message).toMatch(/pages is not a folder — the import stopped after 8 of 18 files \(lxp\.config\.json is written last/);
    // Files are written concurrently: every one that could be written was, whole; the pages could not.
    expect(err.done).toEqual(['layouts/Main Layout.hbs', 'layouts/bare.hbs', 'components/device-card.hbs', 'components/header.hbs', 'endpoints.yaml', 'groups.yaml', 'experience.yaml', 'users.csv']);
    expect(err.notDone.filter((f: string) => !f.startsWith('pages/'))).toEqual(['.gitignore', 'lxp.config.json']);
    const clean = await snapshot(path.join(sandbox.root(), 'clean'));
    const half = await snapshot(dir);
    expect(half['lxp.config.json']).toBeUndefined();
    for (const f of err.done) expect(half[f]).toBe(clean[f]);

    await rm(path.join(dir, 'pages'));
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'site'])).code).toBe(2); // views are there now
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'site', '--force'])).code).toBe(0);
    expect(await snapshot(dir)).toEqual(clean);
  });

  it('refuses to replace endpoints.yaml, groups.yaml, experience.yaml or users.csv without --force', async () => {
    const dir = path.join(sandbox.root(), 'site');
    await mkdir(dir);
    await writeFile(path.join(dir, 'endpoints.yaml'), '- route: /mine\n');
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'site']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('endpoints.yaml');
    expect(await listFiles(dir)).toEqual(['endpoints.yaml']);
  });

  it('says truthfully when what it wrote does not validate: exit 1, invalid-result, the issues', async () => {
    const src = path.join(sandbox.root(), 'src');
    await cp(EXPORT_FIXTURE, src, { recursive: true });
    await writeFile(path.join(src, 'experience/develop/pages/not-found.hbs'), '<h1>{{#if x}}unclosed</h1>\n');
    const r = await lxp([src, '--dir', 'site', '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ outcome: 'imported-invalid', valid: false, error: { code: 'invalid-result' } });
    expect(r.json.issues).toContainEqual(expect.objectContaining({ file: 'pages/not-found.hbs', field: 'body' }));
    expect(await listFiles(path.join(sandbox.root(), 'site'))).toContain('pages/not-found.hbs');
    const text = await lxp([src, '--dir', 'site2']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/does not validate \(1 problem\)[^\n]*\n\s+pages\/not-found\.hbs:\d+ \(body\)/);
  });

  it('refuses --target for an export (it carries its own metadata)', async () => {
    const r = await lxp([EXPORT_FIXTURE, '--dir', 'site', '--target', 'staging', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('usage');
    expect(await listFiles(sandbox.root())).toEqual([]);
  });

  it('a source that is neither: exit 2, and what it expects', async () => {
    await mkdir(path.join(sandbox.root(), 'empty'));
    const r = await lxp(['empty', '--dir', 'site']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('neither an exported application');
    expect((await lxp(['missing', '--dir', 'site'])).stderr).toContain('missing: no such file or folder');
    await writeFile(path.join(sandbox.root(), 'notes.txt'), 'hello');
    expect((await lxp(['notes.txt', '--dir', 'site'])).stderr).toContain('not a .zip file');
    expect(await listFiles(sandbox.root())).toEqual(['notes.txt']);
  });

  it('a source with nothing lxp reads (an export folder of other files, an empty workspace): exit 2, invalid-source, what it looked for, nothing written', async () => {
    const root = sandbox.root();
    // The black-box review's guess at an export: experience/develop/ with files lxp does not read.
    await mkdir(path.join(root, 'exp2/experience/develop/views'), { recursive: true });
    await writeFile(path.join(root, 'exp2/experience/develop/views.yaml'), '- name: main\n  viewType: layout\n  localFilename: views/main.hbs\n');
    await writeFile(path.join(root, 'exp2/experience/develop/views/main.hbs'), '{{page}}\n');
    // An official-CLI workspace with no .hbs file.
    await mkdir(path.join(root, 'ws/.losant'), { recursive: true });
    await mkdir(path.join(root, 'ws/experience/pages'), { recursive: true });
    const before = await listFiles(root);
    const exp = await lxp(['exp2', '--dir', 'imp5', '--json']);
    expect(exp.code, exp.stdout).toBe(2);
    expect(exp.json.error.code).toBe('invalid-source');
    for (const f of ['experience/develop/layouts/layouts.yaml', 'experience/develop/pages/pages.yaml', 'experience/develop/endpoints.yaml', 'experience/groups.yaml'])
      expect(exp.json.error.message).toContain(f);
    const ws = await lxp(['ws', '--dir', 'imp6', '--json']);
    expect(ws.code, ws.stdout).toBe(2);
    expect(ws.json.error.code).toBe('invalid-source');
    expect(ws.json.error.message).toContain('experience/pages/');
    expect(await listFiles(root)).toEqual(before);
  });

  it("refuses a --dir inside another experience's pages/ (or layouts/, components/), with or without --force, as lxp init does: exit 2, nothing written", async () => {
    // Review 9, M4: the outer experience read the imported layout and components as its own pages.
    const outer = path.join(sandbox.root(), 'outer');
    await mkdir(path.join(outer, 'pages'), { recursive: true });
    await writeFile(path.join(outer, 'lxp.config.json'), '{}\n');
    await writeFile(path.join(outer, 'pages/home.hbs'), '<p>home</p>\n');
    const before = await snapshot(outer);
    for (const [dir, force] of [['outer/pages/imported', false], ['outer/pages', true], ['outer/components/x', true]] as const) {
      const r = await lxp([EXPORT_FIXTURE, '--dir', dir, '--json', ...(force ? ['--force'] : [])]);
      expect(r.code, dir).toBe(2);
      expect(r.json.error.code, dir).toBe('usage');
      const abs = path.join(sandbox.root(), dir);
      const top = dir.split('/')[1];
      expect(r.json.error.message).toBe(
        `${abs} is inside the experience folder ${outer} (lxp.config.json there), in its ${top}/: the layout, pages and components of an experience made here would be read as ${top} of ${outer}; import into a folder outside ${path.join(outer, top)}, or work on ${outer} itself. Nothing was written.`,
      );
    }
    // Through a link to that pages/ (review 9b, F5): the same refusal, for import and init.
    await symlink(path.join(outer, 'pages'), path.join(sandbox.root(), 'linked-pages'));
    const linked = await lxp([EXPORT_FIXTURE, '--dir', 'linked-pages/z', '--json']);
    expect(linked.code).toBe(2);
    expect(linked.json.error.message).toMatch(/linked-pages\/z \(through a link\) is inside the experience folder .*outer \(lxp\.config\.json there\), in its pages\//);
    const init = await runLxp(['init', path.join(sandbox.root(), 'linked-pages/initdir'), '--json'], { cwd: sandbox.root(), env: { PATH: process.env.PATH, HOME: sandbox.root() } });
    expect(init.code).toBe(2);
    expect(init.json.error.message).toContain('(through a link) is inside the experience folder');
    expect(await snapshot(outer)).toEqual(before);
    // Beside the view folders (site/ of a repository whose root is an experience): its own experience.
    expect((await lxp([EXPORT_FIXTURE, '--dir', 'outer/site'])).code).toBe(0);
  });

  it('a --dir that cannot be made (a file in the way): exit 2, said in words, nothing written', async () => {
    await writeFile(path.join(sandbox.root(), 'notes.txt'), 'hello');
    for (const dir of ['notes.txt', 'notes.txt/site']) {
      const r = await lxp([EXPORT_FIXTURE, '--dir', dir, '--json']);
      expect(r.code, dir).toBe(2);
      expect(r.json.error.message).toMatch(/notes\.txt (exists and )?is (a file, )?not a folder/);
    }
    expect(await listFiles(sandbox.root())).toEqual(['notes.txt']);
  });
});
