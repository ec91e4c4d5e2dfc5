import { describe, expect, it } from 'vitest';
import { buildRootContext, deepMerge, parseSidecar, pickScenario, sidecarCandidates, SidecarError } from '../../src/render/context.js';
import { globalsOf } from '../../src/runtime/context.js';

describe('root context', () => {
  it('defaults to an anonymous GET of the page route', () => {
    const now = new Date('2024-01-01T00:00:00Z');
    const ctx = buildRootContext({ now, pageName: 'admin/users' });
    expect(ctx.time).toEqual(now);
    expect(ctx.experience.user).toBeNull();
    expect(ctx.request).toMatchObject({ path: '/admin/users', method: 'get', query: {}, params: {}, cookies: {} });
    expect(ctx.experience.endpoint.route).toBe('/admin/users');
    expect(ctx.experience.version).toBe('develop');
    expect(ctx.globals).toEqual({});
  });

  it('merges overrides deeply, later wins, arrays replaced, time kept a Date', () => {
    const ctx = buildRootContext({}, { request: { query: { a: '1' } }, pageData: { list: [1, 2] } }, { request: { query: { b: '2' } }, pageData: { list: [3] }, time: '2020-02-02T00:00:00Z' });
    expect(ctx.request.query).toEqual({ a: '1', b: '2' });
    expect(ctx.request.method).toBe('get');
    expect(ctx.pageData).toEqual({ list: [3] });
    expect(ctx.time).toBeInstanceOf(Date);
    expect((ctx.time as Date).toISOString()).toBe('2020-02-02T00:00:00.000Z');
  });

  // Review 10b, F4: the keys were dropped without a word; they are kept as own keys, and no prototype is reached.
  it('deepMerge keeps every key as its own, __proto__, constructor and prototype included, and pollutes nothing', () => {
    const merged = deepMerge({ b: { c: 1 } } as Record<string, unknown>, JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 2, "a": 1, "b": {"__proto__": {"d": 2}}}'));
    expect(JSON.stringify(merged)).toBe('{"b":{"c":1,"__proto__":{"d":2}},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":2,"a":1}');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.b)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('globals', () => {
  it('a global called __proto__ or constructor is kept (review 10b, F4)', () => {
    const g = globalsOf([{ key: '__proto__', json: '{"a":1}' }, { key: 'constructor', json: 'text' }]);
    expect(JSON.stringify(g)).toBe('{"__proto__":{"a":1},"constructor":"text"}');
    expect(Object.getPrototypeOf(g)).toBe(Object.prototype);
  });
});

describe('sidecars', () => {
  it('sit beside the page file', () => {
    expect(sidecarCandidates('pages/admin/users.hbs')).toEqual(['pages/admin/users.preview.json', 'pages/admin/users.preview.yaml', 'pages/admin/users.preview.yml']);
  });

  it('hold named scenarios (JSON or YAML); the URL picks one, default otherwise', () => {
    const json = parseSidecar('pages/home.preview.json', JSON.stringify({ scenarios: { anonymous: { pageData: { a: 1 } }, signedIn: { experience: { user: { firstName: 'Ann' } } } } }));
    expect(json.names).toEqual(['anonymous', 'signedIn']);
    expect(pickScenario(json, undefined).name).toBe('anonymous');
    expect(pickScenario(json, 'signedIn').data).toEqual({ experience: { user: { firstName: 'Ann' } } });
    const yaml = parseSidecar('pages/home.preview.yaml', 'scenarios:\n  default:\n    pageData: {x: 1}\n  other: {}\n');
    expect(pickScenario(yaml, undefined)).toEqual({ name: 'default', data: { pageData: { x: 1 } } });
  });

  it('a file without "scenarios" is the one scenario "default"', () => {
    const s = parseSidecar('pages/home.preview.yml', 'pageData:\n  title: T\n');
    expect(s.names).toEqual(['default']);
    expect(pickScenario(s, undefined).data).toEqual({ pageData: { title: 'T' } });
  });

  it('bad files and unknown scenarios are errors with file and line', () => {
    const badJson = (() => {
      try {
        parseSidecar('pages/home.preview.json', '{\n  "pageData": {\n    "a": 1,\n  }\n}');
      } catch (e) {
        return e as SidecarError;
      }
    })();
    expect(badJson).toBeInstanceOf(SidecarError);
    expect(badJson!.file).toBe('pages/home.preview.json');
    expect(badJson!.line).toBe(4);
    const badYaml = (() => {
      try {
        parseSidecar('pages/home.preview.yaml', 'pageData:\n  a: [1\n');
      } catch (e) {
        return e as SidecarError;
      }
    })();
    expect(badYaml).toBeInstanceOf(SidecarError);
    expect(badYaml!.line).toBeGreaterThanOrEqual(2);
    expect(() => parseSidecar('p.preview.json', '[1]')).toThrow(/must hold an object/);
    // Review 10b, F4: a scenario called __proto__ is one like any other, listed and picked.
    const proto = parseSidecar('p.preview.json', '{"scenarios":{"__proto__":{"pageData":{"a":1}},"b":{}}}');
    expect(proto.names).toEqual(['__proto__', 'b']);
    expect(pickScenario(proto, '__proto__')).toEqual({ name: '__proto__', data: { pageData: { a: 1 } } });
    expect(() => pickScenario(parseSidecar('p.preview.json', '{"scenarios":{"a":{}}}'), 'b', 'p.preview.json')).toThrow(/no scenario "b" \(available: a\)/);
  });
});
