// Differences from Losant found by rendering Losant's published experience templates and its
// documentation examples: each case is written from what those show Losant doing.
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/engine.js';
import { component, page } from './fixtures.js';

const NOW = new Date('2024-03-05T14:07:09Z');
const APP = { id: 'b'.repeat(24), name: 'App' };

function render(body: string, ctx: Record<string, unknown> = {}, components: Array<[string, string]> = []): string {
  const r = createRenderer([page('t', body), ...components.map(([n, b]) => component(n, b))], { now: () => NOW, application: APP });
  return r.render('t', ctx as never).body;
}

describe('payload paths as helper arguments (valueByKey, indexByKey)', () => {
  const attributes = [
    { name: 'temperature', attributeTags: { alerting: 'true' }, 'dotted.key': 'a', readings: [3, 4] },
    { name: 'humidity', attributeTags: { alerting: 'false' }, 'dotted.key': 'b', readings: [5, 6] },
  ];

  it('"." is the whole object: the recipe attribute an alerting table looks up by name', () => {
    // Losant's Connected Product Foundation: (valueByKey recipe.attributes attribute.name 'name' '.')
    const body = "{{#with (valueByKey attributes 'humidity' 'name' '.') as |found|}}{{found.name}}={{found.attributeTags.alerting}}{{/with}}";
    expect(render(body, { attributes })).toBe('humidity=false');
  });

  it('bracket segments index arrays and escape names with dots, as in {{data.anArray.[1]}}', () => {
    expect(render("{{valueByKey attributes 'b' '[dotted.key]' 'readings.[1]'}}", { attributes })).toBe('6');
    expect(render("{{indexByKey attributes 4 'readings.[1]'}}", { attributes })).toBe('0');
  });
});

describe('values built by subexpressions are plain values', () => {
  it('obj keeps the text of a template, not the wrapper around it', () => {
    // Losant's Industrial Equipment Monitor: ctx=(obj deviceId-0=(template "{{request.query.device}}"))
    expect(JSON.parse(render('{{jsonEncode (obj id=(template "{{device}}") n=1)}}', { device: 'd1' }))).toEqual({ id: 'd1', n: 1 });
    const html = render('{{element "dashboard" dashboardId="x" ctx=(obj deviceId=(template "{{device}}"))}}', { device: 'd1' });
    expect(html).toContain('data-ctx="{&#34;deviceId&#34;:&#34;d1&#34;}"');
  });
});

describe('format', () => {
  it('returns any other value as a string ("returned as a string without mutation")', () => {
    expect(render('{{typeof (format flag)}} {{typeof (format "x")}} {{typeof (format 5)}}', { flag: false })).toBe('string string string');
    expect(render('[{{format nothing}}]')).toBe('[]');
  });
});

describe('the preview context matches the runtime’s (Losant’s Endpoint Trigger payload)', () => {
  it('no body is null; the endpoint has the API’s fields; the proxy header is there', () => {
    expect(render('{{typeof request.body}} {{jsonEncode request.body}}')).toBe('null null');
    expect(render('{{experience.endpoint.applicationId}} {{typeof experience.endpoint.experienceGroups}}')).toBe(`${APP.id} array`);
    expect(render('{{request.headers.x-forwarded-proto}}')).toBe('http');
  });
});
