// Ctrl-C with --json (the real binary, a real SIGINT, issue 9's "every message true"): a script
// reading stdout gets the one envelope — outcome and error.code "interrupted", exit 130 — not an
// empty stdout, and running the command again finishes the job with nothing sent twice.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnLxp } from '../harness/cli.js';
import { ensureBuilt } from '../harness/server.js';
import { useWorlds } from './helpers.js';
import { waitForLog } from '../faults/helpers.js';

const openWorld = useWorlds();

beforeAll(() => ensureBuilt(), 180_000);

const isCreate = (e: { method: string; status: number }) => e.method === 'POST' && e.status < 300;
const VIEWS = 40;

describe('Ctrl-C with --json', () => {
  // SIGTERM (a cancelled CI job, `timeout`, `docker stop`) is answered as Ctrl-C is, with its own exit code.
  for (const [signal, code, by] of [['SIGINT', 130, 'interrupted'], ['SIGTERM', 143, 'stopped by SIGTERM']] as const) {
    it(`lxp deploy, ${signal}: the interrupted envelope on stdout, exit ${code}; the next deploy creates only the rest`, async () => {
      const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n' };
      for (let i = 0; i < VIEWS; i++) files[`components/c${i}.hbs`] = `<p>${i}</p>\n`;
      const w = await openWorld({ files, latencyMs: 100 });
      const log = path.join(w.root, 'requests.log');
      const run = spawnLxp(['deploy', '--dir', w.dir, '--concurrency', '2', '--json'], w.env, w.root);
      await waitForLog(log, 3, isCreate);
      run.child.kill(signal);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(code);
      const envelope = JSON.parse(r.stdout);
      expect(envelope).toMatchObject({ command: 'deploy', outcome: 'interrupted', exitCode: code, error: { code: 'interrupted' } });
      expect(envelope.error.message).toMatch(new RegExp(`^${by} after (\\d+) of 41 changes \\(every write sent was answered first\\); the sync state of what finished is saved\\. Run the command again to finish\\.$`));
      // Every change with its status so far: what landed is done, the rest not applied.
      const applied = Number(/after (\d+) of/.exec(envelope.error.message)![1]);
      expect(applied).toBeGreaterThanOrEqual(3);
      expect(envelope.changes).toHaveLength(41);
      expect(envelope.changes.filter((c: { status: string }) => c.status === 'done')).toHaveLength(applied);
      expect(envelope.changes.filter((c: { status: string }) => c.status === 'not-applied')).toHaveLength(41 - applied);
      expect(r.stderr).not.toMatch(/interrupted|stopped by/);

      const again = await spawnLxp(['deploy', '--dir', w.dir, '--json'], w.env, w.root).done;
      expect(again.code, again.stderr).toBe(0);
      const views = (await w.server.losant.experienceViews.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { name: string }[];
      expect(views.length).toBe(VIEWS + 1);
      expect(new Set(views.map((v) => v.name)).size).toBe(VIEWS + 1);
    }, 120_000);
  }

  it('lxp release, mid-deploy: the steps done and not done, the deploy\'s changes; the same command again finishes the release', async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n' };
    for (let i = 0; i < VIEWS; i++) files[`components/c${i}.hbs`] = `<p>${i}</p>\n`;
    const w = await openWorld({ files, latencyMs: 100 });
    const log = path.join(w.root, 'requests.log');
    const run = spawnLxp(['release', 'v1', '--dir', w.dir, '--concurrency', '2', '--json'], w.env, w.root);
    await waitForLog(log, 3, isCreate);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(143);
    const envelope = JSON.parse(r.stdout);
    expect(envelope).toMatchObject({ command: 'release', target: 'env', outcome: 'interrupted', exitCode: 143, error: { code: 'interrupted' }, version: 'v1', dryRun: false });
    expect(envelope.error.message).toMatch(/^stopped by SIGTERM during the deploy to develop, after (\d+) of 41 changes \(every write sent was answered first\); the sync state of what finished is saved\. No version was created\. Run the same command again to finish\.$/);
    const applied = Number(/after (\d+) of/.exec(envelope.error.message)![1]);
    // done/notDone inside error, as every failure's (review 7, L3: they were at the top level).
    expect(envelope).not.toHaveProperty('done');
    expect(envelope).not.toHaveProperty('notDone');
    expect(envelope.error.done).toEqual([`deployed ${applied} change${applied === 1 ? '' : 's'} to develop`]);
    expect(envelope.error.notDone).toEqual(['finish the deploy to develop', 'create version v1', 're-point slugs and domains']);
    // The deploy where a finished release has it (review 9, leftover 4: was a top-level list `changes`):
    // deploy.changes the count of writes done, deploy.report.writes each write with its status.
    expect(envelope).not.toHaveProperty('changes');
    expect(envelope.deploy).toMatchObject({ skipped: false, changes: applied, report: { outcome: 'interrupted' } });
    const writes: Array<{ status: string }> = envelope.deploy.report.writes;
    expect(writes).toHaveLength(41);
    expect(writes.filter((c) => c.status === 'done')).toHaveLength(applied);
    expect(writes.filter((c) => c.status === 'not-applied')).toHaveLength(41 - applied);
    const versions = async () => ((await w.server.losant.experienceVersions.get({ applicationId: w.server.applicationId })).items as { version: string }[]).map((v) => v.version);
    expect(await versions()).not.toContain('v1');

    const again = await spawnLxp(['release', 'v1', '--dir', w.dir, '--json'], w.env, w.root).done;
    expect(again.code, again.stderr).toBe(0);
    const finished = JSON.parse(again.stdout);
    expect(finished).toMatchObject({ status: 'created', version: 'v1', deploy: { skipped: false, changes: 41 - applied, report: { outcome: 'done' } } });
    expect(finished.deploy.report.writes).toHaveLength(41 - applied);
    expect(finished.deploy.report.writes.every((w: { status: string }) => w.status === 'done')).toBe(true);
    expect(await versions()).toContain('v1');
  }, 120_000);

  it('a command without its own Ctrl-C answer (status, mid-request): still the envelope, exit 130', async () => {
    const w = await openWorld({ files: { 'pages/a.hbs': '<p>a</p>\n' }, latencyMs: 3000 });
    const run = spawnLxp(['status', '--dir', w.dir, '--json'], w.env, w.root);
    // Well into the list request (3 s of latency), not timed against anything.
    await new Promise((r) => setTimeout(r, 1500));
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'status', outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted' } });
    // SIGTERM alike, with its own exit code.
    const term = spawnLxp(['status', '--dir', w.dir, '--json'], w.env, w.root);
    await new Promise((r) => setTimeout(r, 1500));
    term.child.kill('SIGTERM');
    const t = await term.done;
    expect(t.code, t.stderr).toBe(143);
    expect(JSON.parse(t.stdout)).toMatchObject({ command: 'status', outcome: 'interrupted', exitCode: 143, error: { code: 'interrupted', message: expect.stringMatching(/^stopped by SIGTERM before/) } });
  }, 60_000);

  it('lxp users import: the envelope says how far it got', async () => {
    const w = await openWorld({ latencyMs: 100 });
    const log = path.join(w.root, 'requests.log');
    const rows = Array.from({ length: 40 }, (_, i) => `u${i}@example.com,U${i}`);
    await writeFile(path.join(w.root, 'users.csv'), `email,firstName\n${rows.join('\n')}\n`);
    const run = spawnLxp(['users', 'import', 'users.csv', '--dir', w.dir, '--concurrency', '2', '--json'], w.env, w.root);
    await waitForLog(log, 3, isCreate);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    const envelope = JSON.parse(r.stdout);
    expect(envelope).toMatchObject({ command: 'users import', outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted' } });
    expect(envelope.error.message).toMatch(/^interrupted after \d+ of 40 user writes \(every write sent was answered first\)\. Run the same import again to finish/);
    // Every row of the file with where it stands (review 6b L-h): as many done as the message counts
    // writes — each on the server —, the rest not-applied (none on the server), none left out.
    const written = Number(/after (\d+) of/.exec(envelope.error.message)![1]);
    expect(envelope.rows).toHaveLength(40);
    expect(envelope.rows.map((row: { email: string }) => row.email).sort()).toEqual(rows.map((l) => l.split(',')[0]).sort());
    const done = envelope.rows.filter((row: { status: string }) => row.status === 'done');
    expect(done).toHaveLength(written);
    expect(envelope.rows.filter((row: { status: string }) => row.status === 'not-applied')).toHaveLength(40 - written);
    expect(envelope.rows.some((row: { error?: string }) => row.error !== undefined)).toBe(false);
    const users = ((await w.server.losant.experienceUsers.get({ applicationId: w.server.applicationId, perPage: 1000 })).items as { email: string }[]).map((u) => u.email).sort();
    expect(users).toEqual(done.map((row: { email: string }) => row.email).sort());
  }, 120_000);

  it("Ctrl-C amid a deploy's writes waits for their answers and records them: the next edit is not a conflict blamed on develop (review 6, M4)", async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n' };
    for (let i = 0; i < VIEWS; i++) files[`components/c${i}.hbs`] = `<p>${i}</p>\n`;
    const w = await openWorld({ files, latencyMs: 300 });
    expect((await spawnLxp(['deploy', '--dir', w.dir, '--quiet'], w.env, w.root).done).code).toBe(0);
    const edit = (tag: string) => Promise.all(Array.from({ length: VIEWS }, (_, i) => writeFile(path.join(w.dir, 'components', `c${i}.hbs`), `<p>${i} ${tag}</p>\n`)));
    await edit('second');
    const log = path.join(w.root, 'requests.log');
    const run = spawnLxp(['deploy', '--dir', w.dir, '--concurrency', '4'], w.env, w.root);
    // The first updates answered, the next ones sent: halfway through their 300 ms, they are in flight.
    await waitForLog(log, 1, (e: { method: string; status: number }) => e.method === 'PATCH' && e.status < 300);
    await new Promise((r) => setTimeout(r, 150));
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/lxp: stopping: waiting for the answers? to the (\d+ )?writes? in flight, sending nothing more \(Ctrl-C again stops at once\)/);
    expect(r.stderr).toMatch(/lxp: interrupted after (\d+) of 40 changes \(every write sent was answered first\); the sync state of what finished is saved/);
    // The lines (piped) list every change the stop counts, those answered while lxp waited too (review 6b L-f).
    const applied = Number(/interrupted after (\d+) of/.exec(r.stderr)![1]);
    expect(r.stdout.split('\n').filter((l) => /^updated component "c\d+"/.test(l))).toHaveLength(applied);
    // Nothing of the command's own wind-down on screen: no failures of what was never sent.
    expect(r.stderr).not.toMatch(/not sent|failed/);
    // Every update that landed has its record: edited again, each file is only "changed locally".
    await edit('third');
    const plan = await spawnLxp(['deploy', '--dir', w.dir, '--dry-run', '--json'], w.env, w.root).done;
    expect(plan.code, plan.stderr).toBe(0);
    const actions = JSON.parse(plan.stdout).changes.map((c: { action: string }) => c.action);
    expect(actions.filter((a: string) => a === 'conflict')).toEqual([]);
    expect(actions.filter((a: string) => a === 'update')).toHaveLength(VIEWS);
  }, 120_000);
});
