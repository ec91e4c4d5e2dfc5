// The text of a restore (review 5): entries of endpoints.yaml are named by what they are, not as
// "folder remove endpoints.yaml" three times, and the files are counted as files.
import { describe, expect, it } from 'vitest';
import { restoreSummary, type RestorePlan } from '../../src/release/restore-plan.js';

const plan: RestorePlan = {
  version: 'v1.1.0',
  develop: [],
  folder: [
    { action: 'write', subject: 'page', name: 'missing', file: 'pages/missing.hbs' },
    { action: 'remove', subject: 'endpoint', name: 'GET /aaa', file: 'endpoints.yaml' },
    { action: 'remove', subject: 'endpoint', name: 'GET /bbb', file: 'endpoints.yaml' },
    { action: 'write', subject: 'settings', name: 'develop', file: 'experience.yaml' },
  ],
  kept: [],
  pull: true,
};

describe('restoreSummary', () => {
  it('a dry run names each entry and counts files', () => {
    const text = restoreSummary(plan, { dryRun: true });
    expect(text).toContain('Dry run: restoring v1.1.0 would change nothing on develop, and 3 files in the folder. Nothing was written.');
    expect(text).toContain('  folder   remove   endpoint "GET /aaa"  endpoints.yaml');
    expect(text).toContain('  folder   remove   endpoint "GET /bbb"  endpoints.yaml');
    expect(text).toContain('  folder   write    page "missing"  pages/missing.hbs');
  });

  it('a real one counts files, not entries', () => {
    expect(restoreSummary(plan, { dryRun: false })).toContain('The folder was pulled: 3 files written or removed.');
  });
});
