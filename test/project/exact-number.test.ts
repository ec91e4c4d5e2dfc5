// Numbers a double cannot hold (review 8 H1): which texts lose their value, develop's JSON text
// read with them kept exactly, written back as the same text, and the folder's check naming them.
import { describe, expect, it } from 'vitest';
import { ExactNumber, jsonTextOf, losesValue, parseJsonExact } from '../../src/project/exact-number.js';
import { canonicalJson } from '../../src/project/resources/canonical.js';
import { readExperienceFile } from '../../src/project/resources/read-experience.js';
import { readGroupsFile } from '../../src/project/resources/read-groups.js';

describe('losesValue', () => {
  it('is true only for a text whose value the double it reads as does not have', () => {
    for (const t of ['0', '-0', '0.1', '1.0', '1.50', '1e21', '5e-324', '9007199254740992', '-9007199254740992', '123.456e-7', '0x10', '0o17', '1.7976931348623157e308'])
      expect([t, losesValue(t)]).toEqual([t, false]);
    for (const t of ['9007199254740993', '-9007199254740993', '18014398509481985', '12345678901234567890', '3.14159265358979323846', '1.00000000000000000001', '1e400', '-1e400', '1e-400', '0x20000000000001'])
      expect([t, losesValue(t)]).toEqual([t, true]);
  });
});

describe('parseJsonExact and jsonTextOf', () => {
  it('keeps such numbers as develop wrote them, anywhere in the value, and writes them back as the same text', () => {
    const text = '{"a":[1,9007199254740993,"9007199254740993",{"b":-12345678901234567890}],"c":"x\\"1e400 2","d":1e400,"e":0.1}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v).toEqual({ a: [1, new ExactNumber('9007199254740993'), '9007199254740993', { b: new ExactNumber('-12345678901234567890') }], c: 'x"1e400 2', d: new ExactNumber('1e400'), e: 0.1 });
    expect(jsonTextOf(v)).toBe(text);
    // Everything else is JSON.parse's: what it refuses is refused, the last of two keys wins.
    expect(() => parseJsonExact('{"a": 12345678901234567890,}')).toThrow();
    expect(parseJsonExact('{"a":1,"a":12345678901234567890}')).toEqual({ a: new ExactNumber('12345678901234567890') });
  });

  it('hashes never take such a number for the double it rounds to, nor for its digits as text', () => {
    const rounded = canonicalJson({ v: 9007199254740992 });
    expect(canonicalJson({ v: new ExactNumber('9007199254740993') })).not.toBe(rounded);
    expect(canonicalJson({ v: new ExactNumber('9007199254740993') })).not.toBe(canonicalJson({ v: '9007199254740993' }));
    expect(canonicalJson({ v: new ExactNumber('1.50000000000000000001') })).toBe(canonicalJson({ v: new ExactNumber('1.500000000000000000010') }));
  });
});

describe("the folder's check", () => {
  it('refuses every number a double cannot hold in a global or a device query, at its field, and reads it exactly', () => {
    const read = readExperienceFile('globals:\n  - key: pi\n    value: 3.14159265358979323846\n  - key: ok\n    value: [0.1, 1.0, 1e21]\n  - key: big\n    value: { n: 0x20000000000001 }\n');
    expect(read.issues.map((i) => `${i.line} (${i.field}): ${i.message}`)).toEqual([
      '3 (globals[0].value): this number is more precise than a number holds (it would be sent as 3.141592653589793): quote it to keep it as text',
      '7 (globals[2].value.n): this integer has more digits than a number holds: quote it to keep it as text',
    ]);
    expect(read.settings!.content.globals.map((g) => g.value)).toEqual([new ExactNumber('3.14159265358979323846'), [0.1, 1, 1e21], { n: new ExactNumber('9007199254740993') }]);
    const groups = readGroupsFile('- name: A\n  deviceQuery: { attr: { $gt: 1e-400 } }\n');
    expect(groups.issues.map((i) => `${i.line} (${i.field}): ${i.message}`)).toEqual(['2 ([0].deviceQuery.attr.$gt): this number is more precise than a number holds (it would be sent as 0): quote it to keep it as text']);
  });

  it('names a number beyond the range, or a value JSON cannot hold, as the file writes it — never "Infinity" (review 8b L13)', () => {
    const read = readExperienceFile('globals:\n  - key: huge\n    value: 1e400\n  - key: inf\n    value: [1, -.Inf]\n  - key: nan\n    value: .NaN\n');
    expect(read.issues.map((i) => `${i.line} (${i.field}): ${i.message}`)).toEqual([
      '3 (globals[0].value): 1e400 is beyond the range of a number (it would be sent as null): quote it to keep it as text',
      '5 (globals[1].value[1]): -.Inf cannot be stored as JSON, which has no infinity or NaN: quote it to keep it as text',
      '7 (globals[2].value): .NaN cannot be stored as JSON, which has no infinity or NaN: quote it to keep it as text',
    ]);
    const groups = readGroupsFile('- name: A\n  deviceQuery: { attr: { $gt: -1e400 } }\n');
    expect(groups.issues.map((i) => `${i.line} (${i.field}): ${i.message}`)).toEqual(['2 ([0].deviceQuery.attr.$gt): -1e400 is beyond the range of a number (it would be sent as null): quote it to keep it as text']);
  });
});
