// What an interrupted release says at each step: true about what may have landed, and the steps
// done and not done as a release that fails half-way lists them.
import { describe, expect, it } from 'vitest';
import { releaseInterruption } from '../../src/cli/output/release-interruption.js';

const none = { finished: [] };

describe('releaseInterruption', () => {
  it('says nothing was written before the first step that writes, and a dry run writes nothing', () => {
    expect(releaseInterruption(none, 'v2', false, 'SIGINT')).toEqual({
      message: 'interrupted before the release wrote anything: no version was created. Run the same command again to finish.',
      data: { version: 'v2', dryRun: false },
      // Inside the envelope's error, as a failed release's steps (review 7, L3).
      steps: { done: [], notDone: ['deploy the folder to develop', 'create version v2', 're-point slugs and domains'] },
    });
    expect(releaseInterruption({ ...none, step: 'deploy' }, 'v2', true, 'SIGTERM')).toEqual({ message: 'stopped by SIGTERM: a dry run writes nothing', data: { version: 'v2', dryRun: true } });
  });

  it('after the deploy: no version yet; while creating it: may have landed', () => {
    const finished = [{ status: 'done' }, { status: 'done' }, { status: 'failed' }] as never[];
    const verify = releaseInterruption({ step: 'verify', finished }, 'v2', false, 'SIGINT');
    expect(verify.message).toMatch(/^interrupted after the deploy to develop, before the version was created: no version was created\./);
    expect(verify.steps).toMatchObject({ done: ['deployed 2 changes to develop'], notDone: ['create version v2', 're-point slugs and domains'] });
    const create = releaseInterruption({ step: 'create-version', finished }, 'v2', false, 'SIGINT');
    expect(create.message).toMatch(/its request was sent and may have landed/);
    expect(create.message).toMatch(/no slug or domain points at it yet/);
    expect(create.steps).toMatchObject({ notDone: ['create version v2 (sent; may have landed)', 're-point slugs and domains'] });
    const check = releaseInterruption({ step: 'verify-version', finished }, 'v2', false, 'SIGINT');
    expect(check.message).toMatch(/^interrupted after creating version v2, before re-pointing: no slug or domain points at it yet\./);
    expect(check.steps).toMatchObject({ done: ['deployed 2 changes to develop', 'created version v2'], notDone: ['re-point slugs and domains'] });
    const repoint = releaseInterruption({ step: 'repoint', finished }, 'v2', false, 'SIGINT');
    expect(repoint.message).toMatch(/while re-pointing slugs and domains to the new version v2: some may point at it already/);
    expect(repoint.steps).toMatchObject({ done: ['deployed 2 changes to develop', 'created version v2'], notDone: ['re-point slugs and domains (some may be done)'] });
  });

  it('during a deploy still planning, or with nothing to change: nothing was written, never "after 0 of 0 changes" (review 6, L2)', () => {
    const planning = releaseInterruption({ step: 'deploy', finished: [] }, 'v3', false, 'SIGINT');
    expect(planning.message).toBe('interrupted while the deploy to develop was being planned: nothing was written; no version was created. Run the same command again to finish.');
    const empty = releaseInterruption({ step: 'deploy', finished: [], plan: { changes: [] } as never }, 'v3', false, 'SIGINT');
    expect(empty.message).toMatch(/^interrupted during the deploy to develop, which had nothing to change: nothing was written; no version was created\./);
    expect(empty.steps).toMatchObject({ done: [], notDone: ['deploy the folder to develop', 'create version v3', 're-point slugs and domains'] });
  });

  it('while re-pointing for a version that already existed: some may be re-pointed', () => {
    const r = releaseInterruption({ ...none, step: 'repoint-existing' }, 'v1', false, 'SIGINT');
    expect(r.message).toMatch(/some may point at it already/);
    expect(r.steps).toMatchObject({ done: ["version v1 already existed with the folder's content"], notDone: ['re-point slugs and domains (some may be done)'] });
  });

  // Review 9, leftover 4: the interrupted envelope had the deploy's changes as a top-level list
  // `changes`, where a finished release has `deploy.changes`, a count. Now `deploy` is where and
  // what a finished release's is: `changes` the writes done, `report.writes` each write.
  it("puts the deploy where a finished release has it: deploy.changes a count, deploy.report.writes each write (not-applied: unsent)", () => {
    const change = (n: number, action = 'create') => ({ key: `view:new:c${n}`, kind: 'new-local', action, resource: 'view', viewType: 'component', name: `c${n}`, file: `components/c${n}.hbs`, dependsOn: [] });
    const plan = { changes: [change(1), change(2), change(3), change(4, 'skip')] } as never;
    const finished = [
      { key: 'view:new:c1', action: 'create', resource: 'view', viewType: 'component', name: 'c1', file: 'components/c1.hbs', status: 'done' },
      { key: 'view:new:c2', action: 'create', resource: 'view', viewType: 'component', name: 'c2', file: 'components/c2.hbs', status: 'failed', error: '500 Internal Server Error' },
    ] as never[];
    const during = releaseInterruption({ step: 'deploy', plan, finished }, 'v2', false, 'SIGINT', true);
    expect(during.data).toEqual({
      version: 'v2',
      dryRun: false,
      deploy: {
        skipped: false,
        changes: 1,
        report: {
          outcome: 'interrupted',
          writes: [
            { action: 'create', resource: 'view', viewType: 'component', name: 'c1', file: 'components/c1.hbs', status: 'done' },
            { action: 'create', resource: 'view', viewType: 'component', name: 'c2', file: 'components/c2.hbs', status: 'failed', error: '500 Internal Server Error' },
            { action: 'create', resource: 'view', viewType: 'component', name: 'c3', file: 'components/c3.hbs', status: 'not-applied' },
          ],
        },
      },
    });
    expect(during.data).not.toHaveProperty('changes');
    expect(during.message).toContain('after 1 of 3 changes');

    // Still planning: nothing written, an empty list — never a count that is not one.
    expect(releaseInterruption({ step: 'deploy', finished: [] }, 'v2', false, 'SIGINT').data.deploy).toEqual({ skipped: false, changes: 0, report: { outcome: 'interrupted', writes: [] } });

    // After the deploy finished: the finished deploy's own result, as the finished release shows it.
    const deployed = { changes: 3, report: { outcome: 'done', writes: [{ action: 'create', resource: 'view', name: 'c1', file: 'components/c1.hbs', status: 'done' }] } };
    for (const step of ['verify', 'create-version', 'verify-version', 'repoint'] as const) {
      const r = releaseInterruption({ step, plan, finished, deployed }, 'v2', false, 'SIGINT');
      expect(r.data.deploy, step).toEqual({ skipped: false, ...deployed });
      expect(r.steps!.done[0], step).toBe('deployed 3 changes to develop');
    }
    // A version that already existed: no deploy, as a finished release says it.
    expect(releaseInterruption({ step: 'repoint-existing', finished: [] }, 'v1', false, 'SIGINT').data.deploy).toEqual({ skipped: true, changes: 0 });
    // Before any step, and in a dry run: nothing of a deploy to say.
    expect(releaseInterruption(none, 'v2', false, 'SIGINT').data).not.toHaveProperty('deploy');
  });
});
