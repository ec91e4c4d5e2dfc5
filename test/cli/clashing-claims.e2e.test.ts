// Two claims on one thing that only meet once a run is applied (review 9, H1 and M3), refused as
// review 7's H1 refuses a group renamed in Losant onto a new entry's name (rename-collision):
//
// - H1: a teammate makes an endpoint in Losant whose route Losant sees as the route of an entry
//   the folder added and has not deployed (`/conf2/{x}` against `/conf2/{y}`). Status showed no
//   conflict, and pull wrote develop's next to the folder's, exited 0 and warned that develop held
//   what lxp refuses (untrue), leaving a folder status and deploy refuse.
// - M3: a teammate renames a view in Losant onto the name of a view file the folder added and has
//   not deployed. Status showed no conflict, pull left two files naming the page (and rewrote
//   endpoints.yaml to the new name), deploy failed half way with a 400 and "Run the command
//   again to finish", which never comes true.
//
// Each is now a conflict naming both in status, pull and deploy (exit 3), nothing written.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, snapshot, useWorlds, writeView, writesSince, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const ENDPOINTS = `- route: /
  reply: { page: home }
`;

async function inSync(w: World): Promise<void> {
  await writeExperience(w.dir, { endpoints: ENDPOINTS, experience: '' });
  const deployed = await lxp(w, 'deploy');
  expect(deployed.code, deployed.stderr).toBe(0);
}

type Change = { action: string; resource: string; name: string; reason?: string; collision?: boolean; line?: number };
const conflictsOf = (r: { json: { changes: Change[] } }) => r.json.changes.filter((c) => c.action === 'conflict');

describe('an endpoint made in Losant on a route Losant sees as the route of a new entry (review 9, H1)', () => {
  it('status shows the conflict, pull and deploy refuse (exit 3) saying whose each is, nothing written; comments kept; a changed route lets the pull through', async () => {
    const world = await openWorld();
    await inSync(world);
    const file = path.join(world.dir, 'endpoints.yaml');
    const mine = `${ENDPOINTS}\n# my new endpoint, with a comment\n- route: /conf2/{y}\n  reply: { page: home }\n`;
    await writeFile(file, mine);
    const theirs = (
      await world.losant.experienceEndpoints.post({
        applicationId: world.server.applicationId,
        experienceEndpoint: { route: '/conf2/{x}', method: 'get', access: 'public', enabled: true },
      })
    ).id as string;
    const before = (await world.requests()).length;
    const folder = await snapshot(world.dir);

    const status = await lxp(world, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    const deployReason =
      `develop would have two endpoints whose routes Losant sees as one (GET /conf2/{y} and GET /conf2/{x}; it keeps one endpoint per route) after this deploy: ` +
      `the entry at endpoints.yaml:5 (GET /conf2/{y}), not deployed yet, and develop's "GET /conf2/{x}" (id ${theirs}). Change the route of one of them (in endpoints.yaml or in Losant), or delete one, then run again`;
    // One clash, one conflict: develop's, which a deploy leaves alone, is named by the entry's (review 11 R22).
    expect(conflictsOf(status).map((c) => [c.name, c.collision])).toEqual([['GET /conf2/{y}', true]]);
    expect(conflictsOf(status).find((c) => c.name === 'GET /conf2/{y}')!.reason).toBe(deployReason);
    const statusText = await lxp(world, 'status');
    expect(statusText.stdout).toMatch(/conflict +endpoint +"GET \/conf2\/\{y\}"/);
    expect(statusText.stdout).toContain(deployReason);

    for (const force of [false, true]) {
      const pull = await lxp(world, 'pull', { json: true, force });
      expect(pull.code, pull.stderr).toBe(3);
      expect(pull.json.error.message).toBe('2 conflicts: nothing was written (resources that would share a name (endpoints: a route) need one renamed first)');
      expect(conflictsOf(pull).find((c) => c.name === 'GET /conf2/{y}')!.reason).toBe(
        `endpoints.yaml would hold two endpoints whose routes Losant sees as one (GET /conf2/{y} and GET /conf2/{x}; it keeps one endpoint per route) after this pull: ` +
          `the entry at endpoints.yaml:5 (GET /conf2/{y}), not deployed yet, and develop's "GET /conf2/{x}" (id ${theirs}). Change the route of one of them (in endpoints.yaml or in Losant), or delete one, then run again`,
      );
      // No warning that develop holds what lxp refuses: it does not.
      expect(JSON.stringify(pull.json)).not.toContain('refuses');
    }
    const pullText = await lxp(world, 'pull');
    expect(pullText.code).toBe(3);
    expect(pullText.stderr).not.toMatch(/develop's endpoint GET \/conf2\/\{y\}|Develop holds what lxp refuses|Pulled/);

    const deploy = await lxp(world, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(conflictsOf(deploy).find((c) => c.name === 'GET /conf2/{y}')!.reason).toBe(deployReason);
    expect(await snapshot(world.dir)).toEqual(folder);
    expect(await readFile(file, 'utf8')).toBe(mine);
    expect(await writesSince(world, before)).toEqual([]);

    // My route changed: the pull writes the teammate's endpoint and keeps mine, comment and all.
    await writeFile(file, mine.replace('/conf2/{y}', '/conf3/{y}'));
    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    const after = await readFile(file, 'utf8');
    expect(after).toContain('# my new endpoint, with a comment\n- route: /conf3/{y}\n');
    expect(after).toContain('/conf2/{x}');
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(1); // mine, new locally
  });
});

