// The preview server over real loopback HTTP, on a temporary experience folder.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A server-sent events subscription; next() resolves with the data of the next "reload" event. */
function subscribe(base: string, page: string): Promise<{ next(): Promise<unknown>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/~lxp/events?page=${encodeURIComponent(page)}`, (res) => {
      const queue: unknown[] = [];
      const waiters: Array<(v: unknown) => void> = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!/^event: reload$/m.test(block)) continue;
          const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]);
          const w = waiters.shift();
          if (w) w(data);
          else queue.push(data);
        }
      });
      resolve({
        next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

const tempDir = useTempRoots('file'); // the file's folders, removed after its last test
const openPreview = useOpener(startPreview); // a test's own preview, closed after it
let dir: string;

beforeAll(async () => {
  dir = await tempDir('lxp-preview-');
  await write(dir, 'layouts/main.hbs', '<html><head>{{section "head"}}</head><body>{{page}}{{component "footer"}}</body></html>\n');
  await write(dir, 'pages/home.hbs', '---\nlayout: main\n---\n<h1>Hello {{#if experience.user}}{{experience.user.firstName}}{{else}}stranger{{/if}}</h1>\n{{component "nav"}}<p id="q">{{request.query.tab}}</p>\n');
  await write(dir, 'pages/home.preview.json', JSON.stringify({ scenarios: { anonymous: {}, signedIn: { experience: { user: { firstName: 'Ann' } } } } }));
  await write(dir, 'pages/api/status.hbs', '---\ncontentType: application/json\n---\n{"ok": {{pageData.ok}} }\n');
  await write(dir, 'pages/api/status.preview.yaml', 'pageData:\n  ok: true\n');
  await write(dir, 'pages/orphan.hbs', '---\nlayout: Missing Layout\n---\nx\n');
  await write(dir, 'components/nav.hbs', '<nav>nav v1</nav>');
  await write(dir, 'components/footer.hbs', '<footer>f</footer>');
  await write(dir, 'components/unused.hbs', 'u');
});

describe('preview server (reload driven by the caller)', () => {
  const startShared = useOpener(startPreview, 'file'); // closed after the describe's last test
  let server: PreviewServer;
  beforeAll(async () => {
    server = await startShared({ dir, port: 0, watch: false, now: () => new Date('2024-01-01T00:00:00Z') });
  });

  it('listens on loopback at a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('renders a page inside its layout, with the live-reload client injected', async () => {
    const res = await get(`${server.url}/~lxp/pages/home`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/html/);
    expect(res.body).toContain('<h1>Hello stranger</h1>');
    expect(res.body).toContain('<nav>nav v1</nav>');
    expect(res.body).toContain('<footer>f</footer>');
    expect(res.body).toMatch(/<script data-lxp-live>[\s\S]*<\/script><\/body>/);
  });

  it('picks the scenario named in the URL and passes other query parameters to request.query', async () => {
    const res = await get(`${server.url}/~lxp/pages/home?scenario=signedIn&tab=settings`);
    expect(res.body).toContain('<h1>Hello Ann</h1>');
    expect(res.body).toContain('<p id="q">settings</p>');
    const unknown = await get(`${server.url}/~lxp/pages/home?scenario=nobody`);
    expect(unknown.status).toBe(500);
    expect(unknown.body).toContain('no scenario &quot;nobody&quot;');
  });

  it('serves pages with their own content type, without the reload script', async () => {
    const res = await get(`${server.url}/~lxp/pages/api/status`);
    expect(res.type).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it('shows a missing layout as an overlay naming it, the file and the line', async () => {
    const res = await get(`${server.url}/~lxp/pages/orphan`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('id="lxp-error-overlay"');
    expect(res.body).toContain('pages/orphan.hbs:2');
    expect(res.body).toContain('Missing Layout');
  });

  it('lists pages, layouts, components and where each is used on the index page', async () => {
    const res = await get(`${server.url}/~lxp/`);
    expect(res.status).toBe(200);
    const row = (attr: string, name: string) => new RegExp(`<tr ${attr}="${name}">([\\s\\S]*?)</tr>`).exec(res.body)?.[1] ?? '';
    expect(row('data-page', 'home')).toContain('main');
    expect(row('data-page', 'home')).toContain('footer, nav');
    expect(row('data-page', 'home')).toContain('signedIn');
    expect(row('data-page', 'orphan')).toContain('Missing Layout (missing)');
    expect(row('data-component', 'nav')).toContain('home');
    expect(row('data-component', 'footer')).toContain('main');
    expect(row('data-component', 'unused')).toContain('unused');
    // The sidecar names it reads (lxp init writes pages/home.preview.json), not only .preview.yaml.
    const note = /Each page alone, [^<]*(?:<code>[^<]*<\/code>[^<]*)*<\/p>/.exec(res.body)?.[0].replace(/<\/?code>/g, '') ?? '';
    expect(note).toBe('Each page alone, with the sample data of the preview file next to it (home.hbs: home.preview.json, .preview.yaml or .preview.yml), when it has one.</p>');
  });

  it('tells only the pages that depend on a changed file to re-render', async () => {
    const home = await subscribe(server.url, 'home');
    const status = await subscribe(server.url, 'api/status');
    try {
      await write(dir, 'components/nav.hbs', '<nav>nav v2</nav>');
      await server.reload(['components/nav.hbs']);
      await server.reload(); // no list: everyone re-renders; lets us see what status got first
      expect(await home.next()).toEqual({ files: ['components/nav.hbs'] });
      expect(await status.next()).toEqual({ files: null });
      expect((await get(`${server.url}/~lxp/pages/home`)).body).toContain('nav v2');
      // The sidecar is a dependency too.
      await write(dir, 'pages/api/status.preview.yaml', 'pageData:\n  ok: false\n');
      await server.reload([path.join(dir, 'pages/api/status.preview.yaml')]);
      expect(await status.next()).toEqual({ files: ['pages/api/status.preview.yaml'] });
      expect(JSON.parse((await get(`${server.url}/~lxp/pages/api/status`)).body)).toEqual({ ok: false });
    } finally {
      home.close();
      status.close();
    }
  });

  it('shows a Handlebars error with file, file line and message; recovers once fixed', async () => {
    await write(dir, 'pages/broken.hbs', '---\nlayout: main\n---\nfine\n{{#if x}}\nnever closed\n');
    await server.reload(['pages/broken.hbs']);
    const res = await get(`${server.url}/~lxp/pages/broken`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('id="lxp-error-overlay"');
    expect(res.body).toMatch(/pages\/broken\.hbs:\d+/);
    expect(res.body).toContain('data-lxp-live'); // the overlay also re-renders on save
    await write(dir, 'pages/broken.hbs', '---\nlayout: main\n---\nfixed\n');
    await server.reload(['pages/broken.hbs']);
    expect((await get(`${server.url}/~lxp/pages/broken`)).body).toContain('fixed');
  });

  it('shows validation issues (e.g. unreadable front matter) in the overlay', async () => {
    await write(dir, 'pages/bad-yaml.hbs', '---\nlayout: [\n---\nbody\n');
    await server.reload(['pages/bad-yaml.hbs']);
    const res = await get(`${server.url}/~lxp/pages/bad-yaml`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('Validation issues');
    expect(res.body).toContain('pages/bad-yaml.hbs:2');
    await rm(path.join(dir, 'pages/bad-yaml.hbs'));
    await server.reload(['pages/bad-yaml.hbs']);
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await get(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/~lxp/pages/home`, { method: 'POST' })).status).toBe(405);
  });
});

