// The shipped folders (example-experience/, templates/ and what `lxp init` makes) pass lxp's own checks.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadProject } from '../../src/project/load.js';
import { loadExperienceFiles } from '../../src/project/resources/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = path.join(root, 'example-experience');

describe('example-experience', () => {
  it('loads with zero issues and holds every kind of view the issue asks for', async () => {
    const p = await loadProject(example);
    expect(p.issues).toEqual([]);
    const byName = new Map(p.views.map((v) => [`${v.viewType}:${v.name}`, v]));
    expect([...byName.keys()].sort()).toEqual([
      'component:device-card', 'component:footer', 'component:header',
      'layout:Main Layout',
      'page:api/devices', 'page:device', 'page:devices', 'page:login',
    ]);
    expect(byName.get('page:api/devices')).toMatchObject({ contentType: 'application/json', layout: null });
    for (const page of ['login', 'devices', 'device']) expect(byName.get(`page:${page}`)?.layout).toBe('Main Layout');
    expect(byName.get('page:devices')?.body).toContain('{{component "device-card" this}}');
  });

  it('has a config that validates against the published schema, with no targets needed', async () => {
    const c = loadConfig(example);
    expect(c.targets).toEqual({});
    const raw = JSON.parse(await readFile(path.join(example, 'lxp.config.json'), 'utf8'));
    await expect(readFile(path.resolve(example, raw.$schema), 'utf8')).resolves.toContain('"targets"');
    expect(await readFile(path.join(example, '.gitignore'), 'utf8')).toMatch(/^\.lxp\/$/m);
  });

  it('has a preview sidecar with scenarios for each page', async () => {
    for (const page of ['login', 'devices', 'device', 'api/devices']) {
      const s = JSON.parse(await readFile(path.join(example, 'pages', `${page}.preview.json`), 'utf8'));
      expect(Object.keys(s)).toEqual(['scenarios']);
      expect(s.scenarios.default.pageData).toEqual(expect.any(Object));
      expect(s.scenarios.default.experience).toHaveProperty('user');
      for (const scenario of Object.values(s.scenarios) as Record<string, unknown>[]) expect(Object.keys(scenario).sort()).toEqual(['experience', 'pageData']);
    }
  });
});

describe('templates', () => {
  it('load with zero issues and a valid config', async () => {
    const templates = path.join(root, 'templates');
    const p = await loadProject(templates);
    expect(p.issues).toEqual([]);
    expect(p.views.map((v) => v.viewType).sort()).toEqual(['component', 'component', 'layout', 'page']);
    expect(loadConfig(templates)).toMatchObject({ targets: {} });
    expect((await readdir(templates)).sort()).toEqual(['.lxpignore', 'components', 'endpoints.yaml', 'experience.yaml', 'gitignore', 'groups.yaml', 'layouts', 'lxp.config.json', 'pages']);
  });

  it('have the three experience files, valid, with the home page reached at /', async () => {
    const templates = path.join(root, 'templates');
    const files = await loadExperienceFiles(templates, (await loadProject(templates)).viewNames);
    expect(files.issues).toEqual([]);
    expect(files.endpoints?.map((e) => [e.identity, e.content.route, e.content.reply])).toEqual([['home', '/', { page: 'home', status: null }]]);
    expect(files.groups).toEqual([]);
    expect(files.settings?.content.globals.map((g) => g.key)).toEqual(['siteName']);
    expect(files.slugs).toBeUndefined();
    // Every file teaches its format in comments.
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) expect(await readFile(path.join(templates, f), 'utf8')).toMatch(/^# yaml-language-server: \$schema=.*\n#\n# /);
  });
});
