// A reader that stops reading (`lxp status | head -1`, `| grep -m1`, `| less` then q): the real
// binary, its stdout (and stderr) pipe closed by the reader before lxp writes. Node ignores
// SIGPIPE, so every write then fails with EPIPE; lxp drops those writes quietly — no stack trace —,
// a command finishes its work and exits with its own code, and watch stops as on a first Ctrl-C.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnLxp } from '../harness/cli.js';
import { ensureBuilt } from '../harness/server.js';
import { useWorlds, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

beforeAll(() => ensureBuilt(), 180_000);

const FILES: Record<string, string> = {
  ...MAIN_AND_HOME,
  'components/a.hbs': '<p>a</p>\n',
  'components/b.hbs': '<p>b</p>\n',
};

describe('the reader of lxp\'s output goes away', () => {
  for (const [what, args] of [
    ['lxp status', ['status']],
    ['lxp versions --json', ['versions', '--json']],
    // Its first event line fails: nobody will read the rest.
    ['lxp watch --json (stops by itself as on a first Ctrl-C)', ['watch', '--json']],
  ] as const) {
    it(`${what} with stdout closed: no EPIPE trace on stderr, exit 0`, async () => {
      const w = await openWorld({ files: FILES });
      const run = spawnLxp([...args, '--dir', w.dir], w.env, w.root);
      run.child.stdout!.destroy(); // the reader is gone before lxp's first line
      const r = await run.done;
      expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
      expect(r.code, r.stderr).toBe(0);
    }, 60_000);
  }

  it('lxp deploy with stdout and stderr closed: the deploy still finishes, exit 0', async () => {
    const w = await openWorld({ files: FILES });
    const run = spawnLxp(['deploy', '--dir', w.dir], w.env, w.root);
    run.child.stdout!.destroy();
    run.child.stderr!.destroy();
    const r = await run.done;
    expect(r.code).toBe(0);
    expect((await w.remoteViews()).map((v) => v.name).sort()).toEqual(['a', 'b', 'home', 'main']);
  }, 60_000);
});
