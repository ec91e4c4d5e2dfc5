// A deploy records each view it creates with the content hash its plan already took: the change's
// content carries that hash (views are never changed in place), so the record does not hash the
// content a second time (~30 µs a view, 300 views in a first deploy's request phase).
import { describe, expect, it, vi } from 'vitest';

const hashes = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    hash: (...args: Parameters<typeof real.hash>) => {
      hashes.calls++;
      return real.hash(...args);
    },
  };
});

const { plan } = await import('../../src/sync/plan.js');
const { canonicalContent, hashContent, VIEW_TYPE_FOLDERS } = await import('../../src/project/view.js');
const { createHash } = await import('node:crypto');

describe('content hashes a plan took', () => {
  it("are reused for the created changes' content, and are the content's own hash", () => {
    const views = ['home', 'about', 'contact'].map((name) => ({
      viewType: 'page' as const,
      name,
      description: '',
      layout: null,
      contentType: null,
      tags: { keep: 'x' },
      body: `<h1>${name}</h1>`,
      file: `${VIEW_TYPE_FOLDERS.page}/${name}.hbs`,
    }));
    const p = plan({
      direction: 'deploy',
      local: views,
      remote: [],
      state: { target: 't', applicationId: 'a', fullSync: false, views: {} },
      fileFor: (vt, name) => `${VIEW_TYPE_FOLDERS[vt]}/${name}.hbs`,
    });
    const creates = p.changes.filter((c) => c.action === 'create');
    expect(creates).toHaveLength(3);
    const before = hashes.calls;
    const recorded = creates.map((c) => hashContent(c.local!));
    expect(hashes.calls - before).toBe(0);
    for (const [i, c] of creates.entries()) {
      expect(recorded[i]).toBe(createHash('sha256').update(canonicalContent(c.local!)).digest('hex'));
    }
  });
});
