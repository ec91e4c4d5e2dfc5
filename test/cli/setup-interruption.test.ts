// What Ctrl-C or SIGTERM says during `lxp init --from` and `lxp import` (review 7, L1): the one
// thing that finishes the half-made folder at each step, and the steps inside the envelope's error.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInterruption, initInterruption } from '../../src/cli/output/setup-interruption.js';

describe('initInterruption / importInterruption', () => {
  it('init: before writing, while making the folder, while pulling', () => {
    expect(initInterruption(undefined, '/x/site', 'SIGINT').message).toBe('interrupted before init wrote anything. Run the same command again.');
    expect(initInterruption('bootstrap', '/x/site', 'SIGINT').message).toMatch(/may have landed; nothing was pulled into \/x\/site\. `lxp pull` in \/x\/site brings in whatever develop holds/);
    const pulling = initInterruption('pull', '/x/site', 'SIGINT');
    expect(pulling.message).toMatch(/`lxp pull` in \/x\/site finishes it\.$/);
    expect(pulling.steps).toEqual({ done: ['make the folder'], notDone: ['pull develop into it (part may be done)'] });
  });

  it('init: stopped while connecting or making the folder says what is there — no folder, an empty one, or files that need --force (review 10b, F7)', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lxp-setup-stop-'));
    try {
      const site = path.join(root, 'site');
      for (const step of ['mark', 'make-folder'] as const) {
        // Not made yet (a stop while connecting): nothing to keep, no --force to ask for.
        const none = initInterruption(step, site, 'SIGINT');
        expect(none.message).toBe(`interrupted before ${site} was made: nothing was written. Run the same command again.`);
        expect(none.steps).toEqual({ done: [], notDone: ['make the folder', 'pull develop into it'] });
      }
      // Made, with nothing in it that init refuses (a README is harmless): run again as it was.
      await mkdir(site);
      await writeFile(path.join(site, 'README.md'), 'x');
      expect(initInterruption('make-folder', site, 'SIGTERM').message).toBe(`stopped by SIGTERM while making ${site}: nothing was pulled into it, and it holds nothing that makes init refuse it. Run the same command again.`);
      // Marked (.lxp/) or part of the config files written: init refuses it without --force, which keeps them.
      await mkdir(path.join(site, '.lxp'));
      const marked = initInterruption('make-folder', site, 'SIGTERM');
      expect(marked.message).toBe(`stopped by SIGTERM while making ${site}: nothing was pulled into it. Run the same command again with --force (it keeps the files already there and pulls).`);
      expect(marked.steps).toEqual({ done: [], notDone: ['make the folder (part may be done)', 'pull develop into it'] });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('import: before writing, and while writing (the same import with --force finishes it)', () => {
    expect(importInterruption(undefined, '/x/out', 'SIGINT').message).toBe('interrupted before the import wrote anything. Run the same command again.');
    expect(importInterruption('write', '/x/out', 'SIGINT').message).toMatch(/^interrupted while writing \/x\/out: it holds part of the import .* Run the same import again with --force to finish it/);
  });
});