describe('preview server watching the folder', () => {
  it('re-renders an open page when its component file is saved', async () => {
    const server = await openPreview({ dir, port: 0 });
    const home = await subscribe(server.url, 'home');
    try {
      await write(dir, 'components/nav.hbs', '<nav>nav v3</nav>');
      const event = (await home.next()) as { files: string[] };
      expect(event.files).toContain('components/nav.hbs');
      expect((await get(`${server.url}/~lxp/pages/home`)).body).toContain('nav v3');
    } finally {
      home.close();
    }
  });
});

describe('a page previewed alone gets experience.yaml\'s globals, as at its route (review 5)', () => {
  const startShared = useOpener(startPreview, 'file'); // closed after the describe's last test
  let own: string;
  let server: PreviewServer;
  beforeAll(async () => {
    own = await tempDir('lxp-preview-globals-');
    await write(own, 'experience.yaml', 'globals:\n  - key: siteName\n    value: Acme\n  - key: theme\n    value: { color: teal }\n');
    await write(own, 'pages/brand.hbs', '<p>{{globals.siteName}} {{globals.theme.color}}</p>\n');
    await write(own, 'pages/brand.preview.yaml', 'scenarios:\n  plain: {}\n  renamed:\n    globals: { siteName: Other }\n');
    server = await startShared({ dir: own, port: 0, watch: false });
  });

  it('renders them, and a scenario overrides one without losing the others', async () => {
    expect((await get(`${server.url}/~lxp/pages/brand`)).body).toContain('<p>Acme teal</p>');
    expect((await get(`${server.url}/~lxp/pages/brand?scenario=renamed`)).body).toContain('<p>Other teal</p>');
  });
});
