// yaml-edit: a YAML text edited towards a wanted value, changing only what differs.
import { describe, expect, it } from 'vitest';
import { KEEP, NO_DEFAULT, YamlEditor, type PatchRules } from '../../src/project/yaml-edit.js';

const patch = (src: string, wanted: unknown, rules?: PatchRules) => YamlEditor.patch(src, wanted, rules);
const byValue: PatchRules = { itemIdentity: (_p, item) => (typeof item === 'string' ? item : undefined) };

describe('YamlEditor.patch', () => {
  it('returns the same text when the value is the same, whatever the style', () => {
    const src = "# c\na:   'x'   # why\nb: { c: [1, 2], d: \"e\" }\nf:\n  - g\n  - h: |\n      lit\n";
    expect(patch(src, { a: 'x', b: { c: [1, 2], d: 'e' }, f: ['g', { h: 'lit\n' }] })).toBe(src);
  });

  it('replaces a scalar in its quoting, keeping the comment after it', () => {
    expect(patch("a: 'x'   # why\nb: 1\n", { a: "it's", b: 1 })).toBe("a: 'it''s'   # why\nb: 1\n");
    expect(patch('a: "x"\n', { a: 'y\nz' })).toBe('a: "y\\nz"\n');
    expect(patch('a: x\n', { a: 2 })).toBe('a: 2\n');
  });

  it('adds keys to an empty or null mapping value', () => {
    expect(patch('tags: {}\nz: 1\n', { tags: { a: 'b' }, z: 1 })).toBe('tags: { a: b }\nz: 1\n');
    expect(patch('tags:\nz: 1\n', { tags: { a: 'b' }, z: 1 })).toBe('tags:\n  a: b\nz: 1\n');
  });

  it('removes a key with the comment lines right above it, not those after a blank line', () => {
    const src = '# header\n\n# about a\na: 1\nb: 2\n';
    expect(patch(src, { b: 2 })).toBe('# header\n\nb: 2\n');
  });

  it("never removes the file's leading comment block, even directly above the removed first entry (review 8 M2)", () => {
    const directive = '# yaml-language-server: $schema=x.json\n';
    const file = { fileHeader: true };
    expect(patch(`${directive}#\n# What this file is.\na: 1\nb: 2\n`, { b: 2 }, file)).toBe(`${directive}#\n# What this file is.\nb: 2\n`);
    expect(patch('# ask Ann before changing routes\n- a\n- b\n', ['b'], { ...file, itemIdentity: (_p, item) => String(item) })).toBe('# ask Ann before changing routes\n- b\n');
    // After a blank line, the comments directly above the entry are the entry's, and go with it.
    expect(patch(`${directive}# What this file is.\n\n# about a\na: 1\nb: 2\n`, { b: 2 }, file)).toBe(`${directive}# What this file is.\n\nb: 2\n`);
    // Front matter (no fileHeader): its first comment is its first key's.
    expect(patch('# which layout\nlayout: L\nb: 2\n', { b: 2 })).toBe('b: 2\n');
  });

  it('keeps a key the wanted value leaves out when it spells the default, or when told to keep it', () => {
    const rules: PatchRules = { defaultOf: (_p, k) => (k === 'enabled' ? true : k === 'secret' ? KEEP : NO_DEFAULT) };
    expect(patch('enabled: true\nsecret: { env: X }\nname: a\n', { name: 'b' }, rules)).toBe('enabled: true\nsecret: { env: X }\nname: b\n');
  });

  it('unordered lists: matched by identity, never reordered, new items appended', () => {
    expect(patch('l: [b, a]\n', { l: ['a', 'b', 'c'] }, byValue)).toBe('l: [b, a, c]\n');
    expect(patch('l: [b, a]\n', { l: ['a'] }, byValue)).toBe('l: [a]\n');
    expect(patch('l:\n  - b   # keep\n  - a\n', { l: ['a', 'c', 'b'] }, byValue)).toBe('l:\n  - b   # keep\n  - a\n  - c\n');
  });

  it('ordered lists are replaced whole when they differ, in their style', () => {
    expect(patch('l: [1, 2]\n', { l: [2, 1] })).toBe('l: [ 2, 1 ]\n');
    expect(patch('l:\n  - 1\n  - 2\nz: 0\n', { l: [2], z: 0 })).toBe('l:\n  - 2\nz: 0\n');
  });

  it('indents new nested entries as the text does, and keeps CRLF', () => {
    expect(patch('a:\n    b: 1\n', { a: { b: 1, c: { d: 2 } } })).toBe('a:\n    b: 1\n    c:\n        d: 2\n');
    expect(patch('a: 1\r\nb: 2\r\n', { a: 1, b: 2, c: [1] })).toBe('a: 1\r\nb: 2\r\nc:\r\n  - 1\r\n');
  });

  it('a text without a final line break gains one before appended lines', () => {
    expect(patch('a: 1', { a: 1, b: 2 })).toBe('a: 1\nb: 2\n');
  });

  it('an empty document, or one with only comments, gets the value after its comments', () => {
    expect(patch('# only a comment\n', [{ a: 1 }])).toBe('# only a comment\n- a: 1\n');
    expect(patch('', { a: 1 })).toBe('a: 1\n');
  });

  it('an empty `[]` or `{}` standing for the whole document gets its entries in block style, its comments kept (review 8b L12)', () => {
    expect(patch('# head\n\n[]\n# - a: example\n', [{ a: 1 }, { a: 2, b: { c: [3] } }], byValue)).toBe('# head\n\n- a: 1\n\n- a: 2\n  b:\n    c:\n      - 3\n# - a: example\n');
    expect(patch('[]   # none yet\n', [{ a: 1 }], byValue)).toBe('# none yet\n- a: 1\n');
    expect(patch('{}\n', { a: 1, b: 2 })).toBe('a: 1\nb: 2\n');
    expect(patch('[]\n', [])).toBe('[]\n');
    // Below the root, an empty flow mapping stays flow (the writer's style for that field).
    expect(patch('tags: {}\n', { tags: { a: 'b' } })).toBe('tags: { a: b }\n');
  });

  it('an empty `[]` under a key gets its items in block style, as lxp writes a new list there; a comment on its line stays on the key\'s (review 10)', () => {
    const nested = '- name: Customers\n  children: []\n- name: Operators\n';
    const wanted = [{ name: 'Customers', children: [{ name: 'Customer 1', deviceIds: ['d1'] }] }, { name: 'Operators' }];
    const byName = { itemIdentity: (_p: readonly (string | number)[], item: unknown) => (item as { name?: string }).name };
    expect(patch(nested, wanted, byName)).toBe('- name: Customers\n  children:\n    - name: Customer 1\n      deviceIds:\n        - d1\n- name: Operators\n');
    expect(patch(nested.replace('[]', '[]   # none yet'), wanted, byName)).toBe('- name: Customers\n  children:  # none yet\n    - name: Customer 1\n      deviceIds:\n        - d1\n- name: Operators\n');
    // The same as a key lxp adds.
    expect(patch('- name: Customers\n- name: Operators\n', wanted, byName)).toBe(patch(nested, wanted, byName));
    // An ordered list too; a list that has items keeps its style.
    expect(patch('a: []\nz: 1\n', { a: [1, 2], z: 1 })).toBe('a:\n  - 1\n  - 2\nz: 1\n');
    expect(patch('a: [1]\n', { a: [1, 2] })).toBe('a: [ 1, 2 ]\n');
  });

  it('an alias says what its anchor says; one that must change is replaced where it stands', () => {
    expect(patch('a: &x { c: 1 }\nb: *x\n', { a: { c: 1 }, b: { c: 1 } })).toBe('a: &x { c: 1 }\nb: *x\n');
    expect(patch('a: &x { c: 1 }\nb: *x\n', { a: { c: 1 }, b: { c: 2 } })).toBe('a: &x { c: 1 }\nb: { c: 2 }\n');
  });

  it('refuses to edit YAML it cannot read', () => {
    expect(() => patch('a: [1\n', { a: 1 })).toThrow(/cannot edit YAML/);
  });
});
