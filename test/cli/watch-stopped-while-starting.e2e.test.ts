// Ctrl-C or SIGTERM while `lxp watch` / `lxp dev` is starting (review 10b, F12): the held signal
// used to reach the watch's own handler only after the start-up sync had deployed the folder's
// differences, and the run then ended "stopped; everything pushed", exit 0. Now a stop before
// the start-up sync sends nothing and exits 130 (143) saying so, as any command still starting.
// The signal is sent by a preload as the bundle is required (fixtures/signal-while-loading.cjs),
// so nothing depends on timing (since bdf0468 that stop is answered before the command runs; these
// two keep it so). The third stops during the start-up sync itself (a slow server, SIGINT once 3
// creates were answered): nothing more is sent, exit 130, and what landed is saved.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnLxp } from '../harness/cli.js';
import { ensureBuilt } from '../harness/server.js';
import { lxp, useWorlds, MAIN_AND_HOME } from './helpers.js';
import { waitForLog } from '../faults/helpers.js';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'signal-while-loading.cjs');
const openWorld = useWorlds();

beforeAll(() => ensureBuilt(), 180_000);

const withSignal = (env: NodeJS.ProcessEnv, signal: string): NodeJS.ProcessEnv => {
  const { LXP_NO_BUNDLE: _bundle, NODE_OPTIONS: _options, ...rest } = env;
  return { ...rest, NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD).slice(1, -1)}`, LXP_TEST_SIGNAL: signal };
};

/** Where the signal is answered depends on where the loading ended: before watch's own handler, before its start-up sync, or in it (nothing sent yet). */
const stopMessage = (by: string, mode: string) =>
  new RegExp(`^${by} (before the command finished|while lxp ${mode} was starting: the start-up sync did not run, nothing was pushed|during the start-up sync of lxp ${mode}: nothing more was sent; nothing was pushed)`);

describe('a stop signal while lxp watch or dev is starting', () => {
  for (const [mode, signal, code, by, json] of [
    ['watch', 'SIGINT', 130, 'interrupted', false],
    ['dev', 'SIGTERM', 143, 'stopped by SIGTERM', true],
  ] as const) {
    it(`${mode}, ${signal}${json ? ', --json' : ''}: no start-up deploy, exit ${code} saying so`, async () => {
      const w = await openWorld({ files: MAIN_AND_HOME });
      const first = await lxp(w, 'deploy');
      expect(first.code, first.output).toBe(0);
      await writeFile(path.join(w.dir, 'pages/late.hbs'), '---\nlayout: main\n---\n<p>after the stop</p>\n');
      const before = (await w.remoteViews()).map((v) => v.name).sort();

      const r = await spawnLxp([mode, '--dir', w.dir, ...(json ? ['--json'] : [])], withSignal(w.env, signal), w.root).done;
      expect(r.signal).toBeNull();
      expect(r.code, r.stdout + r.stderr).toBe(code);
      // The page written after the last deploy never reached develop.
      expect((await w.remoteViews()).map((v) => v.name).sort()).toEqual(before);
      expect(r.stdout + r.stderr).not.toContain('created page');
      expect(r.stdout + r.stderr).not.toContain('everything pushed');
      if (json) {
        // The envelope alone (pretty-printed: stopped before the command ran) or last of the event lines.
        const envelope = JSON.parse(r.stdout.startsWith('{\n') ? r.stdout : r.stdout.trim().split('\n').at(-1)!);
        expect(envelope).toMatchObject({ command: mode, outcome: 'interrupted', exitCode: code, error: { code: 'interrupted' } });
        expect(envelope.error.message).toMatch(stopMessage(by, mode));
      } else {
        expect(r.stderr).toMatch(new RegExp(`lxp: ${stopMessage(by, mode).source.slice(1)}`));
        // What it did not send is not reported as a failure to retry.
        expect(r.stderr).not.toMatch(/retrying|not sent/);
      }
      // …and the next run sends it.
      const status = await lxp(w, 'status', { json: true });
      expect(status.json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => `${c.name} ${c.action}`)).toEqual(['late create']);
    }, 60_000);
  }

  it('watch --json, SIGINT during the start-up sync (3 creates answered): nothing more sent, exit 130; status lists the rest', async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n' };
    for (let i = 0; i < 40; i++) files[`components/c${i}.hbs`] = `<p>${i}</p>\n`;
    const w = await openWorld({ files, latencyMs: 100 });
    const run = spawnLxp(['watch', '--dir', w.dir, '--json'], w.env, w.root);
    await waitForLog(path.join(w.root, 'requests.log'), 3, (e: { method: string; status: number }) => e.method === 'POST' && e.status < 300);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const envelope = lines.at(-1);
    expect(envelope).toMatchObject({ command: 'watch', outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted' } });
    expect(lines.some((e) => e.type === 'ready' || e.type === 'retry')).toBe(false);
    const pushed: number = envelope.pushed;
    expect(pushed).toBeGreaterThanOrEqual(3);
    expect(pushed).toBeLessThan(41);
    expect(lines.filter((e) => e.type === 'push')).toHaveLength(pushed);
    expect(envelope.error.message).toBe(
      `interrupted during the start-up sync of lxp watch: nothing more was sent; the ${pushed} changes pushed before the stop (the lines above) are saved, and the rest of the folder's differences with develop are left for the next lxp watch or lxp deploy (lxp status lists them)`,
    );
    // What landed is develop's and recorded; the rest is what status lists.
    expect(await w.remoteViews()).toHaveLength(pushed);
    const status = await lxp(w, 'status', { json: true });
    expect(status.json.changes.filter((c: any) => c.kind !== 'in-sync')).toHaveLength(41 - pushed);
    // …and the closing event named them file by file (the start-up plan was made), not "the whole folder".
    expect([...envelope.pending].sort()).toEqual(status.json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => c.file).sort());
  }, 120_000);
});
