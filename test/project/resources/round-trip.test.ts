// Whatever pull writes reads back valid and as the very records it was given: any endpoint,
// group tree or settings the API can hold, written to a new file and edited over an old one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointKind, type EndpointContent } from '../../../src/project/resources/endpoint.js';
import { groupKind, type GroupContent } from '../../../src/project/resources/group.js';
import { readEndpointsFile } from '../../../src/project/resources/read-endpoints.js';
import { readExperienceFile } from '../../../src/project/resources/read-experience.js';
import { readGroupsFile } from '../../../src/project/resources/read-groups.js';
import type { Reply } from '../../../src/project/resources/reply.js';
import { settingsDefaults, settingsKind, type SettingsContent } from '../../../src/project/resources/settings.js';
import { writeEndpointsFile, writeExperienceFile, writeGroupsFile } from '../../../src/project/resources/write-files.js';
import { tagKey, text, trickyText } from '../arbitraries.js';
import { headerValueProblem } from '../../../src/project/http-header.js';

const str = (min: number, max: number) => fc.oneof(text(min, max), trickyText(min, max));
const tags = fc.dictionary(tagKey.filter((k) => !k.startsWith('lxp-')), str(1, 40), { maxKeys: 3 });
const status = fc.option(fc.integer({ min: 100, max: 599 }), { nil: null });
const reply: fc.Arbitrary<Reply | null> = fc.option(
  fc.oneof(fc.record({ page: str(1, 60), status }), fc.record({ redirect: str(1, 60), status })),
  { nil: null },
);
const routes = ['/', '/a', '/devices/{deviceId}', '/files/{path*}', '/x/{y?}', '/a.b/{c}-{d}', '/api/v1/items/{id*2}'];
const noProto = (v: unknown): boolean =>
  Array.isArray(v) ? v.every(noProto) : v !== null && typeof v === 'object' ? Object.entries(v).every(([k, x]) => k !== '__proto__' && noProto(x)) : true;
const json = fc.jsonValue({ maxDepth: 3 }).filter(noProto);

const endpoint: fc.Arbitrary<EndpointContent> = fc.record({
  key: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,8}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,8}){0,2}$/), { nil: null }),
  method: fc.constantFrom('get', 'post', 'put', 'patch', 'delete', 'options'),
  route: fc.constantFrom(...routes),
  description: fc.oneof(fc.constant(''), str(0, 120)),
  enabled: fc.boolean(),
  access: fc.constantFrom('public', 'authenticated', 'group', 'device'),
  groups: fc.uniqueArray(str(1, 30), { maxLength: 3 }).map((g) => [...g].sort()),
  deviceIdTemplate: fc.option(str(0, 60), { nil: null }),
  tags,
  reply,
  unauthorized: reply,
});

describe('round trip: records → file → records', () => {
  it('endpoints (property)', () => {
    const set = fc.uniqueArray(endpoint, { selector: (e) => endpointKind.identity(e), maxLength: 4 }).filter((es) => {
      // Routes that clash are refused by the reader (and by Losant): not a state the API holds.
      const seen = new Set(es.map((e) => `${e.method} ${e.route.replace(/\{\w+\}/g, '{}')}`));
      return seen.size === es.length;
    });
    fc.assert(
      fc.property(set, set, (a, b) => {
        for (const text of [writeEndpointsFile(undefined, b), writeEndpointsFile(writeEndpointsFile(undefined, a), b)]) {
          const back = readEndpointsFile(text);
          expect(back.issues).toEqual([]);
          expect(back.records.map((r) => endpointKind.hash(r.content)).sort()).toEqual(b.map((e) => endpointKind.hash(e)).sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('groups (property)', () => {
    const groups = fc
      .tuple(
        fc.uniqueArray(str(1, 40), { maxLength: 5 }),
        fc.array(fc.record({ parent: fc.nat(5), description: fc.oneof(fc.constant(''), str(0, 80)), tags, deviceTags: fc.array(fc.record({ key: tagKey, value: fc.option(str(1, 30), { nil: undefined }) }, { requiredKeys: ['key'] }), { maxLength: 2 }), deviceQuery: fc.option(json, { nil: null }), deviceIds: fc.option(fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{24}$/), { maxLength: 2 }), { nil: null }) }), { minLength: 5, maxLength: 5 }),
      )
      .map(([names, rest]) =>
        names.map((name, i): GroupContent => {
          const p = rest[i].parent % (i + 1);
          const r = rest[i];
          return { name, parent: p < i ? names[p] : null, description: r.description, tags: r.tags, deviceTags: r.deviceTags.map((t) => (t.value === undefined ? { key: t.key } : { key: t.key, value: t.value })), deviceQuery: r.deviceQuery, deviceIds: r.deviceIds };
        }),
      );
    fc.assert(
      fc.property(groups, groups, (a, b) => {
        for (const text of [writeGroupsFile(undefined, b), writeGroupsFile(writeGroupsFile(undefined, a), b)]) {
          const back = readGroupsFile(text);
          expect(back.issues).toEqual([]);
          expect(back.records.map((r) => groupKind.hash(r.content)).sort()).toEqual(b.map((g) => groupKind.hash(g)).sort());
        }
      }),
      { numRuns: 200 },
    );
  });

  it('settings (property)', () => {
    const settings: fc.Arbitrary<SettingsContent> = fc.record({
      globals: fc.uniqueArray(fc.record({ key: tagKey, value: json, description: fc.oneof(fc.constant(''), str(0, 60)) }), { selector: (g) => g.key, maxLength: 3 }),
      cors: fc.record({ default: fc.boolean(), origins: fc.uniqueArray(str(8, 40), { maxLength: 2 }) }),
      notFound: reply,
      unauthorized: reply,
      // Header names are HTTP tokens, values what HTTP can carry (the rest is refused: review 8, M1).
      responseHeaders: fc.dictionary(fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/).filter((k) => k !== '__proto__'), str(1, 40).filter((v) => headerValueProblem(v) === undefined), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(settings, settings, (a, b) => {
        const old = writeExperienceFile(undefined, { settings: a, slugs: [], domains: [] });
        for (const text of [writeExperienceFile(undefined, { settings: b, slugs: [], domains: [] }), writeExperienceFile(old, { settings: b, slugs: [], domains: [] })]) {
          const back = readExperienceFile(text);
          expect(back.issues).toEqual([]);
          // Settings all at their defaults are written as no settings at all.
          expect(settingsKind.hash(back.settings?.content ?? settingsDefaults())).toBe(settingsKind.hash(b));
        }
      }),
      { numRuns: 200 },
    );
  });
});
