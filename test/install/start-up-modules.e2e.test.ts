// What the built CLI loads at start-up besides its own code (docs/internals.md, "Start-up and
// memory of the CLI process"): write-file-atomic only when a run writes with it, ajv's runtime
// helpers and ajv-formats' formats from the bundle (not from node_modules by name), no
// node:child_process for commander, the yaml package only when something is parsed as YAML, and
// the experience files' checks and validators only when one of those files is checked.
// A status of a views-only folder with plain front matter that lxp has never written to writes
// nothing and parses no YAML, so it loads none of them; a deploy of a folder whose front matter
// needs the YAML parser still writes its state, with the mapping read right. Run as a child
// process, with a preload that notes, at exit, the files of node_modules and of the bundle and
// Node's own modules the process loaded.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSample } from '../cli/helpers.js';
import { writeViews } from '../harness/folder.js';
import { usePreloadedLxp } from './preloaded-lxp.js';

// At exit: every module file the process loaded, and Node's own modules.
const child = usePreloadedLxp('JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })');

async function lxp(args: string[]): Promise<{ status: number | null; stderr: string; files: string[]; builtins: string[]; yaml: boolean; fieldChecks: boolean }> {
  const { status, stderr, note } = await child.lxp(args);
  const { files, builtins } = JSON.parse(note) as { files: string[]; builtins: string[] };
  // The bundle's chunk that holds the yaml package, if one of the loaded chunks is it.
  const chunks = files.filter((f) => f.includes(`${path.sep}cli-bundle${path.sep}`)).map((f) => readFileSync(f, 'utf8'));
  const yaml = chunks.some((c) => c.includes('\n// node_modules/yaml/dist/index.js\n'));
  // The chunk of the experience files' field checks and generated validators.
  const fieldChecks = chunks.some((c) => c.includes('\n// dist/project/resources/field-checks.js\n'));
  return { status, stderr, files: files.filter((f) => f.includes('node_modules')), builtins, yaml, fieldChecks };
}

const inPackage = (files: string[], name: string) => files.filter((f) => f.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

describe('start-up of the built CLI', () => {
  it('a status that writes nothing loads neither write-file-atomic, ajv by name, node:child_process, yaml nor the checks of the experience files; a deploy that needs them has them', async () => {
    const world = child.world();
    await writeViews(world.dir, 3);
    const status = await lxp(['status']);
    expect(status.status, status.stderr).toBe(0);
    expect(inPackage(status.files, 'write-file-atomic')).toEqual([]);
    expect(inPackage(status.files, 'signal-exit')).toEqual([]);
    expect(inPackage(status.files, 'ajv')).toEqual([]);
    expect(inPackage(status.files, 'ajv-formats')).toEqual([]);
    expect(status.builtins).not.toContain('NativeModule child_process');
    expect(status.yaml).toBe(false);
    expect(status.fieldChecks).toBe(false);

    await writeSample(world.dir); // pages/home.hbs: `tags: { area: public }`, for the YAML parser
    const deploy = await lxp(['deploy']);
    expect(deploy.status, deploy.stderr).toBe(0);
    expect(inPackage(deploy.files, 'write-file-atomic').length).toBeGreaterThan(0);
    expect(deploy.yaml).toBe(true);
    const state = JSON.parse(await readFile(path.join(world.dir, '.lxp', 'state.json'), 'utf8'));
    expect(JSON.stringify(state)).toContain(world.server.applicationId);
    const views = (await world.server.losant.experienceViews.get({ applicationId: world.server.applicationId, perPage: 1000 })).items as { name: string; viewTags?: Record<string, string> }[];
    expect(views.find((v) => v.name === 'home')?.viewTags).toMatchObject({ area: 'public' });
  });
});
