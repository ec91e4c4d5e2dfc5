// The users and groups half of lxp's API client (src/api/client.ts, types in src/api/types.ts), against the real local
// server, with losant-rest as the second opinion: one request path, so a lost create is looked
// up instead of re-sent, a gone user counts as deleted, lists page through everything.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { useOpener } from '../harness/lifecycle.js';
import { startTestServer } from '../harness/server.js';

const QUICK = { backoff: { baseMs: 5, maxMs: 50 } } as const;

const startServer = useOpener(startTestServer); // each test's server, stopped after it

describe('users and groups through lxp’s client', () => {
  it('lists groups, creates, finds (any case), patches, lists by group and deletes users', async () => {
    const server = await startServer();
    const { losant, applicationId } = server;
    const client = server.client(QUICK);
    const root = await losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Customers' } });
    const child = await losant.experienceGroups.post({ applicationId, experienceGroup: { name: 'Customer 1', parentId: root.id } });
    const groups = await client.listGroups();
    expect(groups.map((g) => [g.name, g.parentId])).toEqual([['Customer 1', root.id], ['Customers', null]]);

    const ann = await client.createUser({ email: 'Ann@Example.com', password: 'correct horse', firstName: 'Ann', experienceGroupIds: [child.id], userTags: { site: 's1' } });
    expect(ann).toMatchObject({ email: 'ann@example.com', firstName: 'Ann', userTags: { site: 's1' } });
    expect(JSON.stringify(ann)).not.toContain('correct horse');
    await client.createUser({ email: 'a*n@example.com', password: 'password1' });
    expect((await client.findUser('ANN@example.COM'))?.id).toBe(ann.id);
    // Glob characters in an email are matched literally: "a*n" is not "ann".
    expect((await client.findUser('a*n@example.com'))?.email).toBe('a*n@example.com');
    expect(await client.findUser('nobody@example.com')).toBeNull();

    const patched = await client.patchUser(ann.id, { lastName: 'Lee', experienceGroupIds: [root.id] });
    expect(patched.experienceGroups?.map((g) => g.name)).toEqual(['Customers']);
    expect((await losant.experienceUser.get({ applicationId, experienceUserId: ann.id })).lastName).toBe('Lee');

    // Ann in the parent group is, for Losant, a member of the child group too.
    expect((await client.listUsers({ groupId: child.id })).map((u) => u.email)).toEqual([]);
    expect((await client.listUsers({ groupId: child.id, includeAncestorGroups: true })).map((u) => u.email)).toEqual(['ann@example.com']);
    expect((await client.listUsers()).length).toBe(2);

    await client.deleteUser(ann.id);
    await client.deleteUser(ann.id); // gone already: the goal is met
    expect(await client.findUser('ann@example.com')).toBeNull();
    await expect(client.patchUser(ann.id, { lastName: 'x' })).rejects.toBeInstanceOf(ApiError);
  });

  it('never duplicates a user whose create response was lost: it looks the email up', async () => {
    // Every write's answer is dropped: a create can only succeed through the look-up.
    const server = await startServer({ dropRate: 1 });
    const client = server.client(QUICK);
    const u = await client.createUser({ email: 'lost@example.com', password: 'password1' });
    expect(u.email).toBe('lost@example.com');
    expect(client.stats.recoveredCreates).toBe(1);
    const all = await server.losant.experienceUsers.get({ applicationId: server.applicationId });
    expect(all.items.map((x: { email: string }) => x.email)).toEqual(['lost@example.com']);
  });
});
