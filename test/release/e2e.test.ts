// End to end: the CLI in-process (runCli: the binary's own parser and shell) against the real
// local server, in a temp git repository, driven the way a CI job drives it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import type { ExperienceClient } from '../../src/api/types.js';
import { loadProject } from '../../src/project/load.js';
import { runLxp, type Run } from '../harness/cli.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { startTestServer, type TestServer } from '../harness/server.js';

const TOKEN = 'release-e2e-token-8c1f';
const losant = createRequire(import.meta.url)('losant-rest') as { createClient(o: { url: string; accessToken: string }): any };

// One server and one repository for the whole file, closed and removed after its last test.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
let server: TestServer;
let repo: string;
let dir: string;
let client: ExperienceClient;
let official: any;
let logFile: string;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

/** Runs `lxp <args> --dir <dir>` in-process (the same parser and command shell as the binary). */
async function lxp(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const r = await runLxp([...args, '--dir', dir], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1', GITHUB_REF_TYPE: '', CI_COMMIT_TAG: '', ...server.env(repo), ...env },
  });
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return r;
}

/** Requests the server logged from `mark` on that write (POST/PATCH/DELETE). */
function writesSince(mark: number): Array<{ method: string; path: string }> {
  const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).slice(mark);
  return lines.map((l) => JSON.parse(l)).filter((e) => e.method !== 'GET');
}
const logMark = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length : 0);

async function slug(name: string) {
  return (await client.listSlugs()).find((s) => s.slug === name);
}

async function viewBody(viewType: string, name: string, version?: string): Promise<string | undefined> {
  const views = await client.listViews({ version, viewType: viewType as any });
  return views.find((v) => v.name === name)?.body;
}

const HOME_V1 = '<h1>Home, first edition</h1>\n';
const HOME_V2 = '<h1>Home, second edition</h1>\n';

beforeAll(async () => {
  repo = await tempDir('lxp-release-');
  dir = path.join(repo, 'experience');
  logFile = path.join(repo, 'server.log');
  server = await startServer({ token: TOKEN, logFile });
  client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: TOKEN });
  official = losant.createClient({ url: server.url, accessToken: TOKEN });
  await official.experienceSlugs.post({ applicationId: server.applicationId, experienceSlug: { slug: 'production' } });
  await official.experienceSlugs.post({ applicationId: server.applicationId, experienceSlug: { slug: 'beta' } });
  await official.experienceDomains.post({ applicationId: server.applicationId, experienceDomain: { domainName: 'shop.example.com' } });

  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  write('.gitignore', '.lxp/\n');
  write('lxp.config.json', '{}\n');
  write('layouts/main.hbs', '<html><body>{{ page }}</body></html>\n');
  write('pages/home.hbs', `---\nlayout: main\n---\n${HOME_V1}`);
  write('components/nav.hbs', '<nav>nav</nav>\n');
  git('add', '.');
  git('commit', '-q', '-m', 'First pages');
  git('tag', '-a', 'v1.0.0', '-m', 'First release');
});

