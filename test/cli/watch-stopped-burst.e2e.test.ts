// `lxp watch` stopped while a burst of saves is queued (review 11 R25, R9, R21). The API is reached
// through a proxy that answers the first 3 PATCHes and holds every later one: the stop lands with
// writes in flight and most of the burst not yet sent, by construction.
// - R25: Ctrl-C (SIGTERM) after a 150-file burst sent every queued push after the signal, then
//   "everything pushed". Now only the writes in flight are answered; the rest is `pending`.
// - R9: a second Ctrl-C with --json printed no envelope.
// - R21: a stop while the start-up sync only waited for a retry (API unreachable) exited 0.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnLxp } from '../harness/cli.js';
import { ensureBuilt } from '../harness/server.js';
import { startHoldingProxy, type HoldingProxy } from '../harness/holding-proxy.js';
import { useCleanups } from '../harness/lifecycle.js';
import { lxp, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();
const defer = useCleanups();

beforeAll(() => ensureBuilt(), 180_000);

const N = 150;
const file = (i: number) => `components/c${String(i).padStart(3, '0')}.hbs`;
const FILES = Array.from({ length: N }, (_, i) => file(i));

/** Resolves once `check` holds (polled; the child's output arrives as it comes). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A world with N components in sync, `lxp watch` on it through a proxy that holds PATCHes after 3, and a 150-file burst saved. */
async function watchingABurst(json: boolean): Promise<{ w: World; proxy: HoldingProxy; run: ReturnType<typeof spawnLxp>; out: () => string; err: () => string }> {
  const w = await openWorld({ files: Object.fromEntries(FILES.map((f, i) => [f, `<p>${i}</p>\n`])) });
  const deployed = await lxp(w, 'deploy');
  expect(deployed.code, deployed.output).toBe(0);
  const proxy = await startHoldingProxy(w.server.url, { method: 'PATCH', pass: 3 });
  defer(() => proxy.close());
  const run = spawnLxp(['watch', '--dir', w.dir, ...(json ? ['--json'] : [])], { ...w.env, LOSANT_API_URL: proxy.url }, w.root);
  defer(() => void (run.child.exitCode === null && run.child.signalCode === null && run.child.kill('SIGKILL')));
  let out = '';
  let err = '';
  run.child.stdout!.on('data', (d) => (out += d));
  run.child.stderr!.on('data', (d) => (err += d));
  await until(() => (json ? out.includes('"type":"ready"') : /watching /.test(out)), `ready:\n${out}\n${err}`);
  for (let i = 0; i < N; i++) await writeFile(path.join(w.dir, file(i)), `<p>${i} v2</p>\n`);
  await proxy.waitHeld(1);
  return { w, proxy, run, out: () => out, err: () => err };
}

async function patchesSent(w: World): Promise<number> {
  return (await w.requests()).filter((l) => l.method === 'PATCH').length;
}

describe('lxp watch stopped during a burst of saves', () => {
  it('SIGINT, --json: the writes in flight are answered, nothing more is sent, the rest is pending; exit 0', async () => {
    const { w, proxy, run, out } = await watchingABurst(true);
    run.child.kill('SIGINT');
    await until(() => out().includes('"type":"stopping"'), 'the stopping line');
    const held = proxy.held();
    proxy.release();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const envelope = lines.at(-1);
    expect(envelope).toMatchObject({ command: 'watch', outcome: 'stopped', exitCode: 0 });
    // The 3 answered before the stop, and those in flight at the stop: nothing sent after it.
    const pushed = lines.filter((e) => e.type === 'push').map((e) => e.file as string);
    expect(pushed).toHaveLength(3 + held);
    expect(await patchesSent(w)).toBe(3 + held);
    expect(pushed.length).toBeLessThan(N);
    const closed = lines.find((e) => e.type === 'closed');
    expect(closed.pending).toEqual(FILES.filter((f) => !pushed.includes(f)));
    expect(envelope.pending).toEqual(closed.pending);
    expect(closed.stateSaved).toBe(true);
    // What landed is recorded; the rest is what the next deploy sends.
    const status = await lxp(w, 'status', { json: true });
    expect(status.json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => c.file).sort()).toEqual(closed.pending);
  }, 120_000);

  it('SIGTERM, text: "stopping: waiting for the answers…", the closing line lists what was not pushed; exit 0', async () => {
    const { w, proxy, run, err } = await watchingABurst(false);
    run.child.kill('SIGTERM');
    await until(() => /lxp: stopping: waiting for the answers? to the (\d+ writes|write) in flight, sending nothing more \(SIGTERM again stops at once\)/.test(err()), 'the stopping line');
    const held = proxy.held();
    proxy.release();
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    const updated = r.stdout.split('\n').filter((l) => /updated component "c\d+"/.test(l));
    expect(updated).toHaveLength(3 + held);
    expect(await patchesSent(w)).toBe(3 + held);
    expect(r.stdout).not.toContain('everything pushed');
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`stopped; state saved; not pushed: components/c\\d+\\.hbs, .* and ${N - 3 - held - 5} more \\(the next lxp watch or lxp deploy sends them\\)$`));
  }, 120_000);

  it('a second SIGINT with --json: exit 130 at once, the interrupted envelope last', async () => {
    const { proxy, run, out } = await watchingABurst(true);
    run.child.kill('SIGINT');
    await until(() => out().includes('"type":"stopping"'), 'the stopping line');
    // The held writes keep the first stop waiting: the second signal comes while it waits.
    run.child.kill('SIGINT');
    const r = await run.done;
    proxy.release();
    expect(r.code, r.stderr).toBe(130);
    const envelope = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(envelope).toMatchObject({ command: 'watch', outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted', message: 'stopped at once; the state of what finished is saved.' }, pushed: 3 });
    // Waiting or in flight: the next watch or deploy compares them.
    expect(envelope.pending.length).toBeGreaterThan(0);
    expect(FILES).toEqual(expect.arrayContaining(envelope.pending));
  }, 120_000);
});

describe('lxp watch stopped while its start-up sync waits for a retry', () => {
  it('SIGINT, --json, the API unreachable: exit 130, interrupted, the whole folder pending', async () => {
    const w = await openWorld({ files: { 'components/a.hbs': '<p>a</p>\n' } });
    const env = w.env;
    await w.server.close();
    const run = spawnLxp(['watch', '--dir', w.dir, '--json'], env, w.root);
    defer(() => void (run.child.exitCode === null && run.child.signalCode === null && run.child.kill('SIGKILL')));
    let out = '';
    run.child.stdout!.on('data', (d) => (out += d));
    await until(() => out.includes('"type":"retry"'), 'a retry line');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code, r.stdout + r.stderr).toBe(130);
    const envelope = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(envelope).toMatchObject({ command: 'watch', outcome: 'interrupted', exitCode: 130, error: { code: 'interrupted' }, pending: ['*'], pushed: 0 });
    expect(envelope.error.message).toMatch(/^interrupted during the start-up sync of lxp watch: nothing more was sent; nothing was pushed/);
  }, 60_000);
});
