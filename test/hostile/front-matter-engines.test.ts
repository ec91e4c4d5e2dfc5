// `---js` / `---javascript` front matter (gray-matter would eval it) is refused with a located
// error by every command that reads the folder, and its code never runs.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/load.js';
import { startPreview } from '../../src/preview/server.js';
import { ensureBuilt, logLines, makeExperience, spawnLxp, startTestServer, type TestServer } from '../faults/helpers.js';
import { useOpener, useTempRoots } from '../harness/lifecycle.js';
import { besidesViewList } from '../harness/server.js';

// One root and one server for the file (the server stopped, then the root removed, after its last
// test); each test's preview closed after it.
const tempDir = useTempRoots('file');
const startServer = useOpener(startTestServer, 'file');
const openPreview = useOpener(startPreview);

let root: string;
let server: TestServer;
let log: string;
beforeAll(async () => {
  ensureBuilt();
  root = await tempDir('lxp-engines-');
  log = path.join(root, 'requests.log');
  server = await startServer({ logFile: log });
}, 180_000);

for (const engine of ['js', 'javascript']) {
  describe(`---${engine} front matter`, () => {
    it('is a located issue, never a view, and its code never runs (load, status, deploy, pull, preview)', async () => {
      const dir = await makeExperience(root, {}, { name: engine });
      const marker = path.join(root, `executed-${engine}`);
      const payload = `{ name: (function () { require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); return 'pwned'; })() }`;
      await mkdir(path.join(dir, 'pages'), { recursive: true });
      await writeFile(path.join(dir, 'pages', 'evil.hbs'), `---${engine}\n${payload}\n---\n<p>evil</p>\n`);
      await writeFile(path.join(dir, 'pages', 'fine.hbs'), '<p>fine</p>\n');

      const project = await loadProject(dir);
      expect(project.issues).toEqual([expect.objectContaining({ file: 'pages/evil.hbs', line: 1 })]);
      expect(project.views.map((v) => v.name)).not.toContain('pwned');

      const env = server.env(root);
      const before = (await logLines(log)).length;
      for (const args of [['status'], ['deploy'], ['deploy', '--json'], ['pull']]) {
        const r = await spawnLxp([...args, '--dir', dir], env, root).done;
        expect(r.code, args.join(' ')).toBe(2);
        if (args.includes('--json')) expect(JSON.parse(r.stdout).issues).toEqual([expect.objectContaining({ file: 'pages/evil.hbs', line: 1 })]);
        else expect(r.stderr).toContain('pages/evil.hbs:1');
      }
      // Refused before any request but the read of develop's views sent ahead (status, deploy).
      expect(besidesViewList((await logLines(log)).slice(before))).toEqual([]);

      const preview = await openPreview({ dir, port: 0, watch: false });
      const page = await fetch(`${preview.url}/~lxp/pages/fine`);
      expect(page.status).toBe(200);
      await fetch(`${preview.url}/~lxp/pages/evil`);
      await fetch(`${preview.url}/~lxp/`);
      await fetch(`${preview.url}/`);
      expect(existsSync(marker)).toBe(false);
    });
  });
}
