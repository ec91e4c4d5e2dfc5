// The preview's parts on their own: the page-dependency graph decides which open pages re-render,
// the live-reload channel tells them, routes are pluggable, and the folder is watched with the
// same watcher (and ignore rules) as `lxp watch`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/render/dependencies.js';
import type { LocalView, ViewContent } from '../../src/project/view.js';
import { createLiveReload } from '../../src/preview/live-reload.js';
import { issuesOfPage, needsReload } from '../../src/preview/page-graph.js';
import { startPreview } from '../../src/preview/server.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

const view = (viewType: ViewContent['viewType'], name: string, body: string, layout: string | null = null): LocalView => ({
  viewType,
  name,
  description: '',
  layout,
  contentType: null,
  tags: {},
  body,
  file: `${viewType}s/${name}.hbs`,
});

describe('page graph', () => {
  const before = buildGraph([view('layout', 'main', '{{page}}'), view('page', 'home', '{{component "nav"}}', 'main'), view('page', 'about', 'about'), view('component', 'nav', 'nav')]);

  it('re-renders a page when a file it uses (or its preview data) changed, and the index always', () => {
    const changed = (...files: string[]) => new Set(files);
    expect(needsReload('home', before, before, changed('components/nav.hbs'))).toBe(true);
    expect(needsReload('home', before, before, changed('layouts/main.hbs'))).toBe(true);
    expect(needsReload('home', before, before, changed('pages/home.preview.json'))).toBe(true);
    expect(needsReload('about', before, before, changed('components/nav.hbs'))).toBe(false);
    expect(needsReload('', before, before, changed('components/nav.hbs'))).toBe(true);
    expect(needsReload('about', before, before, undefined)).toBe(true);
  });

  it('re-renders a page that starts using a file, and one that appeared', () => {
    const after = buildGraph([view('page', 'about', '{{component "nav"}}'), view('component', 'nav', 'nav'), view('page', 'new', 'n')]);
    expect(needsReload('about', before, after, new Set(['components/nav.hbs']))).toBe(true);
    expect(needsReload('new', before, after, new Set(['pages/other.hbs']))).toBe(true);
  });

  it("gives a page the issues of the files it uses, and nobody else's", () => {
    const issues = [
      { file: 'components/nav.hbs', message: 'bad nav' },
      { file: 'pages/about.hbs', message: 'bad about' },
    ];
    expect(issuesOfPage(before, issues, 'home').map((i) => i.message)).toEqual(['bad nav']);
    expect(issuesOfPage(before, issues, 'nope')).toHaveLength(2);
  });
});

describe('live-reload channel', () => {
  it('tells only the open pages a change concerns, and ends every connection on close', () => {
    const live = createLiveReload();
    const open = (page: string) => {
      const req = new PassThrough() as unknown as IncomingMessage;
      let out = '';
      let ended = false;
      const res = { writeHead: () => res, write: (s: string) => ((out += s), true), end: () => (ended = true) } as unknown as ServerResponse;
      live.open(req, res, page);
      return { text: () => out, ended: () => ended };
    };
    const home = open('home');
    const about = open('about');
    expect(live.notify((p) => p === 'home', ['components/nav.hbs'])).toBe(1);
    expect(home.text()).toContain('event: reload\ndata: {"files":["components/nav.hbs"]}');
    expect(about.text()).not.toContain('event: reload');
    live.close();
    expect(home.ended() && about.ended()).toBe(true);
  });
});

describe('preview server', () => {
  // After each test: its preview closed, then its folder removed.
  const tempDir = useTempRoots();
  const openPreview = useOpener(startPreview);
  async function folder(files: Record<string, string>): Promise<string> {
    const dir = await tempDir('lxp-preview-parts-');
    for (const [f, t] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), t);
    }
    return dir;
  }

  it("takes more routes, tried after the live-reload stream and before lxp's pages and the experience's routes", async () => {
    const dir = await folder({ 'pages/home.hbs': '<p>home</p>' });
    const server = await openPreview({
      dir,
      watch: false,
      routes: [
        ({ res, url }) => {
          if (url.pathname !== '/' && url.pathname !== '/devices') return false;
          res.writeHead(200, { 'content-type': 'text/plain' }).end(`experience route ${url.pathname}`);
          return true;
        },
      ],
    });
    expect(await (await fetch(`${server.url}/devices`)).text()).toBe('experience route /devices');
    expect(await (await fetch(`${server.url}/`)).text()).toBe('experience route /');
    expect(await (await fetch(`${server.url}/~lxp/pages/home`)).text()).toContain('<p>home</p>');
    expect((await fetch(`${server.url}/nothing`)).status).toBe(404);
  });

  /** A preview watching `dir` (closed after the test): every file of every reload, and a promise that resolves once every `wanted` file has come. */
  async function watching(dir: string, wanted: string[]) {
    const reloads: string[] = [];
    let seen!: () => void;
    const done = new Promise<void>((r) => (seen = r));
    await openPreview({
      dir,
      debounceMs: 20,
      onReload: ({ changedFiles }) => {
        reloads.push(...(changedFiles ?? ['*']));
        if (wanted.every((f) => reloads.includes(f))) seen();
      },
    });
    return { reloads, done };
  }

  it('watches endpoints.yaml, groups.yaml, experience.yaml and reply files too (the experience at its routes uses them)', async () => {
    const dir = await folder({ 'pages/home.hbs': '<p>home</p>', 'notes.txt': 'x' });
    const wanted = ['endpoints.yaml', 'groups.yaml', 'experience.yaml', 'replies/reports/monthly.yaml', 'pages/home.hbs'];
    const { reloads, done } = await watching(dir, wanted);
    await writeFile(path.join(dir, 'notes.txt'), 'not watched');
    for (const f of ['endpoints.yaml', 'groups.yaml', 'experience.yaml']) await writeFile(path.join(dir, f), '[]\n');
    await mkdir(path.join(dir, 'replies', 'reports'), { recursive: true });
    await writeFile(path.join(dir, 'replies', 'reports', 'monthly.yaml'), 'json: 1\n');
    await writeFile(path.join(dir, 'pages', 'home.hbs'), '<p>home 2</p>');
    await done;
    // notes.txt, written first, never came (it is no file of the experience).
    expect(new Set(reloads)).toEqual(new Set(wanted));
  });

  it("watches the folder with lxp watch's rules: files .lxpignore ignores, and node_modules, never cause a reload", async () => {
    const dir = await folder({ 'pages/home.hbs': '<p>home</p>', '.lxpignore': 'pages/drafts/\n', 'node_modules/x/pages/a.hbs': 'x' });
    const { reloads, done } = await watching(dir, ['pages/home.hbs']);
    await mkdir(path.join(dir, 'pages', 'drafts'), { recursive: true });
    await writeFile(path.join(dir, 'pages', 'drafts', 'wip.hbs'), '<p>draft</p>');
    await writeFile(path.join(dir, 'node_modules', 'x', 'pages', 'a.hbs'), 'changed');
    // A file that does count, last: once its reload is in, the others had every chance to show.
    await writeFile(path.join(dir, 'pages', 'home.hbs'), '<p>home 2</p>');
    await done;
    expect(reloads).toEqual(['pages/home.hbs']);
  });
});
