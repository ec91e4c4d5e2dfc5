// The harness's one lifecycle (lifecycle.ts), which every test folder now relies on to close what
// it opened: each world a test starts is closed after that test — every one, not only the last —
// a file-long world lives until its describe ends, temp folders go, and clean-ups run last first,
// all of them even when one throws. The test after an opening test reads what the clean-up did
// (a file's tests run in order, and a describe's afterAll before the next describe starts).
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCleanups, useTempRoots, useWorlds } from './lifecycle.js';
import type { World } from './world.js';

/** Whether a new connection to the port on loopback is accepted (a stopped server refuses it). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('useWorlds()', () => {
  const openWorld = useWorlds();
  const opened: World[] = [];

  it('starts worlds that serve, each with its folder', async () => {
    opened.push(await openWorld(), await openWorld({ files: { 'pages/a.hbs': '<p>a</p>\n' } }));
    for (const w of opened) {
      expect(existsSync(w.dir)).toBe(true);
      expect(await listening(w.server.port)).toBe(true);
    }
  });

  it('closed every world the test before started: servers stopped, temp roots removed', async () => {
    expect(opened).toHaveLength(2);
    for (const w of opened) {
      expect(existsSync(w.root)).toBe(false);
      expect(await listening(w.server.port)).toBe(false);
    }
  });
});

describe("useWorlds('file')", () => {
  let world: World | undefined;
  describe('the file (here: a describe) that opens it', () => {
    const openWorld = useWorlds('file');
    it('starts one world', async () => {
      world = await openWorld();
    });
    it('finds it still open in the next test', async () => {
      expect(existsSync(world!.root)).toBe(true);
      expect(await listening(world!.server.port)).toBe(true);
    });
  });
  it('is closed once that describe is over', async () => {
    expect(existsSync(world!.root)).toBe(false);
    expect(await listening(world!.server.port)).toBe(false);
  });
});

describe('useTempRoots()', () => {
  const tempDir = useTempRoots();
  let made: string[] = [];
  it('makes a new folder at each call', async () => {
    made = [await tempDir('lxp-lifecycle-'), await tempDir('lxp-lifecycle-')];
    expect(made[0]).not.toBe(made[1]);
    for (const d of made) expect(existsSync(d)).toBe(true);
  });
  it('removed them after the test that made them', () => {
    expect(made).toHaveLength(2);
    for (const d of made) expect(existsSync(d)).toBe(false);
  });
});

describe('runCleanups', () => {
  it('runs every clean-up, last registered first, also those before one that throws, then throws its error', async () => {
    const ran: string[] = [];
    const boom = new Error('boom');
    const cleanups = [
      () => ran.push('first'),
      () => {
        ran.push('second');
        throw boom;
      },
      async () => ran.push('third'),
    ];
    await expect(runCleanups(cleanups)).rejects.toBe(boom);
    expect(ran).toEqual(['third', 'second', 'first']);
  });

  it('reports every failure when more than one throws, and nothing when none does', async () => {
    const fail = (m: string) => () => {
      throw new Error(m);
    };
    const err = await runCleanups([fail('a'), fail('b')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: Error) => e.message)).toEqual(['b', 'a']);
    await expect(runCleanups([() => undefined])).resolves.toBeUndefined();
  });
});
