// The server's experience runtimes are kept per version while they are served, and the least
// recently served are dropped beyond a bound, so a long-running `lxp server` that has served many
// versions does not keep every version's compiled templates for ever.
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/server/store/index.js';
import { RuntimeCache } from '../../src/server/experience/snapshot.js';
import type { VersionRecord } from '../../src/server/store/versions.js';
import type { UserDirectory } from '../../src/runtime/index.js';

const APP = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const version = (i: number): VersionRecord => ({ appId: APP, id: `v${i}`.padStart(24, '0'), name: `v${i}`, created: i, updated: i, doc: {} as VersionRecord['doc'] });

function cache(max: number): RuntimeCache {
  const store = Store.open();
  store.ensureApplication(APP, 'Fleet', { id: 'u', type: 'apiToken' });
  return new RuntimeCache(store, { usersFor: () => ({}) as UserDirectory }, max);
}

describe('RuntimeCache', () => {
  it('keeps a runtime while its version is unchanged (same object)', () => {
    const c = cache(4);
    const v = version(1);
    expect(c.get(APP, v)).toBe(c.get(APP, v));
  });

  it('drops the least recently served beyond its bound', () => {
    const c = cache(4);
    const first = c.get(APP, version(0));
    for (let i = 1; i < 40; i++) {
      c.get(APP, version(i));
      c.get(APP, version(0)); // served again and again: stays
    }
    expect(c.size).toBe(4);
    expect(c.get(APP, version(0))).toBe(first);
    const dropped = c.get(APP, version(1));
    expect(c.get(APP, version(1))).toBe(dropped);
    expect(c.size).toBe(4);
  });
});
