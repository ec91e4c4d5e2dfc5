// lxp diff's line for a difference its lines would not show (review 9, L1).
import { describe, expect, it } from 'vitest';
import { diffOf, invisibleDifference } from '../../src/cli/output/diff.js';
import type { PlannedChange } from '../../src/sync/plan.js';

const view = (body: string) => ({ name: 'home', viewType: 'page', description: '', layout: 'main', contentType: 'text/html', tags: {}, body });
const change = (remote: string, local: string) => ({ resource: 'view', kind: 'changed-local', file: 'pages/home.hbs', name: 'home', remote: view(remote), local: view(local) }) as unknown as PlannedChange;

describe('invisible differences', () => {
  it('a final newline shows as jsdiff marks it; line endings alone, or nothing, get a line saying so', () => {
    expect(diffOf(change('<p>x</p>', '<p>x</p>\n'))).toContain('-<p>x</p>\n\\ No newline at end of file\n+<p>x</p>\n');
    const crlf = diffOf(change('<p>x</p>\r\n', '<p>x</p>\n'));
    expect(crlf).toContain('# only line endings differ: remote CRLF, local LF');
    expect(diffOf(change('<p>x</p>\n', '<p>x</p>\n'))).toContain('# no line differs: the change is in something this diff does not show');
    expect(invisibleDifference('a\n', 'b\n')).toBeUndefined();
  });
});
