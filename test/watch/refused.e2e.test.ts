// A change the API refuses as sent (400, 404, 409, 413…) is not retried by watch: the same
// request would be refused again. It is reported once, naming the file and the API's message;
// watching goes on, and the file is pushed again at the next save. Here the local server refuses
// bodies over 1000 bytes with 413 (its request body limit), a refusal lxp's own checks cannot see.
import { describe, expect, it } from 'vitest';
import { formatWatchEvent } from '../../src/watch/index.js';
import { LAYOUT, ofType, page, useWatchWorlds, waitFor } from './helpers.js';

const openWatchWorld = useWatchWorlds();

describe('lxp watch: a change the API refuses as sent', () => {
  it('is reported once with the file and the API\'s message, not retried, tried again at the next save, pushed once fixed', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/home.hbs': page('home') }, { server: { bodyLimit: 1000 } });
    await w.watcher.idle();
    const creates = () => w.requests.filter((r) => r.method === 'POST' && /\/experience\/views$/.test(r.path));
    const seen = w.events.length;
    const before = creates().length;

    await w.write('pages/big.hbs', page('x'.repeat(2000)));
    const refused = await waitFor(() => ofType(w.events.slice(seen), 'refused').find((e) => e.file === 'pages/big.hbs'), 'the refusal');
    expect(refused).toMatchObject({ action: 'create', resource: 'view', viewType: 'page', name: 'big' });
    expect(refused.error).toMatch(/^413 PayloadTooLarge: Request body is larger than 1000 bytes$/);
    expect(formatWatchEvent(refused, undefined, { time: false })!.text).toBe(
      'refused create page "big" (pages/big.hbs): 413 PayloadTooLarge: Request body is larger than 1000 bytes — not retried (the same request would be refused again); tried again at your next save',
    );
    // Nothing is pending: no backoff retry (idle resolves), one request sent.
    await w.watcher.idle();
    expect(w.watcher.pending()).toEqual([]);
    expect(creates().length - before).toBe(1);
    expect(ofType(w.events.slice(seen), 'retry')).toEqual([]);

    // Another file's save: big.hbs goes with it (once), and the same refusal is not said again.
    const seen2 = w.events.length;
    await w.write('pages/home.hbs', page('home v2'));
    await waitFor(() => ofType(w.events.slice(seen2), 'push').find((e) => e.file === 'pages/home.hbs'), 'the save of home');
    await w.watcher.idle();
    expect(creates().length - before).toBe(2);
    expect(ofType(w.events.slice(seen2), 'refused')).toEqual([]);
    expect(ofType(w.events.slice(seen2), 'retry')).toEqual([]);

    // Fixed: pushed.
    await w.write('pages/big.hbs', page('small now'));
    await waitFor(() => ofType(w.events, 'push').find((e) => e.file === 'pages/big.hbs' && e.action === 'create'), 'the fixed file pushed');
    await w.watcher.idle();
    expect((await w.remoteView('page', 'big'))?.body).toBe('small now\n');
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(closed.notPushed).toEqual([]);
  });

  it('names a refused file in the closing line until it is pushed', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT }, { server: { bodyLimit: 1000 } });
    await w.watcher.idle();
    await w.write('pages/big.hbs', page('x'.repeat(2000)));
    await waitFor(() => ofType(w.events, 'refused').length > 0, 'the refusal');
    await w.watcher.idle();
    await w.watcher.close();
    const closed = ofType(w.events, 'closed')[0];
    expect(closed.pending).toEqual([]);
    expect(closed.notPushed).toEqual([{ file: 'pages/big.hbs', why: 'refused', reason: 'create page "big": 413 PayloadTooLarge: Request body is larger than 1000 bytes' }]);
    expect(formatWatchEvent(closed, undefined, { time: false })!.text).toBe('stopped; state saved; refused by the API, not pushed: pages/big.hbs');
  });
});
