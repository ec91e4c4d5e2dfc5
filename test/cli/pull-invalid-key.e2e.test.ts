// Review 6b L-d: an endpoint of develop whose lxp-key tag has an empty, "." or ".." part (made
// through the API; lxp refuses such a key in endpoints.yaml) was pulled into endpoints.yaml
// without a word — "Pulled: 1 change applied" — and the next status refused the folder. The
// pull writes develop's copy as it is (it is what develop holds) and says so, naming the
// endpoint; its dry run says it first. The way out it names works: the key changed in the file
// and deployed updates the same endpoint.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const RULE = 'must be 1–255 letters, digits, "_", ".", "/" or "-", starting with a letter or digit, with no empty, "." or ".." part between slashes';

describe('lxp pull and an endpoint key lxp refuses', () => {
  it('writes it as develop has it and warns naming the endpoint (its dry run too); changing the key and deploying keeps the endpoint', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const evil = (await w.losant.experienceEndpoints.post({
      applicationId,
      experienceEndpoint: { method: 'get', route: '/evil', endpointTags: { 'lxp-key': 'a/../../x' }, staticReply: { type: 'redirect', value: '/' } },
    })) as { id: string };
    const warning = { file: 'endpoints.yaml', line: expect.any(Number), field: expect.stringMatching(/^\[\d+\]\.key$/), message: `develop's endpoint GET /evil (a/../../x): ${RULE}` };

    for (const paths of [['endpoints.yaml'], []]) {
      const dry = await lxp(w, 'pull', { json: true, dryRun: true }, paths);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.json.leftInvalid).toEqual([warning]);
    }
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).not.toContain('a/../../x');

    const text = await lxp(w, 'pull', {}, ['endpoints.yaml']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/warning endpoints\.yaml:\d+ \(\[\d+\]\.key\): develop's endpoint GET \/evil \(a\/\.\.\/\.\.\/x\): must be/);
    expect(text.stderr).toContain('status and deploy refuse the folder until it is changed there');
    const file = await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8');
    expect(file).toContain('key: a/../../x');
    // What the warning says: status refuses the folder.
    const status = await lxp(w, 'status', { json: true });
    expect(status.code).toBe(2);
    expect(status.json.issues).toEqual([expect.objectContaining({ file: 'endpoints.yaml', message: RULE })]);
    // …and so does a pull (endpoints.yaml does not read as lxp's: it cannot be edited in place).
    expect((await lxp(w, 'pull', { json: true })).code).toBe(2);

    // The way out: the key changed in the file, deployed — the same endpoint, its tag now the new key.
    await writeFile(path.join(w.dir, 'endpoints.yaml'), (await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).replace('key: a/../../x', 'key: a/x'));
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code, deploy.stderr).toBe(0);
    const after = (await w.losant.experienceEndpoint.get({ applicationId, experienceEndpointId: evil.id })) as { endpointTags?: Record<string, string> };
    expect(after.endpointTags?.['lxp-key']).toBe('a/x');
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
