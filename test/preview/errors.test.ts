// What the preview answers when something is wrong, over real loopback HTTP: an invalid file a
// page uses, a page name nobody has, and Handlebars errors whose message names the file line.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../src/preview/server.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

// One folder and one preview for the file: the preview closed, then the folder removed.
const tempDir = useTempRoots('file');
const openPreview = useOpener(startPreview, 'file');
let dir: string;
let server: PreviewServer;

beforeAll(async () => {
  dir = await tempDir('lxp-preview-errors-');
  await write(dir, 'layouts/main.hbs', '<html><body>{{page}}</body></html>\n');
  await write(dir, 'layouts/pageless.hbs', '<html><body>\n<header>only a header</header>\n</body></html>\n');
  await write(dir, 'pages/good.hbs', '---\nlayout: main\n---\n<p>good body</p>\n');
  await write(dir, 'pages/dropped.hbs', '---\nlayout: pageless\n---\n<p>dropped body</p>\n');
  await write(dir, 'components/card.hbs', '---\ndescripton: typo\n---\n<div>card</div>\n');
  await write(dir, 'pages/uses-card.hbs', '---\nlayout: main\n---\n{{component "card"}}\n');
  // Front matter takes lines 1-4; the unclosed block opens on file line 7 (body line 3).
  await write(dir, 'pages/helpers.hbs', '---\nlayout: main\ndescription: d\n---\nline one\nline two\n{{#if x}}\nnever closed\n');
  server = await openPreview({ dir, port: 0, watch: false });
});

describe('preview error answers', () => {
  it('renders a page whose files are valid', async () => {
    const res = await get(`${server.url}/~lxp/pages/good`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('good body');
  });

  it('shows the overlay when the layout a page uses has a validation issue (no {{page}})', async () => {
    const res = await get(`${server.url}/~lxp/pages/dropped`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('id="lxp-error-overlay"');
    expect(res.body).toContain('layouts/pageless.hbs');
    expect(res.body).toContain('exactly one {{page}}');
    expect(res.body).not.toContain('<header>only a header</header>'); // the layout's output is not served as if fine
    expect(res.body).toContain('data-lxp-live'); // re-renders once the layout is fixed
  });

  it('shows the overlay when a component the page renders has a validation issue', async () => {
    const res = await get(`${server.url}/~lxp/pages/uses-card`);
    expect(res.status).toBe(500);
    expect(res.body).toContain('components/card.hbs:2');
    expect(res.body).toContain('descripton');
  });

  it('goes back to the page once the layout is fixed', async () => {
    await write(dir, 'layouts/pageless.hbs', '<html><body>\n<header>only a header</header>{{page}}\n</body></html>\n');
    await server.reload(['layouts/pageless.hbs']);
    const res = await get(`${server.url}/~lxp/pages/dropped`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('dropped body');
    expect(res.body).not.toContain('lxp-error-overlay');
  });

  it('answers a page name nobody has with a 404 that says so and links to the index', async () => {
    const res = await get(`${server.url}/~lxp/pages/does-not-exist`);
    expect(res.status).toBe(404);
    expect(res.body).toContain('No page named <code>does-not-exist</code>');
    expect(res.body).toContain('href="/~lxp/"');
    expect(res.body).not.toContain('Fix the file and save');
  });

  it('gives the file line in the Handlebars message too, matching the header', async () => {
    const res = await get(`${server.url}/~lxp/pages/helpers`);
    expect(res.status).toBe(500);
    const header = /class="lxp-error-file"[^>]*>pages\/helpers\.hbs:(\d+)</.exec(res.body);
    expect(header).not.toBeNull();
    const message = /class="lxp-error-message"[^>]*>([\s\S]*?)<\/pre>/.exec(res.body)![1];
    const inMessage = [...message.matchAll(/on line (\d+)/g)].map((m) => m[1]);
    expect(inMessage.length).toBeGreaterThan(0);
    for (const n of inMessage) expect(n).toBe(header![1]);
    expect(Number(header![1])).toBeGreaterThan(4); // a file line, after the front matter
  });
});
