// A write the API refuses because develop changed after the push read it — a teammate deleted the
// view (404 on the update) or made one of the same name (400 AlreadyExists on the create; Losant
// answers a name taken with 400, some APIs with 409). Sending the same request again would fail
// again, but the change itself is not wrong: planning it again, with develop read again, sees what
// happened. The teammate's edit is made by the client itself right before it sends the write (no
// timing involved).
import { describe, expect, it } from 'vitest';
import type { ExperienceClient } from '../../src/api/types.js';
import { StateStore } from '../../src/sync/state.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { createPusher } from '../../src/watch/push.js';
import type { Batch } from '../../src/watch/scheduler.js';
import { writeView } from '../harness/folder.js';
import { useWorlds } from '../harness/lifecycle.js';
import { LAYOUT, page } from './helpers.js';

const openWorld = useWorlds();

const batchOf = (files: string[], exclusive = false): Batch => ({ all: false, files, exclusive, since: new Map(), attempt: 0, rejoined: [], join: (f) => f });

/** The server's client, with `before` run once right before the first call of `method`. */
function racing(client: ExperienceClient, method: 'patchView' | 'createView', before: () => Promise<unknown>): ExperienceClient {
  let done = false;
  return new Proxy(client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop !== method) return v.bind(target);
      return async (...args: unknown[]) => {
        if (!done) {
          done = true;
          await before();
        }
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function startPushing(files: Record<string, string>) {
  const world = await openWorld({ files, prefix: 'lxp-raced-' });
  const { dir, server } = world;
  const store = await StateStore.open(dir, 'local', server.applicationId);
  const events: WatchEvent[] = [];
  const pusherWith = (client: ExperienceClient) => createPusher({ dir, client, target: 'local', store, emit: (e) => events.push(e), settleMs: 0 });
  expect(await pusherWith(server.client())({ ...batchOf([]), all: true })).toEqual({});
  return { world, dir, server, store, events, pusherWith };
}

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) => events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('watch: a write refused because develop changed meanwhile is planned again at once, which says what happened', () => {
  it('an update of a view a teammate deleted meanwhile (404): a conflict, not a refusal', async () => {
    const { world, dir, server, store, events, pusherWith } = await startPushing({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    const home = (await world.remoteViews()).find((v) => v.name === 'home')!;
    const push = pusherWith(racing(server.client(), 'patchView', () => server.losant.experienceView.delete({ applicationId: server.applicationId, experienceViewId: home.id })));
    await writeView(dir, 'pages/home.hbs', page('<h1>Home 2</h1>'));
    // Not parked as refused ("the same request would be refused again; tried again at your next
    // save" would not be the story): handed back to be planned again, and nothing said yet.
    expect(await push(batchOf(['pages/home.hbs']))).toEqual({ replan: ['pages/home.hbs'] });
    expect(ofType(events, 'refused')).toEqual([]);
    expect(ofType(events, 'failed')).toEqual([]);
    // The scheduler's re-plan: develop read again — the view is gone there, edited here.
    expect(await push(batchOf(['pages/home.hbs']))).toEqual({});
    expect(ofType(events, 'conflict').map((e) => e.file)).toEqual(['pages/home.hbs']);
    expect(push.notPushed()).toMatchObject([{ file: 'pages/home.hbs', why: 'conflict' }]);
    expect(ofType(events, 'refused')).toEqual([]);
    await store.flush();
  });

  it('a create of a name a teammate took meanwhile (400 AlreadyExists): a conflict, not a refusal', async () => {
    const { dir, server, store, events, pusherWith } = await startPushing({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    const push = pusherWith(racing(server.client(), 'createView', () => server.losant.experienceViews.post({ applicationId: server.applicationId, experienceView: { name: 'new', viewType: 'page', body: '<p>theirs</p>' } })));
    await writeView(dir, 'pages/new.hbs', '<p>mine</p>\n');
    expect(await push(batchOf(['pages/new.hbs'], true))).toEqual({ replan: ['pages/new.hbs'] });
    expect(ofType(events, 'refused')).toEqual([]);
    expect(await push(batchOf(['pages/new.hbs'], true))).toEqual({});
    expect(ofType(events, 'conflict')).toMatchObject([{ file: 'pages/new.hbs', reason: expect.stringContaining('on both sides with different content') }]);
    expect(push.notPushed()).toMatchObject([{ file: 'pages/new.hbs', why: 'conflict' }]);
    expect(ofType(events, 'refused')).toEqual([]);
    await store.flush();
  });

  it('the same refusal from the second plan is reported as refused and parked (one re-plan, no loop)', async () => {
    const { dir, server, store, events, pusherWith } = await startPushing({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('<h1>Home</h1>') });
    // Every update of it answered 404 (sent to an id that does not exist), however often it is planned.
    const client = server.client();
    const push = pusherWith(new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'patchView') return (_id: string, body: Parameters<ExperienceClient['patchView']>[1]) => target.patchView('0'.repeat(24), body);
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }));
    await writeView(dir, 'pages/home.hbs', page('<h1>Home 2</h1>'));
    expect(await push(batchOf(['pages/home.hbs']))).toEqual({ replan: ['pages/home.hbs'] });
    expect(await push(batchOf(['pages/home.hbs']))).toEqual({ park: ['pages/home.hbs'] });
    expect(ofType(events, 'refused')).toMatchObject([{ action: 'update', file: 'pages/home.hbs', error: expect.stringContaining('404 NotFound') }]);
    expect(push.notPushed()).toMatchObject([{ file: 'pages/home.hbs', why: 'refused' }]);
    await store.flush();
  });
});
