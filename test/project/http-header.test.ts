// One rule for response headers: what the folder refuses is exactly what Node's http module
// refuses to write (review 8, M1), so nothing that passes validation fails every response.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { headerNameProblem, headerValueProblem } from '../../src/project/http-header.js';

const nodeTakes = (f: () => void) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

describe('headerNameProblem / headerValueProblem', () => {
  it('agree with Node on every character of Latin-1 and a few beyond', () => {
    const chars = [...Array(0x100).keys()].map((c) => String.fromCharCode(c)).concat(['€', '😀', '\u2028']);
    for (const c of chars) {
      const name = `X${c}Y`;
      expect(headerNameProblem(name) === undefined, JSON.stringify(name)).toBe(nodeTakes(() => validateHeaderName(name)));
      const value = `a${c}b`;
      expect(headerValueProblem(value) === undefined, JSON.stringify(value)).toBe(nodeTakes(() => validateHeaderValue('x', value)));
    }
  });

  it('say what is wrong in words', () => {
    expect(headerNameProblem('Bad Header')).toMatch(/^the header name "Bad Header" has a space: /);
    expect(headerNameProblem('X:Y')).toMatch(/has ":"/);
    expect(headerValueProblem('a\r\nb')).toMatch(/^the value has a line break/);
    expect(headerValueProblem('a\u0000')).toMatch(/a control character \(U\+0000\)/);
  });
});
