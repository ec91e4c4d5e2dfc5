import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createStyle, useColor } from '../../src/cli/output/style.js';
import { createProgress } from '../../src/cli/output/progress.js';
import { planLines, statusLines } from '../../src/cli/output/text.js';
import { reportToJson } from '../../src/cli/output/json.js';
import { isWrite, plan, type PlannedChange } from '../../src/sync/plan.js';
import { fileForView } from '../../src/project/naming.js';
import type { ViewContent } from '../../src/project/view.js';

const v = (name: string, body: string): ViewContent => ({ viewType: 'page', name, description: '', layout: null, contentType: null, tags: {}, body });
const samplePlan = () =>
  plan({
    direction: 'deploy',
    local: [{ ...v('home', 'new'), file: 'pages/home.hbs' }, { ...v('fresh', 'x'), file: 'pages/fresh.hbs' }],
    remote: [{ id: '1'.repeat(24), lastUpdated: 't', managed: true, content: v('home', 'old') }],
    state: { target: 't', applicationId: 'a', fullSync: true, views: {} },
    fileFor: fileForView,
  });

describe('colour', () => {
  it('only on a TTY, never with NO_COLOR, forced with FORCE_COLOR', () => {
    expect(useColor(true, {})).toBe(true);
    expect(useColor(false, {})).toBe(false);
    expect(useColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(true, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
  it('plain text has no escape codes; coloured text does', () => {
    const p = samplePlan();
    expect(planLines(p, createStyle(false)).join('\n')).not.toMatch(/\u001b\[/);
    expect(planLines(p, createStyle(true)).join('\n')).toMatch(/\u001b\[/);
  });
});

describe('renderings of one plan', () => {
  it('text, status and JSON show the same changes', () => {
    const p = samplePlan();
    const text = planLines(p, createStyle(false));
    expect(text[0]).toBe('Deploy plan: 1 to create, 1 conflict (0 views in sync)');
    expect(text.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 4).join(' '))).toEqual(['+ create page "fresh"', '! conflict page "home"']);
    const status = statusLines(p, createStyle(false));
    expect(status[0]).toMatch(/new locally\s+page\s+"fresh"/);
    expect(status.at(-1)).toBe('2 views differ, 0 in sync');
    const doc = reportToJson({ command: 'deploy', outcome: 'dry-run', exitCode: 0, issues: [], warnings: [], plan: p, results: [], applicationId: 'a', target: 't', dryRun: true });
    expect(doc.changes.map((c) => [c.action, c.name, c.status])).toEqual([
      ['create', 'fresh', 'planned'],
      ['conflict', 'home', 'conflict'],
    ]);
    expect(JSON.stringify(doc)).not.toContain('"body"');
  });

  it('piped progress prints one plain line per change', () => {
    let out = '';
    const sink = createProgress({ mode: 'lines', stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true }, style: createStyle(false) });
    sink.onResult({ resource: 'view', key: 'k', action: 'create', viewType: 'page', name: 'home', file: 'pages/home.hbs', status: 'done' });
    sink.onResult({ resource: 'view', key: 'j', action: 'update', viewType: 'layout', name: 'main', file: 'layouts/main.hbs', status: 'failed', error: '500 Server: boom' });
    sink.onResult({ resource: 'view', key: 'r', action: 'record', viewType: 'page', name: 'x', file: 'pages/x.hbs', status: 'done' });
    expect(out).toBe('created page "home" (pages/home.hbs)\nfailed update layout "main" (layouts/main.hbs): 500 Server: boom\n');
  });

  it('on a terminal: a live bar on stderr with the count and the view in flight, failures on lines of their own', async () => {
    let err = '';
    let out = '';
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const sink = createProgress({ mode: 'tty', stdout: { write: (s: string) => (out += s) }, stderr, style: createStyle(false) });
    const writes: PlannedChange[] = [
      { key: 'k', action: 'update', kind: 'changed-local', resource: 'view', viewType: 'page', name: 'home', file: 'pages/home.hbs', dependsOn: [] },
      { key: 'f', action: 'create', kind: 'new-local', resource: 'view', viewType: 'page', name: 'fresh', file: 'pages/fresh.hbs', dependsOn: [] },
    ];
    expect(writes.every(isWrite)).toBe(true);
    sink.start(2);
    for (const c of writes) sink.onStart(c);
    // cli-progress redraws on its own timer: wait for the draw that shows the views in flight.
    await vi.waitFor(() => expect(err).toMatch(/0\/2 page (home|fresh) \(\+1\)/), { timeout: 5000 });
    sink.onResult({ resource: 'view', key: 'k', action: 'update', viewType: 'page', name: 'home', file: 'pages/home.hbs', status: 'failed', error: '500 Server: boom' });
    sink.onResult({ resource: 'view', key: 'f', action: 'create', viewType: 'page', name: 'fresh', file: 'pages/fresh.hbs', status: 'done' });
    sink.stop();
    expect(err).toContain('failed update page "home" (pages/home.hbs): 500 Server: boom\n');
    expect(err).toMatch(/2\/2/);
    expect(out).toBe(''); // stdout stays clean for pipes and --json
  });
});
