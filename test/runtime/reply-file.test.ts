// Reply files, parsed without a server: scenarios, merging, and errors that name the file.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReplyFile, replyFileProvider, ReplyError } from '../../src/runtime/index.js';
import { issueToken, verifyToken } from '../../src/runtime/index.js';
import { useTempRoots } from '../harness/lifecycle.js';

const fails = (text: string, wanted?: string) => {
  try {
    parseReplyFile('replies/x.yaml', text, wanted);
  } catch (err) {
    expect(err).toBeInstanceOf(ReplyError);
    return err as ReplyError;
  }
  throw new Error('expected a ReplyError');
};

describe('parseReplyFile', () => {
  it('one reply; status, headers and cookies', () => {
    expect(parseReplyFile('replies/x.yaml', 'json: { ok: true }\nstatus: 201\nheaders: { X-A: b }\ncookies: { a: "1", gone: null }')).toEqual({
      kind: 'json',
      json: { ok: true },
      status: 201,
      headers: { 'x-a': 'b' },
      cookies: { a: '1', gone: null },
      source: 'replies/x.yaml',
    });
  });

  it('scenarios share the top-level fields: kind replaced, headers added, pageData merged', () => {
    const text = 'page: p\npageData: { a: 1, b: { c: 2 } }\nheaders: { x: "1" }\nscenarios:\n  first: {}\n  other: { pageData: { b: { d: 3 } }, headers: { y: "2" } }\n  gone: { redirect: /login }\n';
    expect(parseReplyFile('r.yaml', text)).toMatchObject({ kind: 'page', scenario: 'first', pageData: { a: 1, b: { c: 2 } } });
    expect(parseReplyFile('r.yaml', text, 'other')).toMatchObject({ kind: 'page', pageData: { a: 1, b: { c: 2, d: 3 } }, headers: { x: '1', y: '2' } });
    // Review 9, M1: the shared page's pageData (and layout) go with the page a redirect replaces.
    const gone = parseReplyFile('r.yaml', text, 'gone');
    expect(gone).toMatchObject({ kind: 'redirect', location: '/login', headers: { x: '1' } });
    expect(gone).not.toHaveProperty('pageData');
    const withLayout = 'page: p\nlayout: null\npageData: { a: 1 }\nscenarios:\n  text: { body: hi }\n  data: { json: [1] }\n  other: { page: q }\n';
    expect(parseReplyFile('r.yaml', withLayout, 'text')).toMatchObject({ kind: 'body', body: 'hi' });
    expect(parseReplyFile('r.yaml', withLayout, 'data')).toMatchObject({ kind: 'json', json: [1] });
    expect(parseReplyFile('r.yaml', withLayout, 'other')).toMatchObject({ kind: 'page', page: 'q', layout: null, pageData: { a: 1 } });
    // A shared body's contentType goes with it too; a scenario's own misplaced field still fails.
    expect(parseReplyFile('r.yaml', 'body: hi\ncontentType: text/csv\nscenarios:\n  p: { page: x }\n', 'p')).toMatchObject({ kind: 'page', page: 'x' });
    expect(() => parseReplyFile('r.yaml', 'page: p\nscenarios:\n  r: { redirect: /x, pageData: { a: 1 } }\n', 'r')).toThrow('"layout" and "pageData" go with "page" only (scenario "r")');
    expect(parseReplyFile('r.yaml', 'scenarios:\n  a: { json: 1 }\n  default: { json: 2 }\n')).toMatchObject({ json: 2, scenario: 'default' });
  });

  // Review 10b, F4: no key a reply file writes vanishes — __proto__ and constructor are keys like any other.
  it('keeps keys called __proto__ and constructor: in pageData merged from a scenario, and a scenario\'s own field is refused as unknown', () => {
    const text = 'page: p\npageData: { constructor: 1, a: { __proto__: 2 } }\nscenarios:\n  s: { pageData: { __proto__: 3, a: { constructor: 4 } } }\n  bad: { __proto__: 5 }\n';
    const merged = parseReplyFile('r.yaml', text, 's') as { pageData: Record<string, unknown> };
    expect(JSON.stringify(merged.pageData)).toBe('{"constructor":1,"a":{"__proto__":2,"constructor":4},"__proto__":3}');
    expect(fails(text, 'bad').message).toContain('unknown field "__proto__" (scenario "bad")');
  });

  it('refuses what it cannot use, naming the problem', () => {
    expect(fails('page: p\njson: 1').message).toContain('gives page and json: give only one');
    expect(fails('status: 200').message).toContain('give one of page, json, redirect or body');
    expect(fails('json: 1\nstatus: 99').message).toContain('"status"');
    expect(fails('json: 1\nextra: 1').message).toContain('unknown field "extra"');
    expect(fails('json: 1\npageData: {}').message).toContain('go with "page" only');
    const yaml = fails('page: [unclosed');
    expect(yaml.status).toBe(500);
    expect(yaml.message).toContain('invalid YAML');
    const scenario = fails('json: 1\nscenarios: { a: {}, b: {} }', 'c');
    expect(scenario.status).toBe(400);
    expect(scenario.message).toBe('no scenario "c" (available: a, b)');
  });
});

describe('replyFileProvider', () => {
  const tempDir = useTempRoots('file'); // removed after the describe's last test
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('lxp-replies-');
    await mkdir(join(dir, 'replies'));
    await writeFile(join(dir, 'replies', 'getA.json'), '{"json": [1]}');
  });
  const endpoint = { method: 'get', route: '/a', enabled: true, access: 'public' as const, experienceGroupIds: [] };

  it('reads replies/<key>.yaml|yml|json; none is undefined; keys cannot leave the folder', async () => {
    const p = replyFileProvider({ dir });
    expect(await p.reply({ endpoint, key: 'getA' })).toMatchObject({ kind: 'json', json: [1], source: 'replies/getA.json' });
    expect(await p.reply({ endpoint, key: 'getB' })).toBeUndefined();
    expect(await p.reply({ endpoint, key: '../replies/getA' })).toBeUndefined();
    expect(p.hint({ endpoint, key: 'getB' })).toContain('replies/getB.yaml');
    // Review 6b L-d: the hint states the whole rule, not one a key like this already meets.
    expect(p.hint({ endpoint, key: 'a/../x' })).toContain('with no empty, "." or ".." part between slashes (the key "a/../x" cannot name a file)');
  });
});

describe('tokens', () => {
  it('verify what the same secret signed, until expiry; refuse tampering and other secrets', () => {
    const secret = Buffer.alloc(32, 1);
    const now = new Date('2026-01-01T00:00:00Z');
    const token = issueToken(secret, 'u1', 'a1', now);
    expect(verifyToken(secret, token, now)).toMatchObject({ sub: 'u1', app: 'a1' });
    expect(verifyToken(Buffer.alloc(32, 2), token, now)).toBeUndefined();
    expect(verifyToken(secret, token.slice(0, -2) + 'xx', now)).toBeUndefined();
    expect(verifyToken(secret, token, new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
  });
});