describe('an endpoint of the folder moved in Losant onto the route of a new entry (review 9b, F10)', () => {
  it("names develop's endpoint at its new route, not the folder's entry at its old one", async () => {
    const world = await openWorld();
    const file = path.join(world.dir, 'endpoints.yaml');
    await writeExperience(world.dir, { endpoints: `${ENDPOINTS}- route: /a\n  reply: { page: home }\n  key: ka\n`, experience: '' });
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const app = { applicationId: world.server.applicationId };
    const ka = ((await world.losant.experienceEndpoints.get(app)).items as Array<{ id: string; route: string }>).find((e) => e.route === '/a')!.id;
    const mine = `${ENDPOINTS}- route: /a\n  reply: { page: home }\n  key: ka\n- route: /mv/{s}\n  reply: { page: home }\n`;
    await writeFile(file, mine);
    await world.losant.experienceEndpoint.patch({ ...app, experienceEndpointId: ka, experienceEndpoint: { route: '/mv/{t}' } });
    const theirs = `develop's "ka" (id ${ka}), moved to GET /mv/{t} in Losant`;
    const pull = await lxp(world, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(3);
    expect(conflictsOf(pull).find((c) => c.name === 'GET /mv/{s}')!.reason).toBe(
      `endpoints.yaml would hold two endpoints whose routes Losant sees as one (GET /mv/{s} and GET /mv/{t}; it keeps one endpoint per route) after this pull: ` +
        `the entry at endpoints.yaml:6 (GET /mv/{s}), not deployed yet, and ${theirs}. Change the route of one of them (in endpoints.yaml or in Losant), or delete one, then run again`,
    );
    expect(conflictsOf(pull).find((c) => c.name === 'ka')!.reason).toContain(`after this pull: ${theirs}, and the entry at endpoints.yaml:6 (GET /mv/{s}), not deployed yet.`);
    expect(JSON.stringify(pull.json)).not.toContain('(GET /a)');
    const deploy = await lxp(world, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(conflictsOf(deploy).find((c) => c.name === 'GET /mv/{s}')!.reason).toContain(`not deployed yet, and ${theirs}. Change the route`);
    expect(await readFile(file, 'utf8')).toBe(mine);
  });
});

describe('a view renamed in Losant onto the name of a new view file (review 9, M3)', () => {
  const renameView = async (w: World, from: string, to: string) => {
    const view = (await w.remoteViews()).find((v) => v.name === from)!;
    await w.losant.experienceView.patch({ applicationId: w.server.applicationId, experienceViewId: view.id, experienceView: { name: to } });
    return view.id;
  };

  it('status shows the conflict; pull refuses before writing (no file, no endpoints.yaml rewrite); deploy refuses with a conflict, not a 400 and "run again"', async () => {
    const world = await openWorld();
    await inSync(world);
    await writeView(world.dir, 'pages/report.hbs', '---\nlayout: main\n---\n<p>my new report page, hours of work</p>\n');
    const home = await renameView(world, 'home', 'report');
    const before = (await world.requests()).length;
    const folder = await snapshot(world.dir);

    const reason = (where: string, direction: string) =>
      `${where} two pages "report" after this ${direction}: develop's page "home" (id ${home}, the file pages/home.hbs), renamed "report" in Losant, and the file pages/report.hbs, not deployed yet. Rename one of them (the file, or the view in Losant), then run again`;
    const status = await lxp(world, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(conflictsOf(status).map((c) => [c.resource, c.name, c.collision])).toEqual([
      ['view', 'home', true],
      ['view', 'report', true],
    ]);
    expect((await lxp(world, 'status')).stdout).toContain(
      `develop would have two pages "report" after this deploy: the file pages/report.hbs, not deployed yet, and develop's page "home" (id ${home}, the file pages/home.hbs), renamed "report" in Losant.`,
    );

    const pull = await lxp(world, 'pull', { json: true });
    expect(pull.code, pull.stderr).toBe(3);
    expect(pull.json.error.message).toBe('2 conflicts: nothing was written (resources that would share a name need one renamed first)');
    expect(conflictsOf(pull).find((c) => c.name === 'report')!.reason).toBe(reason('the folder would hold', 'pull'));
    expect((await lxp(world, 'pull', { force: true })).code).toBe(3);

    const deploy = await lxp(world, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(3);
    expect(deploy.json.error.message).not.toMatch(/again to finish/);
    expect(conflictsOf(deploy).find((c) => c.name === 'report')!.reason).toBe(
      `develop would have two pages "report" after this deploy: the file pages/report.hbs, not deployed yet, and develop's page "home" (id ${home}, the file pages/home.hbs), renamed "report" in Losant. Rename one of them (the file, or the view in Losant), then run again`,
    );
    expect(await snapshot(world.dir)).toEqual(folder);
    expect(await writesSince(world, before)).toEqual([]);

    // My file renamed: the pull takes the teammate's rename (and endpoints.yaml follows it), mine is kept.
    await writeFile(path.join(world.dir, 'pages/report.hbs'), '---\nname: my-report\nlayout: main\n---\n<p>my new report page, hours of work</p>\n');
    const pulled = await lxp(world, 'pull');
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(await readFile(path.join(world.dir, 'endpoints.yaml'), 'utf8')).toContain('page: report');
    expect(await readFile(path.join(world.dir, 'pages/report.hbs'), 'utf8')).toContain('hours of work');
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(1); // mine, new locally
  });

  it('deploy --force renames develop\'s view back before creating the folder\'s (as for groups)', async () => {
    const world = await openWorld();
    await inSync(world);
    await writeView(world.dir, 'components/newc.hbs', '<p>new component</p>\n');
    const header = await renameView(world, 'header', 'newc');
    expect((await lxp(world, 'deploy')).code).toBe(3);
    const forced = await lxp(world, 'deploy', { force: true, json: true });
    expect(forced.code, forced.stderr).toBe(0);
    const views = await world.remoteViews();
    expect(views.find((v) => v.id === header)!.name).toBe('header');
    expect(views.find((v) => v.name === 'newc')!.body).toBe('<p>new component</p>\n');
  });
});

// review 9b, F11 and F12: a run narrowed by paths paired the files in scope as if the folder held
// nothing else — a new file took the sync record (and so the develop view) of a file out of scope.
describe('a run narrowed to some paths pairs the files as a whole run does (review 9b, F11 and F12)', () => {
  it('F12: deploy of a new file whose name a file out of scope renames away refuses (exit 3) and overwrites nothing; with both files it renames, then creates', async () => {
    const world = await openWorld();
    await inSync(world);
    await writeView(world.dir, 'pages/Qfile.hbs', '---\nname: Q\n---\n<p>q original</p>\n');
    expect((await lxp(world, 'deploy', {}, ['pages/Qfile.hbs'])).code).toBe(0);
    const qId = (await world.remoteViews()).find((v) => v.name === 'Q')!.id;
    await writeView(world.dir, 'pages/Qfile.hbs', '---\nname: Q-renamed\n---\n<p>q original</p>\n');
    await writeView(world.dir, 'pages/Q.hbs', '<p>new Q</p>\n');
    const before = (await world.requests()).length;
    const folder = await snapshot(world.dir);

    const reason =
      'develop would have two pages "Q" after this deploy: the file pages/Q.hbs, not deployed yet, and the file pages/Qfile.hbs, renamed here from "Q". ' +
      'pages/Qfile.hbs is out of this narrowed run, and its own rename frees the name: a whole lxp deploy has no such clash (or deploy that file too)';
    const status = await lxp(world, 'status', { json: true }, ['pages/Q.hbs']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.changes.map((c: Change & { file: string }) => [c.file, c.action, c.reason])).toEqual([['pages/Q.hbs', 'conflict', reason]]);
    const diff = await lxp(world, 'diff', {}, ['pages/Q.hbs']);
    expect(diff.stdout).not.toContain('q original');
    for (const dryRun of [true, false]) {
      const deploy = await lxp(world, 'deploy', { json: true, dryRun }, ['pages/Q.hbs']);
      expect(deploy.code, deploy.stderr).toBe(3);
      expect(conflictsOf(deploy).map((c) => c.reason)).toEqual([reason]);
      expect(deploy.json.error.message).toBe('1 conflict: nothing was written (views that would share a name only because this run is narrowed: a whole lxp deploy has no such clash)');
    }
    expect(await writesSince(world, before)).toEqual([]);
    expect(await snapshot(world.dir)).toEqual(folder);
    expect((await world.remoteViews()).find((v) => v.id === qId)).toMatchObject({ name: 'Q', body: '<p>q original</p>\n' });

    // Both files: the rename frees the name, then the create (Qfile's view keeps its id).
    const both = await lxp(world, 'deploy', {}, ['pages/Q.hbs', 'pages/Qfile.hbs']);
    expect(both.code, both.stderr).toBe(0);
    const views = await world.remoteViews();
    expect(views.find((v) => v.id === qId)).toMatchObject({ name: 'Q-renamed', body: '<p>q original</p>\n' });
    expect(views.find((v) => v.name === 'Q')).toMatchObject({ body: '<p>new Q</p>\n' });
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
  });

  it('a pull narrowed to one file of a chain of renames made in Losant refuses (exit 3), saying that a whole pull has no such clash; the whole pull writes them all', async () => {
    const world = await openWorld();
    await inSync(world);
    for (const n of ['A', 'B', 'C']) await writeView(world.dir, `pages/${n}.hbs`, `<p>${n} original</p>\n`);
    expect((await lxp(world, 'deploy')).code).toBe(0);
    const ids = Object.fromEntries((await world.remoteViews()).map((v) => [v.name, v.id]));
    // Renamed in Losant from the end of the chain, as Losant requires (names are unique per type).
    for (const [from, to] of [['C', 'D'], ['B', 'C'], ['A', 'B']]) {
      await world.losant.experienceView.patch({ applicationId: world.server.applicationId, experienceViewId: ids[from], experienceView: { name: to } });
    }
    const folder = await snapshot(world.dir);

    const narrowed = await lxp(world, 'pull', { json: true }, ['pages/A.hbs']);
    expect(narrowed.code, narrowed.stderr).toBe(3);
    expect(narrowed.json.error.message).toBe('1 conflict: nothing was written (views that would share a name only because this run is narrowed: a whole lxp pull has no such clash)');
    expect(conflictsOf(narrowed).map((c) => c.reason)).toEqual([
      `the folder would hold two pages "B" after this pull: develop's page "A" (id ${ids.A}, the file pages/A.hbs), renamed "B" in Losant, and develop's page "B" (id ${ids.B}, the file pages/B.hbs), renamed "C" in Losant. ` +
        'pages/B.hbs and pages/C.hbs are out of this narrowed run, and their own renames free the name: a whole lxp pull has no such clash (or pull those files too)',
    ]);
    expect(await snapshot(world.dir)).toEqual(folder);

    const whole = await lxp(world, 'pull');
    expect(whole.code, whole.stderr).toBe(0);
    expect((await lxp(world, 'status', { exitCode: true })).code).toBe(0);
  });

  it('F11: pull of the file of a view renamed in Losant onto the name of an undeployed file out of scope refuses as the whole pull does (exit 3), nothing written', async () => {
    const world = await openWorld();
    await inSync(world);
    await writeView(world.dir, 'pages/P1.hbs', '<p>p1 original</p>\n');
    expect((await lxp(world, 'deploy', {}, ['pages/P1.hbs'])).code).toBe(0);
    await writeView(world.dir, 'pages/X.hbs', '<p>mine X</p>\n');
    const p1 = (await world.remoteViews()).find((v) => v.name === 'P1')!.id;
    await world.losant.experienceView.patch({ applicationId: world.server.applicationId, experienceViewId: p1, experienceView: { name: 'X' } });
    const folder = await snapshot(world.dir);

    const whole = await lxp(world, 'pull', { json: true });
    expect(whole.code, whole.stderr).toBe(3);
    for (const dryRun of [true, false]) {
      const pull = await lxp(world, 'pull', { json: true, dryRun }, ['pages/P1.hbs']);
      expect(pull.code, pull.stderr).toBe(3);
      expect(pull.json.error.message).toBe('1 conflict: nothing was written (resources that would share a name need one renamed first)');
      expect(conflictsOf(pull).map((c) => c.reason)).toEqual([
        `the folder would hold two pages "X" after this pull: develop's page "P1" (id ${p1}, the file pages/P1.hbs), renamed "X" in Losant, and the file pages/X.hbs, not deployed yet. Rename one of them (the file, or the view in Losant), then run again`,
      ]);
    }
    expect(await snapshot(world.dir)).toEqual(folder);
    // And a deploy narrowed to the undeployed file never takes the renamed view for its own.
    const deploy = await lxp(world, 'deploy', { json: true }, ['pages/X.hbs']);
    expect(deploy.code, deploy.stderr).toBe(3);
    expect((await world.remoteViews()).find((v) => v.id === p1)).toMatchObject({ name: 'X', body: '<p>p1 original</p>\n' });
  });
});
