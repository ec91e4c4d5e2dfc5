// Review 5: ignoring a page in .lxpignore made an endpoint that replies with it invalid ("no page
// named … in this folder"), though the page is in the folder and on develop. An ignored view is
// left alone on both sides; an endpoint may name it as long as develop has it (checked by the
// deploy before any write, like any name the folder does not define).
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample } from './helpers.js';

const openWorld = useWorlds();

describe('an endpoint replying with a page .lxpignore leaves out', () => {
  it('is valid while develop has the page: status in sync, deploy writes nothing; a page develop lacks is refused before any write', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /about\n  reply: { page: about }\n');
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await appendFile(path.join(w.dir, '.lxpignore'), 'pages/about.hbs\n');

    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.outcome).toBe('in-sync');
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.json.changes.filter((c: { action: string }) => c.action !== 'skip')).toEqual([]);

    // A page develop does not have either: refused before any write, naming it.
    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- route: /about\n  reply: { page: about }\n- route: /x\n  reply: { page: nowhere }\n');
    await appendFile(path.join(w.dir, '.lxpignore'), 'pages/nowhere.hbs\n');
    const before = (await w.requests()).filter((r) => r.method !== 'GET').length;
    const refused = await lxp(w, 'deploy', { json: true });
    expect(refused.code).toBe(2);
    expect(JSON.stringify(refused.json.issues)).toMatch(/nowhere/);
    expect((await w.requests()).filter((r) => r.method !== 'GET').length).toBe(before);
  });
});
