// A folder made by `lxp init` (the templates) pointed at an application whose develop already has
// views of the same names: the folder has no sync record of them, so nothing says which side is
// newer and the folder is the truth (docs/commands.md, "never synced") — its first deploy replaces
// develop's. Nothing of develop's is replaced unannounced: status and the deploy plan say which of
// develop's fields each would replace, and so does every line of watch's start-up sync that did.
// develop is read with losant-rest, the second client.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLxp } from '../harness/cli.js';
import { useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

/** develop with a `main` layout, a `home` page and a `header` component made in the UI; an initialised template folder next to it. */
async function setUp(): Promise<{ w: World; site: string; run: (args: string[], extra?: object) => ReturnType<typeof runLxp>; bodies: () => Promise<Record<string, string | undefined>> }> {
  const w = await openWorld({ files: {} });
  const applicationId = w.server.applicationId;
  const layout = (await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'main', viewType: 'layout', body: '<div>{{page}} mine</div>' } })) as { id: string };
  await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'home', viewType: 'page', body: '<p>my home</p>', layoutId: layout.id } });
  await w.losant.experienceViews.post({ applicationId, experienceView: { name: 'header', viewType: 'component', body: '<h1>my header</h1>' } });
  const site = path.join(w.root, 'fresh');
  const run = (args: string[], extra: object = {}) => runLxp(args, { cwd: w.root, env: w.env, ...extra });
  expect((await run(['init', site])).code).toBe(0);
  const bodies = async () => Object.fromEntries((await w.remoteViews()).map((v) => [v.name, v.body]));
  return { w, site, run, bodies };
}

const MINE = { main: '<div>{{page}} mine</div>', home: '<p>my home</p>', header: '<h1>my header</h1>' };

describe('a template folder deployed to a develop that has views of the same names', () => {
  it('status and the deploy plan name what of develop each update replaces; a dry run writes nothing', async () => {
    const { w, site, run, bodies } = await setUp();
    const status = await run(['status', '--dir', site]);
    expect(status.stdout).toMatch(/never synced +layout +"main" +layouts\/main\.hbs +\(no sync record with this target: deploy replaces develop's description, body with the folder's; pull --force takes develop's\)/);
    expect(status.stdout).toMatch(/never synced +page +"home" +pages\/home\.hbs +\(no sync record with this target: deploy replaces develop's description, body with the folder's; pull --force takes develop's\)/);
    expect(status.stdout).toMatch(/never synced +component +"header" +components\/header\.hbs +\(no sync record with this target: deploy replaces develop's body with the folder's; pull --force takes develop's\)/);

    const before = (await w.requests()).length;
    const dry = await run(['deploy', '--dry-run', '--dir', site]);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.stdout).toMatch(/~ update +page +"home" +\(pages\/home\.hbs: never synced with this target: replaces develop's description, body with the folder's\)/);
    expect(dry.stdout).toMatch(/~ update +component +"header" +\(components\/header\.hbs: never synced with this target: replaces develop's body with the folder's\)/);
    expect((await w.requests()).slice(before).filter((l) => l.method !== 'GET')).toEqual([]);
    expect(await bodies()).toEqual(MINE);
  });

  it("watch's start-up sync says on each line that replaced develop's view what it replaced", async () => {
    const { site, run, bodies } = await setUp();
    let stop!: () => void;
    const stopSignal = new Promise<void>((resolve) => (stop = resolve));
    const watch = await run(['watch', '--dir', site], { stopSignal, onOutput: (o: string) => /watching /.test(o) && stop() });
    expect(watch.code, watch.output).toBe(0);
    expect(watch.stdout).toMatch(/updated layout "main" layouts\/main\.hbs in \d+ ms \(never synced with this target: replaced develop's description, body with the folder's\)\n/);
    expect(watch.stdout).toMatch(/updated page "home" pages\/home\.hbs in \d+ ms \(never synced with this target: replaced develop's description, body with the folder's\)\n/);
    expect(watch.stdout).toMatch(/updated component "header" components\/header\.hbs in \d+ ms \(never synced with this target: replaced develop's body with the folder's\)\n/);
    // A view develop did not have is only created: nothing of develop's replaced.
    expect(watch.stdout).toMatch(/created component "footer" components\/footer\.hbs in \d+ ms\n/);
    const after = await bodies();
    for (const name of Object.keys(MINE)) expect(after[name]).not.toBe(MINE[name as keyof typeof MINE]);

    // Once synced, a later push is an ordinary update: the line says nothing more.
    const json = await run(['status', '--dir', site, '--json']);
    expect(json.json.changes.filter((c: { neverSynced?: boolean }) => c.neverSynced)).toEqual([]);
  });
});
