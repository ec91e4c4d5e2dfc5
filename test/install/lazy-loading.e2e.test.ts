// The built CLI (its bundle, dist/cli-bundle/) loads the experience files' readers, validators
// and writers, the folder reader and the sync pipeline only when a run needs them (docs/internals.md,
// "Start-up and memory of the CLI process"). A run that ends at the no-op check in a views-only
// folder loads none of them; every later run that needs them must still find them: a folder
// that gains endpoints.yaml, one whose endpoints.yaml is wrong, a pull. Run as a child process,
// with a preload that notes which of the bundle's modules the process loaded.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSample } from '../cli/helpers.js';
import { usePreloadedLxp } from './preloaded-lxp.js';

// At exit: the bundle's files the process loaded, one a line.
const child = usePreloadedLxp("Object.keys(require.cache).filter((f) => f.includes('cli-bundle')).join('\\n')");

/** The built binary, and the lxp modules (dist/… paths) its bundle's loaded chunks hold. */
async function lxp(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; json: any; modules: Set<string> }> {
  const r = await child.lxp(args);
  const modules = new Set<string>();
  for (const chunk of r.note.split('\n').filter(Boolean)) {
    for (const m of readFileSync(chunk, 'utf8').matchAll(/^\/\/ dist\/(\S+)$/gm)) modules.add(m[1]);
  }
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json, modules };
}

const settle = () => new Promise((r) => setTimeout(r, 2200)); // the no-op check's racy window, not a timed assertion
const HEAVY = ['project/resources/generated/endpoints.validate.js', 'project/resources/read-endpoints.js', 'project/resources/write-files.js', 'project/yaml-edit.js', 'sync/run.js', 'project/parse-cache-file.js'];

describe('lazy loading in the built CLI', () => {
  it('a views-only no-op check loads no experience-file or pipeline module; later runs load what they need', async () => {
    const world = child.world();
    await writeSample(world.dir);
    const first = await lxp(['deploy', '--json']);
    expect(first.status, first.stderr + first.stdout).toBe(0);
    for (const m of HEAVY.filter((m) => m.startsWith('sync/') || m.startsWith('project/parse'))) expect(first.modules, m).toContain(m);
    await settle();
    const noting = await lxp(['status', '--json']);
    expect(noting.status, noting.stderr).toBe(0);

    // The record doctored: a run that ended at the check reports its count.
    const record = path.join(world.dir, '.lxp', 'cache', 'noop.json');
    await writeFile(record, JSON.stringify({ ...JSON.parse(await readFile(record, 'utf8')), inSync: 4242 }));
    const checked = await lxp(['deploy', '--json']);
    expect(checked.status, checked.stderr).toBe(0);
    expect(JSON.stringify(checked.json)).toContain('4242');
    for (const m of HEAVY) expect(checked.modules, m).not.toContain(m);
    expect(checked.modules).not.toContain('project/resources/generated/experience.validate.js');
    expect(checked.modules).not.toContain('project/resources/generated/groups.validate.js');

    // endpoints.yaml appears: read, validated and deployed by the modules the check did not load.
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '- route: /about\n  reply: { page: about }\n');
    const withEndpoints = await lxp(['deploy', '--json']);
    expect(withEndpoints.status, withEndpoints.stderr).toBe(0);
    expect(withEndpoints.modules).toContain('project/resources/generated/endpoints.validate.js');
    const endpoints = await world.losant.experienceEndpoints.get({ applicationId: world.server.applicationId });
    expect(endpoints.items.map((e: { route: string }) => e.route)).toContain('/about');

    // A wrong endpoints.yaml is refused by the lazily loaded validator, naming the file.
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '- route: /about\n  reply: { page: about }\n  acces: public\n');
    const wrong = await lxp(['deploy']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/endpoints\.yaml/);
    expect(wrong.stderr).toMatch(/acces/);

    // A pull writes develop's change into endpoints.yaml in place, comment kept (the writers, yaml-edit).
    await writeFile(path.join(world.dir, 'endpoints.yaml'), '# ours\n- route: /about\n  reply: { page: about }\n');
    const about = endpoints.items.find((e: { route: string }) => e.route === '/about');
    await world.losant.experienceEndpoint.patch({ applicationId: world.server.applicationId, experienceEndpointId: about.id, experienceEndpoint: { description: 'from the UI' } });
    const pulled = await lxp(['pull', '--json']);
    expect(pulled.status, pulled.stderr + pulled.stdout).toBe(0);
    expect(pulled.modules).toContain('project/yaml-edit.js');
    const text = await readFile(path.join(world.dir, 'endpoints.yaml'), 'utf8');
    expect(text).toMatch(/^# ours\n/);
    expect(text).toMatch(/description: from the UI/);
  });
});