describe('lxp release / versions / promote / restore', () => {
  it('refuses a bad version name before sending anything', async () => {
    const mark = logMark();
    const r = await lxp(['release', 'develop']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/develop/);
    expect(writesSince(mark)).toEqual([]);
  });

  it('dry-runs a release: the plan, the version, the slugs with their current versions; nothing written', async () => {
    const mark = logMark();
    const r = await lxp(['release', '--from-git', '--slug', 'production', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ command: 'release', target: 'env', folder: dir, outcome: 'would-create', exitCode: 0, version: 'v1.0.0', status: 'would-create', dryRun: true });
    expect(r.json.deploy.changes).toBe(3);
    expect(r.json.repoints).toEqual([expect.objectContaining({ kind: 'slug', name: 'production', from: null, to: 'v1.0.0', changed: true })]);
    expect(writesSince(mark)).toEqual([]);
    expect(await client.getVersion('v1.0.0')).toBeNull();
  });

  it('releases a tag: deploys, creates the version with the annotation, points the slug', async () => {
    const r = await lxp(['release', '--from-git', '--slug', 'production', '--domain', 'shop.example.com', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ command: 'release', outcome: 'created', exitCode: 0, version: 'v1.0.0', status: 'created', description: 'First release' });
    expect(r.json.git).toMatchObject({ tag: 'v1.0.0', dirty: false });
    const v1 = await client.getVersion('v1.0.0');
    expect(v1?.description).toBe('First release');
    expect((await slug('production'))?.version).toBe('v1.0.0');
    expect((await client.listDomains()).find((d) => d.domainName === 'shop.example.com')?.version).toBe('v1.0.0');
    expect(await viewBody('page', 'home', 'v1.0.0')).toBe(HOME_V1);
    // Read back with the official client too.
    const listed = await official.experienceViews.get({ applicationId: server.applicationId, version: 'v1.0.0', viewType: 'component' });
    expect(listed.items.map((v: any) => v.name)).toEqual(['nav']);
  });

  it('releasing the same tag again succeeds and writes nothing', async () => {
    const mark = logMark();
    const r = await lxp(['release', '--from-git', '--slug', 'production', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ status: 'existing', deploy: { skipped: true } });
    expect(r.json.repoints[0]).toMatchObject({ changed: false });
    expect(writesSince(mark)).toEqual([]);
  });

  it('releases a changed view under a new tag; the old version keeps its views', async () => {
    write('pages/home.hbs', `---\nlayout: main\n---\n${HOME_V2}`);
    git('commit', '-q', '-am', 'Second edition of home');
    git('tag', 'v1.1.0');
    const sha = git('rev-parse', '--short', 'HEAD').trim();
    const r = await lxp(['release', '--from-git', '--slug', 'production']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Created version v1\.1\.0/);
    expect(r.stdout).toMatch(/slug production: v1\.0\.0 → v1\.1\.0/);
    expect((await client.getVersion('v1.1.0'))?.description).toBe(`Second edition of home (${sha})`);
    expect(await viewBody('page', 'home', 'v1.1.0')).toBe(HOME_V2);
    expect(await viewBody('page', 'home', 'v1.0.0')).toBe(HOME_V1);
    const home = (await client.listViews({ viewType: 'page' })).find((v) => v.name === 'home')!;
    expect((await client.getView(home.id, { version: 'v1.0.0' })).body).toBe(HOME_V1);
    expect((await slug('production'))?.version).toBe('v1.1.0');
  });

  it('lists versions newest first with the slugs and domains serving them', async () => {
    const r = await lxp(['versions', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const names = r.json.versions.map((v: any) => v.version);
    expect(names.slice(0, 2)).toEqual(['v1.1.0', 'v1.0.0']);
    expect(names).toContain('develop');
    expect(r.json.versions[0].slugs).toEqual(['production']);
    expect(r.json.versions[1]).toMatchObject({ description: 'First release', domains: ['shop.example.com'] });
    const text = await lxp(['versions']);
    expect(text.stdout.split('\n')[1]).toMatch(/^v1\.1\.0\s/);
  });

  it('promotes an older version (rollback) and prints before → after', async () => {
    const r = await lxp(['promote', 'v1.0.0', '--slug', 'production', '--slug', 'beta']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/slug production: v1\.1\.0 → v1\.0\.0/);
    expect(r.stdout).toMatch(/slug beta: \(none\) → v1\.0\.0/);
    expect((await slug('production'))?.version).toBe('v1.0.0');
    expect((await slug('beta'))?.version).toBe('v1.0.0');
    const unknown = await lxp(['promote', 'v9', '--slug', 'production']);
    expect(unknown.code).toBe(2);
    const noSlug = await lxp(['promote', 'v1.1.0', '--slug', 'nope']);
    expect(noSlug.code).toBe(2);
    expect(noSlug.stderr).toMatch(/no slug "nope".*production/s);
  });

  it('refuses a dirty work tree for --from-git, unless --allow-dirty', async () => {
    write('components/nav.hbs', '<nav>uncommitted</nav>\n');
    const mark = logMark();
    const r = await lxp(['release', '--from-git']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/uncommitted changes/);
    expect(r.stderr).toMatch(/components\/nav\.hbs/);
    expect(writesSince(mark)).toEqual([]);
    const dry = await lxp(['release', '--from-git', '--allow-dirty', '--dry-run', '--json']);
    // HEAD is tagged v1.1.0, which exists with other content than the dirty folder: refused.
    expect(dry.code).toBe(2);
    expect(dry.json).toMatchObject({ command: 'release', outcome: 'error', exitCode: 2, error: { code: 'already-exists' } });
    expect(dry.json.error.message).toMatch(/already exists with other content.*component:nav \(changed\)/);
    expect(writesSince(mark)).toEqual([]);
  });

  it('refuses a version name that exists with other content (versions are immutable)', async () => {
    const mark = logMark();
    const r = await lxp(['release', 'v1.0.0', '-m', 'again']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/version "v1\.0\.0" already exists with other content/);
    expect(writesSince(mark)).toEqual([]);
    write('components/nav.hbs', '<nav>nav</nav>\n');
  });

  it('needs --yes for a protected target without a terminal', async () => {
    write('lxp.config.json', JSON.stringify({ targets: { prod: { applicationId: server.applicationId, apiUrl: server.url, protected: true } } }, null, 2));
    const env = { LOSANT_API_URL: '', LOSANT_APPLICATION_ID: '' };
    const mark = logMark();
    for (const args of [['release', 'v2.0.0'], ['promote', 'v1.1.0', '--slug', 'production'], ['restore', 'v1.0.0']]) {
      const r = await lxp([...args, '--target', 'prod'], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--yes/);
    }
    expect(writesSince(mark)).toEqual([]);
    const ok = await lxp(['promote', 'v1.1.0', '--slug', 'production', '--target', 'prod', '--yes'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await slug('production'))?.version).toBe('v1.1.0');
    write('lxp.config.json', '{}\n');
  });

  it('restores develop from a version and pulls it into the folder', async () => {
    const r = await lxp(['restore', 'v1.0.0', '--yes', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.json).toMatchObject({ command: 'restore', outcome: 'restored', exitCode: 0, version: 'v1.0.0', restored: true, pulled: true });
    expect(await viewBody('page', 'home')).toBe(HOME_V1);
    const folder = await loadProject(dir);
    expect(folder.issues).toEqual([]);
    expect(folder.views.find((v) => v.viewType === 'page' && v.name === 'home')?.body).toBe(HOME_V1);
    // The folder now equals develop: a status shows nothing to deploy.
    const status = await lxp(['release', 'v1.0.0', '--json']);
    expect(status.json).toMatchObject({ outcome: 'existing', status: 'existing' });
  });
});
