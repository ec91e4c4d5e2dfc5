// describeError: the one mapping from what a command throws to the --json envelope's fields.
import { describe, expect, it } from 'vitest';
import { FileChangedError } from '../../src/project/load.js';
import { ReleaseError } from '../../src/release/errors.js';
import { describeError } from '../../src/sync/describe-error.js';
import { EXIT } from '../../src/sync/errors.js';

describe('describeError', () => {
  it('a file changed between plan and send has its own code (exit 1), not the catch-all', () => {
    expect(describeError(new FileChangedError('pages/a.hbs changed while lxp was running: run the command again'))).toMatchObject({
      code: 'file-changed',
      exitCode: 1,
      outcome: 'error',
      message: 'pages/a.hbs changed while lxp was running: run the command again',
    });
  });

  it("a release's refusal keeps its outcome and data for the envelope; any other failure is outcome error", () => {
    const refused = new ReleaseError('develop holds 1 view…', EXIT.CONFLICT, [], [], 'develop-differs', { outcome: 'refused', data: { differences: [{ name: 'banner' }] } });
    expect(describeError(refused)).toMatchObject({ code: 'develop-differs', exitCode: 3, outcome: 'refused', data: { differences: [{ name: 'banner' }] }, details: {} });
    const failed = new ReleaseError('the version could not be created', 1, ['deployed 3 changes to develop'], ['create the version']);
    expect(describeError(failed)).toMatchObject({ outcome: 'error', data: {}, details: { done: ['deployed 3 changes to develop'], notDone: ['create the version'] } });
  });
});
