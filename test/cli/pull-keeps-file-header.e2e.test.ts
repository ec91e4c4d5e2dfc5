// Review 8 M2: a file's leading comment block (the explanation `lxp init`'s templates write at
// the top of experience.yaml, groups.yaml and endpoints.yaml, a team's note) sitting directly
// above the first entry went with that entry when a teammate deleted it in Losant: pull removes
// an entry with the comment lines directly above it. The file's leading comments describe the
// file: a pull never removes them. A comment after a blank line below them is the entry's and
// still goes with it. The templates leave a blank line after their header in all three files.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, type World } from './helpers.js';

const openWorld = useWorlds();

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const template = (name: string) => readFile(path.join(TEMPLATES, name), 'utf8');
/** The template's text up to its first blank line: its header. */
const headerOf = (text: string) => text.slice(0, text.indexOf('\n\n') + 1);

const DIRECTIVE = '# yaml-language-server: $schema=./node_modules/lxp/schema/endpoints.schema.json\n';

/** A teammate, in Losant (losant-rest): the last global, the group Ops and the endpoint /old deleted; then lxp pull. */
async function teammateDeletesThenPull(w: World): Promise<void> {
  const applicationId = w.server.applicationId;
  await w.losant.experienceVersion.patch({ applicationId, experienceVersionIdOrName: 'develop', experienceVersion: { globals: [] } });
  const groups = (await w.losant.experienceGroups.get({ applicationId })) as { items: { id: string; name: string }[] };
  await w.losant.experienceGroup.delete({ applicationId, experienceGroupId: groups.items.find((g) => g.name === 'Ops')!.id });
  const endpoints = (await w.losant.experienceEndpoints.get({ applicationId })) as { items: { id: string; route: string }[] };
  await w.losant.experienceEndpoint.delete({ applicationId, experienceEndpointId: endpoints.items.find((e) => e.route === '/old')!.id });
  const pull = await lxp(w, 'pull');
  expect(pull.code, pull.stderr).toBe(0);
}

describe('pull and a file\'s leading comment block', () => {
  it('keeps it when develop deletes the first entry right below it (experience.yaml, groups.yaml, endpoints.yaml), as written before the templates had a blank line', async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const expHeader = headerOf(await template('experience.yaml')).replace(/\n#\n# More: docs\/experience-files\.md\.\n$/, '\n');
    const groupsHeader = headerOf(await template('groups.yaml'));
    const note = `${DIRECTIVE}# ask Ann before changing routes\n`;
    const files = {
      'experience.yaml': `${expHeader}globals:                    # {{globals.<key>}} in views\n  - key: siteName\n    value: My experience\ncors: { default: true, origins: [https://example.com] }\n`,
      'groups.yaml': `${groupsHeader}- name: Ops\n`,
      'endpoints.yaml': `${note}- route: /old\n  reply: { page: about }\n\n- route: /\n  reply: { page: home }\n`,
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(w.dir, name), text);
    expect((await lxp(w, 'deploy')).code).toBe(0);

    await teammateDeletesThenPull(w);
    const read = (name: string) => readFile(path.join(w.dir, name), 'utf8');
    expect(await read('experience.yaml')).toBe(`${expHeader}cors: { default: true, origins: [https://example.com] }\n`);
    expect(await read('groups.yaml')).toBe(groupsHeader);
    expect(await read('endpoints.yaml')).toBe(`${note}\n- route: /\n  reply: { page: home }\n`);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it("the templates, filled in as they say: the header stays; an entry's own comment below it goes with the entry", async () => {
    const w = await openWorld();
    await writeSample(w.dir);
    const exp = await template('experience.yaml');
    const groups = await template('groups.yaml');
    const endpoints = await template('endpoints.yaml');
    // Each template's header ends at its first blank line, the same way in all three.
    for (const t of [exp, groups, endpoints]) expect(headerOf(t)).toMatch(/^# yaml-language-server: [^\n]*\n(#[^\n]*\n)+$/);
    // Uncommented as the template says (globals and cors); a group instead of []; an endpoint with its own comment.
    const uncommented = exp.replace(/^# (globals:|  - key: siteName|    value: My experience|    description: Shown|cors:)/gm, '$1');
    await writeFile(path.join(w.dir, 'experience.yaml'), uncommented);
    await writeFile(path.join(w.dir, 'groups.yaml'), groups.replace('\n[]\n', '\n# the on-call team\n- name: Ops\n'));
    await writeFile(path.join(w.dir, 'endpoints.yaml'), endpoints.replace('\n- route: /\n', '\n# the old start page\n- route: /old\n  reply: { page: about }\n\n- route: /\n'));
    expect((await lxp(w, 'deploy')).code).toBe(0);

    await teammateDeletesThenPull(w);
    const read = (name: string) => readFile(path.join(w.dir, name), 'utf8');
    const expAfter = await read('experience.yaml');
    expect(expAfter.startsWith(headerOf(exp))).toBe(true);
    expect(expAfter).not.toContain('siteName');
    const groupsAfter = await read('groups.yaml');
    expect(groupsAfter.startsWith(headerOf(groups))).toBe(true);
    expect(groupsAfter).not.toMatch(/on-call|name: Ops/);
    expect(groupsAfter).toContain('# - name: Customers');
    expect(await read('endpoints.yaml')).toBe(endpoints);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
