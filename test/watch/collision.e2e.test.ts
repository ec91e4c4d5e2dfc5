// A view renamed in Losant onto the name of a file saved while watching (review 9, M3): the push
// of that file is a conflict naming both, reported once and held — not a create that Losant
// refuses with 400 AlreadyExists and the watcher retried for ever.
import { afterEach, describe, expect, it } from 'vitest';
import { formatWatchEvent, type WatchEvent } from '../../src/watch/index.js';
import { startWatchWorld, waitFor, type WatchWorld } from './helpers.js';

let world: WatchWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const ofType = <T extends WatchEvent['type']>(events: WatchEvent[], type: T) =>
  events.filter((e): e is Extract<WatchEvent, { type: T }> => e.type === type);

describe('watch: a new file named as a teammate renames a view', () => {
  it('is a conflict naming both, reported once and held: no create, no 400, no retry', async () => {
    world = await startWatchWorld({ 'components/c2.hbs': '<p>c2</p>\n' });
    const w = world;
    await w.watcher.idle();
    const c2 = (await w.remoteView('component', 'c2'))!;
    await w.client.patchView(c2.id, { name: 'newd' });
    const seen = w.events.length;
    const sentBefore = w.sentBodies.length;
    await w.write('components/newd.hbs', '<p>my new component</p>\n');
    const conflict = await waitFor(() => ofType(w.events.slice(seen), 'conflict').find((e) => e.file === 'components/newd.hbs'), 'the conflict');
    expect(conflict.reason).toBe(
      `develop would have two components "newd" after this deploy: the file components/newd.hbs, not deployed yet, and develop's component "c2" (id ${c2.id}, the file components/c2.hbs), renamed "newd" in Losant. Rename one of them (the file, or the view in Losant), then run again`,
    );
    await w.watcher.idle();
    const after = w.events.slice(seen);
    expect(ofType(after, 'failed')).toEqual([]);
    expect(ofType(after, 'retry')).toEqual([]);
    expect(ofType(after, 'conflict').filter((e) => e.file === 'components/newd.hbs')).toHaveLength(1);
    expect(w.sentBodies.slice(sentBefore)).toEqual([]);
    expect((await w.remote()).filter((v) => v.name === 'newd').map((v) => v.id)).toEqual([c2.id]);
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(formatWatchEvent(closed, undefined, { time: false })!.text).toMatch(/in conflict, not pushed: components\/newd\.hbs/);
  });
});
