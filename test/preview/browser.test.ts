// The preview and `lxp dev` in a real browser (Debian's chromium driven by playwright-core):
// open a page, save its file, see the new content without a reload; break the file, see the
// overlay; in lxp dev, sign in, follow the example's links from route to route and see a routed
// page re-render after an edit of its reply file and of its layout.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startPreview } from '../../src/preview/server.js';
import { runLxp } from '../harness/cli.js';
import { useCleanups, useOpener, useTempRoots } from '../harness/lifecycle.js';

const EXAMPLE = fileURLToPath(new URL('../../example-experience', import.meta.url));

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.warn(`preview browser test skipped: no browser at ${CHROMIUM} (apt-get install -y chromium)`);

// After each test: the browser closed (registered last, so first), the preview, then the folder.
const tempDir = useTempRoots();
const openPreview = useOpener(startPreview);
const defer = useCleanups();

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

describe('preview in a browser', () => {
  it.skipIf(!hasBrowser)(`live reload and the error overlay (${hasBrowser ? CHROMIUM : `skipped: no browser at ${CHROMIUM}`})`, async () => {
    const { chromium } = await import('playwright-core');
    const dir = await tempDir('lxp-browser-');
    await write(dir, 'layouts/main.hbs', '<!doctype html><html><head><title>{{section "title"}}</title></head><body>{{page}}</body></html>');
    await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n{{#fillSection "title"}}Live{{/fillSection}}<h1>version one</h1>\n');
    const server = await openPreview({ dir, port: 0 });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    defer(() => browser.close());
    const page = await browser.newPage();
    await page.goto(`${server.url}/~lxp/pages/live`);
    expect(await page.textContent('h1')).toBe('version one');
    expect(await page.title()).toBe('Live');
    await page.waitForFunction(() => (globalThis as unknown as { __lxpLiveOpen?: boolean }).__lxpLiveOpen === true);
    // A marker that a full page load would wipe out.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));

    await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n{{#fillSection "title"}}Live 2{{/fillSection}}<h1>version two</h1>\n');
    await page.locator('h1', { hasText: /^version two$/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.title()).toBe('Live 2');

    await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n<h1>{{#each pageData.items}}</h1>\n');
    const overlay = page.locator('#lxp-error-overlay');
    await overlay.waitFor({ state: 'visible' });
    expect(await overlay.locator('.lxp-error-file').textContent()).toMatch(/^pages\/live\.hbs:\d+$/);
    expect(await overlay.locator('.lxp-error-message').textContent()).toMatch(/Parse error|doesn't match/);

    await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n<h1>version three</h1>\n');
    await page.locator('h1', { hasText: /^version three$/ }).waitFor();
    expect(await overlay.count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
  });
});

describe('lxp dev in a browser', () => {
  it.skipIf(!hasBrowser)('follows a link from one route to another and live-reloads a routed page after an edit', async () => {
    const { chromium } = await import('playwright-core');
    const root = await tempDir('lxp-browser-dev-');
    const dir = path.join(root, 'example');
    await cp(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.lxp`) });
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let output = '';
    let seen: () => void = () => {};
    const running = runLxp(['dev', '--dir', dir, '--port', '0'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: root, NO_COLOR: '1' },
      stopSignal,
      onOutput: (o) => {
        output = o;
        seen();
      },
    });
    const waitFor = async (re: RegExp) => {
      while (!re.test(output)) await new Promise<void>((r) => (seen = r));
      return re.exec(output)!;
    };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const [, url] = await waitFor(/^Experience: (http:\/\/127\.0\.0\.1:\d+)\/$/m);
      await waitFor(/watching /);
      // One experience user on the local server (through its API, with the token file lxp dev writes).
      const [, api, appId] = await waitFor(/Local API: (http:\/\/127\.0\.0\.1:\d+) \(application ([0-9a-f]{24})/);
      const token = (await readFile(path.join(dir, '.lxp/local-token'), 'utf8')).trim();
      const created = await fetch(`${api}/applications/${appId}/experience/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'otto@example.com', password: 'a-long-password', firstName: 'Otto' }),
      });
      expect(created.status).toBe(201);

      const page = await browser.newPage();
      // Anonymous: the example's /devices sends to /login; its form leads to lxp's development sign-in.
      await page.goto(`${url}/devices`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await page.fill('input[name=email]', 'otto@example.com');
      await page.fill('input[name=password]', 'anything');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/~lxp\/sign-in\?next=%2Fdevices$/);
      await page.click('tr[data-email="otto@example.com"] button');
      await page.waitForURL(`${url}/devices`);
      expect(await page.textContent('h1')).toBe('Devices');

      // A link from one route to another: the device card → /devices/{id}.
      await page.click('a[href="/devices/5f0a1b2c3d4e5f6a7b8c9d11"]');
      await page.waitForURL(`${url}/devices/5f0a1b2c3d4e5f6a7b8c9d11`);
      expect(await page.textContent('h1')).toBe('Sensor 5f0a1b2c3d4e5f6a7b8c9d11');
      await page.waitForFunction(() => (globalThis as unknown as { __lxpLiveOpen?: boolean }).__lxpLiveOpen === true);
      await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));

      // Edit the reply file standing in for its workflow: the open page re-renders in place.
      const reply = path.join(dir, 'replies/getDevicesId.yaml');
      await writeFile(reply, (await readFile(reply, 'utf8')).replace('name: "Sensor {{request.params.id}}"', 'name: "Pump {{request.params.id}}"'));
      await page.locator('h1', { hasText: /^Pump 5f0a1b2c3d4e5f6a7b8c9d11$/ }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);

      // And the layout, which it shares with every page.
      const layout = path.join(dir, 'layouts/main.hbs');
      await writeFile(layout, (await readFile(layout, 'utf8')).replace('<main>', '<main data-edited="yes">'));
      await page.waitForSelector('main[data-edited="yes"]');
      expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);
    } finally {
      await browser.close();
      stop();
      expect((await running).code).toBe(0);
    }
  });
});
