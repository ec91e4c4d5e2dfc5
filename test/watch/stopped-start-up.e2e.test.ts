// fix10h's leftover: watch (or dev) stopped during its start-up sync — the client sends nothing
// more (stopSending, as run-watch does on Ctrl-C), close() runs — said "not pushed: the whole folder
// (not compared with develop)", although the folder had been compared and the plan knew each change
// that did not go. The closing event now names those files. The stop is made by the client itself
// once it has sent 3 creates (no timing involved).
import { describe, expect, it } from 'vitest';
import type { ExperienceClient } from '../../src/api/types.js';
import { startWatch, type WatchEvent, type Watcher } from '../../src/watch/index.js';
import { useWorlds } from '../harness/lifecycle.js';

const openWorld = useWorlds();

describe('watch stopped during its start-up sync', () => {
  it('names the files whose changes the start-up plan did not push, not "the whole folder"', async () => {
    const files: Record<string, string> = { 'layouts/main.hbs': '<main>{{page}}</main>\n' };
    for (let i = 0; i < 20; i++) files[`components/c${String(i).padStart(2, '0')}.hbs`] = `<p>${i}</p>\n`;
    const world = await openWorld({ files, prefix: 'lxp-stopped-start-' });
    const client = world.server.client();
    let watcher: Watcher | undefined;
    let closing: Promise<void> | undefined;
    let creates = 0;
    const stopping = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'createView')
          return async (body: Parameters<ExperienceClient['createView']>[0]) => {
            const made = await target.createView(body);
            if (++creates === 3) {
              await target.stopSending();
              closing ??= watcher!.close();
            }
            return made;
          };
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const events: WatchEvent[] = [];
    watcher = startWatch({ dir: world.dir, client: stopping, target: 'local', debounceMs: 50, retry: { baseMs: 50, maxMs: 400 }, onEvent: (e) => events.push(e) });
    await watcher.ready.catch(() => undefined);
    await closing;
    await watcher.close();
    const closed = events.find((e): e is Extract<WatchEvent, { type: 'closed' }> => e.type === 'closed')!;
    const onDevelop = new Set((await world.remoteViews()).map((v) => (v.viewType === 'layout' ? `layouts/${v.name}.hbs` : `components/${v.name}.hbs`)));
    expect(onDevelop.size).toBeGreaterThanOrEqual(3);
    expect(onDevelop.size).toBeLessThan(21);
    expect(closed.pending).toEqual(Object.keys(files).filter((f) => !onDevelop.has(f)).sort());
  });

  it('still says "the whole folder" when the start-up sync could not compare it (develop not reachable)', async () => {
    const world = await openWorld({ files: { 'layouts/main.hbs': '<main>{{page}}</main>\n' }, prefix: 'lxp-stopped-start-' });
    const client = world.server.client({ retries: 0 });
    await world.server.close();
    const events: WatchEvent[] = [];
    const watcher = startWatch({ dir: world.dir, client, target: 'local', debounceMs: 50, retry: { baseMs: 60_000, maxMs: 60_000 }, onEvent: (e) => events.push(e) });
    await watcher.ready;
    await watcher.close();
    expect(events.find((e) => e.type === 'closed')).toMatchObject({ pending: ['*'] });
    await world.server.restart();
  });
});
