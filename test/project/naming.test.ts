import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultNameForFile, fileForView, fileKey, isSafeName } from '../../src/project/naming.js';
import { VIEW_TYPE_FOLDERS } from '../../src/project/view.js';
import { text, trickyText, viewType } from './arbitraries.js';

const hostileName = fc.oneof(
  text(1, 255),
  trickyText(1, 255),
  fc.constantFrom('..', '../../etc/passwd', '/abs', 'a/../../b', 'CON', 'nul.txt', 'com1', 'Lpt9.x', 'a.', 'a ', ' a', '.hidden', 'a//b', 'a/', 'x~0123abcd', 'a.hbs/b', 'A:B', 'q?', '\u0000', 'e\u0301'),
);

describe('fileForView', () => {
  it('uses the name as the path when it is safe', () => {
    expect(fileForView('page', 'home', new Set())).toBe('pages/home.hbs');
    expect(fileForView('page', 'admin/users', new Set())).toBe('pages/admin/users.hbs');
    expect(fileForView('layout', 'Main Layout', new Set())).toBe('layouts/Main Layout.hbs');
    expect(fileForView('component', 'device-card', new Set())).toBe('components/device-card.hbs');
  });

  it.each([
    ['a:b'], ['a\\b'], ['a*'], ['a?'], ['a"b'], ['<a>'], ['a|b'], ['tab\there'], ['.hidden'], ['..'], ['a/../b'],
    ['trailing.'], ['trailing '], ['CON'], ['con.txt'], ['COM1'], ['lpt9'], ['a//b'], ['a/'], ['/a'], ['x'.repeat(255)],
    ['dir.hbs/x'], ['looks~0123abcd'],
  ])('escapes %j into one flat file in the type folder', (name) => {
    const file = fileForView('page', name, new Set());
    expect(file).toMatch(/^pages\/[^/]+~[0-9a-f]{8}\.hbs$/);
    expect(defaultNameForFile(file)).not.toBe(name);
    expect(fileForView('page', name, new Set())).toBe(file);
  });

  it('gives a name equal but for case to a taken file another, stable file', () => {
    const taken = new Set(['pages/home.hbs']);
    const a = fileForView('page', 'Home', taken);
    expect(a).toMatch(/^pages\/Home~[0-9a-f]{8}\.hbs$/);
    expect(fileForView('page', 'Home', taken)).toBe(a);
    taken.add(fileKey(a));
    expect(fileForView('page', 'HOME', taken)).not.toBe(a);
  });

  it('never leaves the type folder, whatever the name (property)', () => {
    fc.assert(
      fc.property(viewType, hostileName, (t, name) => {
        const file = fileForView(t, name, new Set());
        const folder = VIEW_TYPE_FOLDERS[t];
        const resolved = path.posix.normalize(file);
        expect(resolved).toBe(file);
        expect(file.startsWith(`${folder}/`)).toBe(true);
        expect(file.endsWith('.hbs')).toBe(true);
        for (const seg of file.split('/')) {
          expect(seg).not.toMatch(/^\.|[\\:*?"<>|\u0000-\u001f]|[. ]$/);
          expect(seg).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
          expect(Buffer.byteLength(seg)).toBeLessThanOrEqual(255);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and keeps names apart case-insensitively (property)', () => {
    fc.assert(
      fc.property(viewType, fc.array(hostileName, { maxLength: 25 }), (t, names) => {
        const place = () => {
          const taken = new Set<string>();
          return names.map((n) => {
            const f = fileForView(t, n, taken);
            taken.add(fileKey(f));
            return f;
          });
        };
        const first = place();
        expect(place()).toEqual(first);
        // Distinct names never share a file; equal names placed twice are placed apart too.
        expect(new Set(first.map(fileKey)).size).toBe(first.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a safe name reads back from its file as itself; an escaped one does not collide with any safe name (property)', () => {
    fc.assert(
      fc.property(viewType, hostileName, hostileName, (t, a, b) => {
        const fa = fileForView(t, a, new Set());
        const fb = fileForView(t, b, new Set());
        if (isSafeName(a)) expect(defaultNameForFile(fa)).toBe(a);
        if (a !== b) expect(fileKey(fa) === fileKey(fb)).toBe(a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase() && isSafeName(a) && isSafeName(b));
      }),
      { numRuns: 500 },
    );
  });
});

describe('defaultNameForFile', () => {
  it('is the path inside the type folder without .hbs', () => {
    expect(defaultNameForFile('pages/admin/users.hbs')).toBe('admin/users');
    expect(defaultNameForFile('layouts/main.hbs')).toBe('main');
  });
});
