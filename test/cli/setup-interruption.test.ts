// What Ctrl-C or SIGTERM says during `lxp init --from` and `lxp import` (review 7, L1): the one
// thing that finishes the half-made folder at each step, and the steps inside the envelope's error.
import { describe, expect, it } from 'vitest';
import { importInterruption, initInterruption } from '../../src/cli/output/setup-interruption.js';

describe('initInterruption / importInterruption', () => {
  it('init: before writing, while making the folder, while pulling', () => {
    expect(initInterruption(undefined, '/x/site', 'SIGINT').message).toBe('interrupted before init wrote anything. Run the same command again.');
    expect(initInterruption('make-folder', '/x/site', 'SIGTERM').message).toMatch(/^stopped by SIGTERM while making \/x\/site: nothing was pulled into it\. Run the same command again with --force/);
    expect(initInterruption('bootstrap', '/x/site', 'SIGINT').message).toMatch(/may have landed; nothing was pulled into \/x\/site\. `lxp pull` in \/x\/site brings in whatever develop holds/);
    const pulling = initInterruption('pull', '/x/site', 'SIGINT');
    expect(pulling.message).toMatch(/`lxp pull` in \/x\/site finishes it\.$/);
    expect(pulling.steps).toEqual({ done: ['make the folder'], notDone: ['pull develop into it (part may be done)'] });
  });

  it('import: before writing, and while writing (the same import with --force finishes it)', () => {
    expect(importInterruption(undefined, '/x/out', 'SIGINT').message).toBe('interrupted before the import wrote anything. Run the same command again.');
    expect(importInterruption('write', '/x/out', 'SIGINT').message).toMatch(/^interrupted while writing \/x\/out: it holds part of the import .* Run the same import again with --force to finish it/);
  });
});
