// The shipped folders (example-experience/, templates/ and what `lxp init` makes) pass lxp's own checks.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadProject } from '../../src/project/load.js';
import { loadExperienceFiles } from '../../src/project/resources/index.js';
import { parseUsersCsv } from '../../src/project/users-csv.js';
import { endpointKey } from '../../src/routing/index.js';
import { parseReplyFile, replyFileCandidates } from '../../src/runtime/index.js';
import { parse as parseYaml } from 'yaml';
import { createRenderer } from '../../src/render/engine.js';
import { globalsOf, runtimeContext } from '../../src/runtime/context.js';
import type { ExperienceSnapshot } from '../../src/runtime/index.js';
import { page as renderPage } from '../render/fixtures.js';
import { useTempRoots } from '../harness/lifecycle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = path.join(root, 'example-experience');

const tempDir = useTempRoots(); // folders a test makes, removed after it

describe('example-experience', () => {
  it('loads with zero issues and holds every kind of view the issue asks for', async () => {
    const p = await loadProject(example);
    expect(p.issues).toEqual([]);
    const byName = new Map(p.views.map((v) => [`${v.viewType}:${v.name}`, v]));
    expect([...byName.keys()].sort()).toEqual([
      'component:device-card', 'component:footer', 'component:header',
      'layout:Main Layout',
      'page:api/devices', 'page:device', 'page:devices', 'page:login', 'page:not-found',
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

describe('example-experience at its routes', () => {
  it('has endpoints.yaml, groups.yaml and experience.yaml without issues, naming its pages and groups', async () => {
    const p = await loadProject(example);
    const files = await loadExperienceFiles(example, p.views);
    expect(files.issues).toEqual([]);
    expect(files.endpoints!.map((e) => `${e.content.method.toUpperCase()} ${e.content.route}`).sort()).toEqual([
      'GET /', 'GET /api/devices', 'GET /devices', 'GET /devices/{id}', 'GET /login', 'GET /logout', 'POST /login',
    ]);
    expect(files.groups!.map((g) => g.content.name).sort()).toEqual(['Admins', 'Customers', 'Operators']);
    expect(files.settings!.content.notFound).toEqual({ page: 'not-found', status: null });
  });

  it('gives every endpoint a workflow would answer a reply file whose every scenario can be used', async () => {
    const p = await loadProject(example);
    const files = await loadExperienceFiles(example, p.views);
    const pages = new Set(p.views.filter((v) => v.viewType === 'page').map((v) => v.name));
    for (const { content: e } of files.endpoints!) {
      if (e.reply) continue;
      const file = replyFileCandidates(e.key ?? endpointKey(e))[0];
      const text = await readFile(path.join(example, file), 'utf8');
      const scenarios = Object.keys((parseYaml(text) as { scenarios?: object }).scenarios ?? { default: {} });
      for (const scenario of scenarios) {
        const reply = parseReplyFile(file, text, scenario);
        if (reply.kind === 'page') expect(pages.has(reply.page), `${file} (${scenario}) names page ${reply.page}`).toBe(true);
      }
    }
  });

  it('has sample users in the users CSV format, in groups of groups.yaml', async () => {
    const p = await loadProject(example);
    const groups = (await loadExperienceFiles(example, p.views)).groups!.map((g) => g.content.name);
    const csv = parseUsersCsv(await readFile(path.join(example, 'users.csv'), 'utf8'), { knownGroups: groups });
    expect(csv.issues).toEqual([]);
    expect(csv.users.map((u) => u.email)).toEqual(['ada@example.com', 'otto@example.com', 'cora@example.com']);
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
    // Black-box review #5 (C2): no setting is declared, so a new folder's first deploy leaves an
    // existing application's globals, CORS, replies and headers alone.
    expect(files.settings).toBeUndefined();
    expect(files.slugs).toBeUndefined();
    // Every file teaches its format in comments.
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) expect(await readFile(path.join(templates, f), 'utf8')).toMatch(/^# yaml-language-server: \$schema=.*\n#\n# /);
  });

  it("experience.yaml's hint for globals in views renders the global, in the page context Losant documents", async () => {
    // Black-box review #4: the hint said {{experience.globals.<key>}}, which renders as nothing.
    // Losant's root context (docs.losant.com/experiences/views/, "Data That is Always Provided")
    // has `globals` at the top, beside `experience`; lxp's runtime builds it the same way.
    const templates = path.join(root, 'templates');
    const text = await readFile(path.join(templates, 'experience.yaml'), 'utf8');
    const hints = [...text.matchAll(/\{\{([^}]*globals[^}]*)\}\}/g)].map((m) => m[1]);
    expect(hints.length).toBeGreaterThan(0);
    // The settings are commented out (see above): the example, uncommented, is what a person gets.
    const example = path.join(await tempDir('lxp-template-'), 'experience.yaml');
    const block = /^# (globals:.*\n(?:# {3}.*\n)*)/m.exec(text)![1].replace(/^# /gm, '');
    await writeFile(example, block);
    const files = await loadExperienceFiles(path.dirname(example), []);
    expect(files.issues).toEqual([]);
    const g = files.settings!.content.globals[0];
    expect(g.key).toBe('siteName');
    const snapshot = { application: { id: 'a'.repeat(24), name: 'App' }, version: { name: 'develop', globals: [{ key: g.key, json: JSON.stringify(g.value) }] } } as unknown as ExperienceSnapshot;
    const request = { path: '/', method: 'get', headers: {}, params: {}, query: {}, body: null, cookies: {} };
    const ctx = runtimeContext(snapshot, { now: new Date(), user: null, endpoint: null, request, globals: globalsOf(snapshot.version.globals) });
    for (const hint of hints) {
      const body = `[{{${hint.replace('<key>', g.key)}}}]`;
      expect(createRenderer([renderPage('home', body)]).render('home', ctx, { exactContext: true }).body, hint).toBe(`[${String(g.value)}]`);
    }
  });
});
