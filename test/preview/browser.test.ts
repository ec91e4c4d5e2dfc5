// The preview in a real browser (Debian's chromium driven by playwright-core): open a page,
// save its file, see the new content without a reload; break the file, see the overlay.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPreview } from '../../src/preview/server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.warn(`preview browser test skipped: no browser at ${CHROMIUM} (apt-get install -y chromium)`);

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

describe('preview in a browser', () => {
  it.skipIf(!hasBrowser)(`live reload and the error overlay (${hasBrowser ? CHROMIUM : `skipped: no browser at ${CHROMIUM}`})`, async () => {
    const { chromium } = await import('playwright-core');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lxp-browser-'));
    await write(dir, 'layouts/main.hbs', '<!doctype html><html><head><title>{{section "title"}}</title></head><body>{{page}}</body></html>');
    await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n{{#fillSection "title"}}Live{{/fillSection}}<h1>version one</h1>\n');
    const server = await startPreview({ dir, port: 0 });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/pages/live`);
      expect(await page.textContent('h1')).toBe('version one');
      expect(await page.title()).toBe('Live');
      await page.waitForFunction(() => (window as unknown as { __lxpLiveOpen?: boolean }).__lxpLiveOpen === true);
      // A marker that a full page load would wipe out.
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

      await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n{{#fillSection "title"}}Live 2{{/fillSection}}<h1>version two</h1>\n');
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'version two');
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
      expect(await page.title()).toBe('Live 2');

      await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n<h1>{{#each pageData.items}}</h1>\n');
      const overlay = page.locator('#lxp-error-overlay');
      await overlay.waitFor({ state: 'visible' });
      expect(await overlay.locator('.lxp-error-file').textContent()).toMatch(/^pages\/live\.hbs:\d+$/);
      expect(await overlay.locator('.lxp-error-message').textContent()).toMatch(/Parse error|doesn't match/);

      await write(dir, 'pages/live.hbs', '---\nlayout: main\n---\n<h1>version three</h1>\n');
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'version three');
      expect(await overlay.count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
