// What Ctrl-C or SIGTERM says during `lxp restore` (review 6, L7): on which side of "develop
// replaced" it stopped, instead of the generic "whatever it had already done stands".
import { describe, expect, it } from 'vitest';
import { restoreInterruption } from '../../src/cli/output/restore-interruption.js';

describe('restoreInterruption', () => {
  it('before develop was changed: nothing was written', () => {
    const r = restoreInterruption(undefined, 'v1', false, 'SIGINT');
    expect(r.message).toBe('interrupted before develop was changed: nothing was written.');
    expect(r.data).toEqual({ version: 'v1', dryRun: false });
    expect(r.steps).toEqual({ done: [], notDone: ['replace develop with v1', 'pull the folder to it'] });
  });

  it('while develop was being replaced: may have landed, the folder untouched', () => {
    const r = restoreInterruption('replace-develop', 'v1', false, 'SIGTERM');
    expect(r.message).toMatch(/^stopped by SIGTERM while develop was being replaced with v1: its request was sent and may have landed; the folder was not changed\. `lxp status` shows where develop stands; `lxp restore v1` again finishes it\.$/);
    expect(r.steps).toMatchObject({ done: [], notDone: ['replace develop with v1 (sent; may have landed)', 'pull the folder to it'] });
  });

  it('during the pull: develop holds the version, `lxp pull` finishes the folder', () => {
    const r = restoreInterruption('pull', 'v1', false, 'SIGINT');
    expect(r.message).toBe('interrupted after develop was replaced with v1, while the folder was being pulled to it: the folder may hold only part of it. `lxp pull` finishes it.');
    expect(r.steps).toMatchObject({ done: ['replace develop with v1'], notDone: ['pull the folder to it (part may be done)'] });
  });

  it('a dry run writes nothing', () => {
    expect(restoreInterruption(undefined, 'v1', true, 'SIGINT').message).toBe('interrupted: a dry run writes nothing');
  });
});
