// A state save that cannot happen (read-only .lxp/): a clear error naming the file, a truthful
// exit code, the old state.json byte for byte, no temp file left; once writable, a re-run
// finishes. (write-file-atomic writes a temp file and renames it, so a full disk fails the same
// way: the temp write fails, the old file stays.) As root, permissions do not stop writes, so
// the command then runs as the unprivileged user "nobody".
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeExperience, expectConverged, spawnLxp, useScratch, writeViews } from './helpers.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

const scratch = useScratch();

/** Makes every folder readable and enterable by others (mkdtemp makes 0700). */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await openUp(path.join(dir, e.name));
}

describe('read-only .lxp/ while saving state', () => {
  it.skipIf(process.platform === 'win32')('deploy: clear error, exit 2, the old state file kept whole, nothing half-written', async () => {
    const root = await scratch.root();
    // .lxp/ writable again before the root goes (it is made read-only below).
    scratch.defer(() => chmod(path.join(root, 'site', '.lxp'), 0o755).catch(() => undefined));
    const dir = await makeExperience(root);
    await writeViews(dir, 20);
    const server = await scratch.startServer();
    const env = server.env(root);
    expect((await spawnLxp(['deploy', '--dir', dir], env, root).done).code).toBe(0);

    const stateFile = path.join(dir, '.lxp', 'state.json');
    const before = await readFile(stateFile, 'utf8');
    await writeFile(path.join(dir, 'pages', 'p003.hbs'), '---\nlayout: main\n---\n<p>edited</p>\n');
    if (asRoot) await openUp(root);
    await chmod(path.join(dir, '.lxp'), 0o555);

    const r = await spawnLxp(['deploy', '--dir', dir], env, root, asRoot ? { uid: NOBODY, gid: NOBODY } : {}).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(stateFile);
    expect(r.stderr).toMatch(/cannot save/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(await readFile(stateFile, 'utf8')).toBe(before);
    expect(await readdir(path.join(dir, '.lxp'))).toEqual(['state.json']);

    await chmod(path.join(dir, '.lxp'), 0o755);
    const again = await spawnLxp(['deploy', '--dir', dir, '--json'], env, root).done;
    expect(again.code).toBe(0);
    await expectConverged(dir, server.url);
  });
});
