// Which views of develop a push narrowed to some files reads (by id, by exact name) instead of listing all of develop.
import { describe, expect, it } from 'vitest';
import { viewReadsFor } from '../../src/sync/remote-views-for.js';
import { emptyTargetState, type StateEntry } from '../../src/sync/state.js';
import type { LocalView } from '../../src/project/view.js';

const local = (file: string, viewType: LocalView['viewType'], name: string, layout: string | null = null): LocalView => ({
  file, viewType, name, layout, description: '', contentType: null, tags: {}, body: 'b',
});
const entry = (id: string, viewType: StateEntry['viewType'], name: string, file: string): StateEntry => ({ id, viewType, name, file, hash: 'h', lastUpdated: 't' });

describe('viewReadsFor', () => {
  const views = [local('layouts/main.hbs', 'layout', 'main'), local('pages/a.hbs', 'page', 'a', 'main'), local('pages/b.hbs', 'page', 'b', 'main'), local('pages/moved.hbs', 'page', 'c', 'main')];
  const state = emptyTargetState('t', 'app');
  for (const e of [entry('L', 'layout', 'main', 'layouts/main.hbs'), entry('A', 'page', 'a', 'pages/a.hbs'), entry('B', 'page', 'b', 'pages/b.hbs'), entry('C', 'page', 'c', 'pages/c.hbs'), entry('G', 'page', 'gone', 'pages/gone.hbs')]) state.views[e.id] = e;
  const names = (r: ReturnType<typeof viewReadsFor>) => [...r.names.keys()].sort();

  it('a saved page: its record by id, its name, its layout by name — and records no file of the folder links to (a rename source, a deleted file)', () => {
    const r = viewReadsFor(['pages/a.hbs'], views, state);
    expect([...r.ids].sort()).toEqual(['A', 'G']);
    expect(names(r)).toEqual(['layout:main', 'page:a', 'page:gone']);
  });

  it('a moved file (name kept): the record with its name, wherever its file was', () => {
    const r = viewReadsFor(['pages/moved.hbs'], views, state);
    expect(r.ids.has('C')).toBe(true);
    expect(names(r)).toEqual(expect.arrayContaining(['page:c', 'page:moved', 'layout:main']));
  });

  it('a deleted file: its record, and a view only on develop that would get that file (its default name)', () => {
    const r = viewReadsFor(['pages/gone.hbs', 'components/new-thing.hbs'], views, state);
    expect(r.ids.has('G')).toBe(true);
    expect(names(r)).toEqual(expect.arrayContaining(['page:gone', 'component:new-thing']));
    expect(r.ids.has('A')).toBe(false);
  });
});
