// Losant's routing rules (hapi's router): valid routes, conflicts, and the most specific match.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conflicts, endpointKey, EndpointRouter, findConflict, routeParams, routeProblem, routesConflict } from '../../src/routing/index.js';

const get = (route: string) => ({ method: 'get', route });

describe('routeProblem', () => {
  it.each(['/', '/devices', '/devices/{deviceId}', '/devices/{deviceId}/{attribute?}', '/{var*}', '/files/{path*2}/x', '/x/file.{ext}', '/a/%20b', "/a-b_c.d~!$&'()*+,;=:@"])(
    'accepts %s',
    (route) => expect(routeProblem(route)).toBeUndefined(),
  );

  it.each([
    ['', 'empty'],
    ['devices', 'start with "/"'],
    ['/a b', 'segments'],
    ['/a//b', 'segments'],
    ['/{a?}/b', 'last segment only'],
    ['/{a*}/b', 'last segment only'],
    ['/{a}/{a}', 'used twice'],
    ['/%41', 'not escaped'],
    ['/' + 'a'.repeat(1024), 'at most 1024'],
  ])('refuses %j', (route, words) => expect(routeProblem(route)).toContain(words));

  it('is stateless: an escaped route does not hide the next one (hapi tests with a global regex)', () => {
    expect(routeProblem('/abcdef/%41')).toBeDefined();
    expect(routeProblem('/%41')).toBeDefined();
  });

  it('names parameters', () => expect(routeParams('/a/{b}/{c*2}/x.{d}')).toEqual(['b', 'c', 'd']));
});

describe('conflicts', () => {
  it('parameters at the same place conflict, whatever their names (Losant: /{deviceId} vs /{userId})', () => {
    expect(routesConflict(get('/{deviceId}'), get('/{userId}'))).toBe(true);
    expect(routesConflict(get('/devices/{id}'), get('/users/{id}'))).toBe(false);
  });

  it('only within one method', () => {
    expect(routesConflict(get('/{a}'), { method: 'post', route: '/{b}' })).toBe(false);
    expect(routesConflict(get('/a'), { method: 'GET', route: '/a' })).toBe(true);
  });

  it('an optional last parameter takes the route without it; two wildcards on one prefix conflict', () => {
    expect(routesConflict(get('/a'), get('/a/{b?}'))).toBe(true);
    expect(routesConflict(get('/a/{b?}'), get('/a'))).toBe(true);
    expect(routesConflict(get('/a/{b?}'), get('/a/{c}'))).toBe(true);
    expect(conflicts([get('/a'), get('/a/{b?}'), get('/a/{c}/d')])).toEqual([[get('/a'), get('/a/{b?}')]]);
    expect(routesConflict(get('/{any*}'), get('/{rest*}'))).toBe(true);
    expect(routesConflict(get('/a/{b*}'), get('/{rest*}'))).toBe(false);
  });

  it('literal, parameter and wildcard routes live side by side', () => {
    expect(conflicts([get('/devices'), get('/devices/new'), get('/devices/{id}'), get('/{any*}')])).toEqual([]);
  });

  it('returns every pair [earlier, later]; invalid routes are left to routeProblem', () => {
    const a = get('/{a}');
    const b = get('/{b}');
    const c = get('/{c}');
    const bad = get('bad');
    expect(conflicts([a, bad, b, c])).toEqual([
      [a, b],
      [a, c],
      [b, c],
    ]);
    expect(findConflict([get('/x'), a], get('/{z}'))).toBe(a);
    expect(findConflict([get('/x')], get('/{z}'))).toBeUndefined();
  });
});

describe('EndpointRouter', () => {
  const routes = [get('/{any*}'), get('/devices/{deviceId}'), get('/devices/new'), get('/devices'), get('/files/{name}.{ext}'), get('/files/{name}'), get('/opt/{a?}'), { method: 'post', route: '/devices' }];
  const router = new EndpointRouter(routes);
  const at = (path: string, method = 'get') => {
    const m = router.match(method, path);
    return m.kind === 'match' ? [`${m.endpoint.method} ${m.endpoint.route}`, m.params] : [m.kind];
  };

  it('literal beats parameter beats wildcard, whatever the creation order', () => {
    expect(at('/devices/new')).toEqual(['get /devices/new', {}]);
    expect(at('/devices/42')).toEqual(['get /devices/{deviceId}', { deviceId: '42' }]);
    expect(at('/devices/42/more')).toEqual(['get /{any*}', { any: 'devices/42/more' }]);
    expect(at('/')).toEqual(['get /{any*}', { any: '' }]);
  });

  it('a wildcard also matches no segment at all, as the template says (review 8, L2)', () => {
    const files = new EndpointRouter([get('/files/{path*}')]);
    const m = files.match('get', '/files');
    expect(m.kind === 'match' ? m.params : m.kind).toEqual({});
    const template = readFileSync(new URL('../../templates/endpoints.yaml', import.meta.url), 'utf8');
    expect(template).toMatch(/\{path\*\} the rest \(none too\)/);
    expect(template).not.toMatch(/required/);
  });

  it('mixed segments before plain parameters; optional parameters', () => {
    expect(at('/files/report.pdf')).toEqual(['get /files/{name}.{ext}', { name: 'report', ext: 'pdf' }]);
    expect(at('/files/report')).toEqual(['get /files/{name}', { name: 'report' }]);
    expect(at('/opt')).toEqual(['get /opt/{a?}', {}]);
    expect(at('/opt/x')).toEqual(['get /opt/{a?}', { a: 'x' }]);
  });

  it('decodes parameters; a bad escape is a bad path; a trailing slash falls back to the route without it', () => {
    expect(at('/devices/a%20b')).toEqual(['get /devices/{deviceId}', { deviceId: 'a b' }]);
    expect(at('/devices/%E0%A4%A')).toEqual(['badPath']);
    expect(at('/devices/')).toEqual(['get /devices', {}]);
  });

  it('per method; HEAD uses GET routes; unknown methods find nothing', () => {
    expect(at('/devices', 'POST')).toEqual(['post /devices', {}]);
    expect(at('/devices/1', 'head')).toEqual(['get /devices/{deviceId}', { deviceId: '1' }]);
    expect(at('/devices/1', 'delete')).toEqual(['notFound']);
  });

  it('skips what it cannot hold', () => {
    const r = new EndpointRouter([get('/{a}'), get('/{b}'), get('nope')]);
    expect(r.skipped.map((e) => e.route)).toEqual(['/{b}', 'nope']);
  });
});

describe('endpointKey', () => {
  it('follows Losant export names', () => {
    expect(endpointKey(get('/'))).toBe('get');
    expect(endpointKey(get('/devices/{deviceId}'))).toBe('getDevicesDeviceId');
    expect(endpointKey({ method: 'POST', route: '/admin/alerting/{deviceRecipeId?}' })).toBe('postAdminAlertingDeviceRecipeId');
    expect(endpointKey(get('/{any*}'))).toBe('getAny');
    expect(endpointKey(get('/script.js'))).toBe('getScriptJs');
  });
});
