// Two pages that swap names, seen by watch (fix10g's leftover): the refusal is watch's — it names
// the `name:` line and says save, not deploy (watch sends what is saved; a deploy is another
// command) — and its advice, followed by saves alone, ends the swap with the ids kept.
import { describe, expect, it } from 'vitest';
import { formatWatchEvent } from '../../src/watch/index.js';
import { LAYOUT, ofType, page, useWatchWorlds, waitFor, watchAgain } from './helpers.js';

const openWatchWorld = useWatchWorlds();

describe('lxp watch and two pages that swap names', () => {
  it('refuses both at their name: lines in watch words, and the saves it advises finish the swap with the ids kept', async () => {
    const w = await openWatchWorld({ 'layouts/main.hbs': LAYOUT, 'pages/a2.hbs': page('A'), 'pages/b.hbs': page('B') });
    await w.watcher.idle();
    const id = async (name: string) => (await w.remoteView('page', name))?.id;
    const ids = { a2: await id('a2'), b: await id('b') };
    expect(ids.a2 && ids.b).toBeTruthy();
    await w.watcher.close();

    // Both saved while no watcher ran: the next one's start-up sync meets the swap whole.
    await w.write('pages/a2.hbs', page('A', 'name: b\n'));
    await w.write('pages/b.hbs', page('B', 'name: a2\n'));
    const again = watchAgain(w);
    try {
      await again.watcher.ready;
      await again.watcher.idle();
      const invalid = ofType(again.events, 'invalid').sort((x, y) => x.file.localeCompare(y.file));
      expect(invalid.map((e) => e.file)).toEqual(['pages/a2.hbs', 'pages/b.hbs']);
      expect(invalid[0].issues).toEqual([expect.objectContaining({ file: 'pages/a2.hbs', line: 3, field: 'name' })]);
      const text = formatWatchEvent(invalid[0], undefined, { time: false })!.text;
      expect(text).toContain('error pages/a2.hbs:3 (name): page "a2" is renamed "b", the name page "b" (pages/b.hbs) leaves');
      expect(text).toContain('so every push would fail the same way. Rename one of them to a free name first (e.g. "a2-old") and save — watch then pushes it and the other renames —, then finish the swap and save again (the views keep their ids)');
      expect(text).not.toMatch(/deploy/);
      expect(await id('a2')).toBe(ids.a2);

      // The advice, by saves alone.
      await w.write('pages/a2.hbs', page('A', 'name: a2-old\n'));
      await waitFor(async () => (await id('a2-old')) === ids.a2 && (await id('a2')) === ids.b, 'a2 → a2-old and b → a2 pushed');
      await w.write('pages/a2.hbs', page('A', 'name: b\n'));
      await waitFor(async () => (await id('b')) === ids.a2, 'a2-old → b pushed');
      await again.watcher.idle();
      expect(await id('a2')).toBe(ids.b);
      expect((await w.remote()).map((v) => v.name).sort()).toEqual(['a2', 'b', 'main']);
    } finally {
      await again.watcher.close();
    }
    expect(ofType(again.events, 'closed')[0].notPushed).toEqual([]);
  });
});
