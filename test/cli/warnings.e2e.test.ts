// Warnings before deploy: unknown components and helpers are told by status and deploy (text and
// --json) without refusing; --strict and "strict": true in lxp.config.json make them errors (exit 2,
// nothing sent).
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, writeView, type World } from './helpers.js';
import { besidesViewList } from '../harness/server.js';

const openWorld = useWorlds();

const writesSince = async (w: World, since: number) => (await w.requests()).slice(since).filter((r) => r.method !== 'GET');

async function folderWithMistakes(w: World): Promise<void> {
  await writeSample(w.dir);
  await writeView(w.dir, 'components/footer.hbs', '<footer>f</footer>\n');
  // Line 4: a component no file defines; line 5: a helper Losant does not have; line 6: a name
  // built at run time (never warned about); line 7: a helper that exists.
  await writeView(
    w.dir,
    'pages/contact.hbs',
    '---\nlayout: main\n---\n{{component "footr"}}\n<p>{{nosuchhelper pageData.x}}</p>\n{{component (lower pageData.kind)}}\n{{upper "ok"}}\n',
  );
}

describe('template warnings', () => {
  it('status and deploy warn (file:line, name, did-you-mean) and still deploy; --json carries them', async () => {
    const world = await openWorld();
    await folderWithMistakes(world);

    const status = await lxp(world, 'status');
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('warning pages/contact.hbs:4 (body): no component named "footr" in this folder (did you mean "footer"?)');
    expect(status.stderr).toContain('warning pages/contact.hbs:5 (body): no helper named "nosuchhelper" in Losant');
    expect(status.stderr).toContain('2 warnings; --strict');
    expect(status.stderr).not.toMatch(/lower/);

    const json = await lxp(world, 'status', { json: true });
    expect(json.code).toBe(0);
    expect(json.json.warnings).toEqual([
      expect.objectContaining({ file: 'pages/contact.hbs', line: 4, rule: 'unknown-component', name: 'footr', suggestion: 'footer' }),
      expect.objectContaining({ file: 'pages/contact.hbs', line: 5, rule: 'unknown-helper', name: 'nosuchhelper' }),
    ]);

    const deployed = await lxp(world, 'deploy', { json: true });
    expect(deployed.code).toBe(0);
    expect(deployed.json.outcome).toBe('done');
    expect(deployed.json.warnings.map((w: { name: string }) => w.name)).toEqual(['footr', 'nosuchhelper']);
    expect((await world.remoteViews()).map((v) => v.name)).toContain('contact');

    const text = await lxp(world, 'deploy');
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('warning pages/contact.hbs:4');
    const quiet = await lxp(world, 'deploy', { quiet: true });
    expect(quiet.stderr).not.toContain('warning');
  });

  it('--strict makes them validation errors: exit 2, nothing written', async () => {
    const world = await openWorld();
    await folderWithMistakes(world);
    const before = (await world.requests()).length;
    const deployed = await lxp(world, 'deploy', { strict: true });
    expect(deployed.code).toBe(2);
    expect(deployed.stderr).toContain('error pages/contact.hbs:4 (body): no component named "footr"');
    expect(deployed.stderr).toContain('lxp: 2 problems in the folder; nothing was written\n');
    expect(besidesViewList((await world.requests()).slice(before))).toEqual([]);

    const status = await lxp(world, 'status', { strict: true, json: true });
    expect(status.code).toBe(2);
    expect(status.json).toMatchObject({ outcome: 'invalid', exitCode: 2, warnings: [] });
    expect(status.json.issues.map((i: { line: number }) => i.line)).toEqual([4, 5]);
  });

  it('"strict": true in lxp.config.json does the same; a folder without mistakes passes it', async () => {
    const world = await openWorld({ config: { strict: true } });
    await folderWithMistakes(world);
    const before = (await world.requests()).length;
    const refused = await lxp(world, 'deploy', { json: true });
    expect(refused.code).toBe(2);
    expect(await writesSince(world, before)).toEqual([]);

    await writeView(world.dir, 'pages/contact.hbs', '---\nlayout: main\n---\n{{component "footer"}}\n{{component (lower pageData.kind)}}\n');
    const ok = await lxp(world, 'deploy', { json: true });
    expect(ok.code).toBe(0);
    expect(ok.json.warnings).toEqual([]);
  });
});
