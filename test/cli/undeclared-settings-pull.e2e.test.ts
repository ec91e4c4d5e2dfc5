// Review 6 L4: an experience.yaml that declares no setting leaves develop's settings alone —
// status and deploy do not cover them — but a whole pull reported the settings an earlier pull had
// written as "deleted locally: not restored", refused the whole pull as a conflict once develop's
// settings changed, and restore listed them among the local edits kept. Pull now agrees with
// status; --force still takes develop's.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, lxpIn, useWorlds, MAIN_AND_HOME, type World } from './helpers.js';

const openWorld = useWorlds();

const NO_SETTINGS = '# Develop\'s settings are left to develop (none declared here).\n';
/** A folder whose experience.yaml declared settings, deployed. */
async function deployedWithSettings(): Promise<World> {
  const w = await openWorld({ files: { ...MAIN_AND_HOME, 'experience.yaml': 'globals:\n  - key: color\n    value: blue\n' } });
  expect((await lxp(w, 'deploy')).code).toBe(0);
  return w;
}
const settingsChanges = (run: { json: any }) => (run.json.changes as { resource: string }[]).filter((c) => c.resource === 'settings');

describe('experience.yaml without settings, after a pull wrote them', () => {
  it('pull neither reports develop\'s settings nor refuses when develop changed them; restore keeps no such edit; --force takes them', async () => {
    const w = await deployedWithSettings();
    const file = path.join(w.dir, 'experience.yaml');
    await writeFile(file, NO_SETTINGS); // the settings taken out of the file again (git checkout)

    const status = await lxp(w, 'status', { json: true });
    expect(status.json.outcome).toBe('in-sync');
    const pull = await lxp(w, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(0);
    expect(settingsChanges(pull)).toEqual([]);
    const text = await lxp(w, 'pull');
    expect(text.code).toBe(0);
    expect(text.output).not.toMatch(/settings|deleted locally/);

    // A teammate changes develop's globals: still nothing to say, and no conflict.
    const applicationId = w.server.applicationId;
    await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { globals: [{ key: 'color', json: '"red"' }] } });
    const again = await lxp(w, 'pull', { json: true });
    expect(again.code, again.stderr).toBe(0);
    expect(settingsChanges(again)).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(NO_SETTINGS);

    // restore: no local edit kept for the settings.
    await w.losant.experienceVersions.post({ applicationId, experienceVersion: { version: 'v1' } });
    const restore = await lxpIn(w, ['restore', 'v1', '--dry-run', '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.json.kept).toEqual([]);

    // --force takes develop's side, as for any resource.
    const forced = await lxp(w, 'pull', { json: true, force: true });
    expect(forced.code, forced.stderr).toBe(0);
    expect(settingsChanges(forced).map((c: any) => c.action)).toEqual(['write']);
    expect(await readFile(file, 'utf8')).toMatch(/value: red/);
  });

  // Review 8b L13: experience.yaml's template says "To take develop's settings into this file, run
  // `lxp pull experience.yaml`"; once settings had been in the file, that pull was refused as a
  // conflict ("changed on both sides") when develop's had changed, and skipped them otherwise.
  it('`lxp pull experience.yaml` takes develop\'s settings into the file, whether or not develop changed them since', async () => {
    const w = await deployedWithSettings();
    const file = path.join(w.dir, 'experience.yaml');
    await writeFile(file, NO_SETTINGS);

    // develop unchanged since the last sync: the narrowed pull writes them back.
    const same = await lxp(w, 'pull', { json: true }, ['experience.yaml']);
    expect(same.code, same.stderr).toBe(0);
    expect(settingsChanges(same)).toMatchObject([{ kind: 'new-remote', action: 'write' }]);
    expect(await readFile(file, 'utf8')).toBe(`${NO_SETTINGS}globals:\n  - key: color\n    value: blue\n`);

    // Taken out again while a teammate changes develop's globals: no conflict, develop's are written.
    await writeFile(file, NO_SETTINGS);
    await w.losant.experienceVersion.patch({ applicationId: w.server.applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { globals: [{ key: 'color', json: '"red"' }] } });
    const changed = await lxp(w, 'pull', {}, ['experience.yaml']);
    expect(changed.code, changed.output).toBe(0);
    expect(changed.output).not.toMatch(/conflict|changed on both sides/);
    expect(await readFile(file, 'utf8')).toMatch(/^# Develop's settings[^\n]*\n[\s\S]*value: red\n$/);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
