// Review 11 R20: `lxp release --json` failure envelopes lacked `version` and `dryRun`, which
// docs/releases.md promises "on failure … as on success" — for an invalid folder, a refused
// version name, a refused token. Each envelope now has both (version null only when none was named).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { useWorlds, writeSample } from './helpers.js';

const openWorld = useWorlds();

describe('release --json failure envelopes', () => {
  it('name the version and whether it was a dry run: invalid folder, refused name, refused token, no name', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const release = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const r = await runLxp(['release', ...args, '--json', '--dir', w.dir], { cwd: w.root, env: { ...w.env, ...env } });
      return { code: r.code, json: r.json as { version?: unknown; dryRun?: unknown; error: { code: string } } };
    };

    const name = await release(['develop']);
    expect([name.code, name.json.error.code, name.json.version, name.json.dryRun]).toEqual([2, 'usage', 'develop', false]);

    const token = await release(['v8'], { LOSANT_API_TOKEN: 'bad12345678' });
    expect([token.code, token.json.error.code, token.json.version, token.json.dryRun]).toEqual([2, 'token-refused', 'v8', false]);

    const none = await release(['--dry-run']);
    expect([none.code, none.json.error.code, none.json.version, none.json.dryRun]).toEqual([2, 'usage', null, true]);

    await writeFile(path.join(w.dir, 'endpoints.yaml'), '- method: get\n');
    const folder = await release(['v7', '--dry-run']);
    expect([folder.code, folder.json.error.code, folder.json.version, folder.json.dryRun]).toEqual([2, 'invalid-folder', 'v7', true]);
  });
});
