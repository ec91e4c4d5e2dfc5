// Review 8 H1: Losant keeps a global's value and a group's device query as JSON text, so develop
// can hold a number a double cannot (9007199254740993, 12345678901234567890). It was pulled as
// another number (…992, 12345678901234567000) without a word, status and diff then said "in
// sync", and the next deploy of the settings (or the group) stored the rounded number on
// develop. Now: status compares exactly (develop changed: it says so), pull writes develop's
// digits as they are and warns (lxp cannot send such a number: the folder refuses it, "quote
// it"), and a deploy never writes another number over it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, type World } from './helpers.js';
import { writeExperience } from './resources.fixtures.js';

const openWorld = useWorlds();

const EXPERIENCE = `globals:
  - key: brandColor
    value: "#0af"
  - key: big
    value: 9007199254740992 # 2^53: a double holds it
`;

const QUOTE_IT = 'this integer has more digits than a number holds: quote it to keep it as text';

async function developGlobals(w: World): Promise<{ key: string; json: string }[]> {
  const v = (await w.losant.experienceVersion.get({ applicationId: w.server.applicationId, experienceVersionIdOrName: 'develop' })) as { globals: { key: string; json: string }[] };
  return v.globals.map((g) => ({ key: g.key, json: g.json }));
}

describe('a number a double cannot hold, set on develop', () => {
  it('a global: status and diff see the change, deploy refuses to overwrite it, pull writes its digits and warns; quoting it is the way out', async () => {
    const w = await openWorld();
    await writeExperience(w.dir, { experience: EXPERIENCE });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    // A teammate, in Losant: big becomes 2^53 + 1 (kept by Losant as the JSON text it was given).
    await w.losant.experienceVersion.patch({
      applicationId,
      experienceVersionIdOrName: 'develop',
      experienceVersion: { globals: [{ key: 'brandColor', json: '"#0af"' }, { key: 'big', json: '9007199254740993' }] },
    });

    // Compared exactly: develop changed (it was "in sync").
    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.outcome).not.toBe('in-sync');
    const diff = await lxp(w, 'diff', {}, ['experience.yaml']);
    expect(diff.stdout).toContain('-    value: 9007199254740993');
    expect(diff.stdout).toContain('+    value: 9007199254740992');

    // A local edit of another global: the deploy refuses (develop changed too), never writing …992 over …993.
    const file = path.join(w.dir, 'experience.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"#0af"', '"#f00"'));
    const deploy = await lxp(w, 'deploy', { json: true });
    expect(deploy.code).toBe(3); // a conflict: changed here and on develop
    expect(await developGlobals(w)).toContainEqual({ key: 'big', json: '9007199254740993' });
    await writeFile(file, (await readFile(file, 'utf8')).replace('"#f00"', '"#0af"'));

    // Pull: develop's digits, as they are (comment kept), and a warning naming the field; its dry run says it first.
    const warning = { file: 'experience.yaml', line: 5, field: 'globals[1].value', message: QUOTE_IT };
    const dry = await lxp(w, 'pull', { json: true, dryRun: true });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json.leftInvalid).toEqual([warning]);
    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toContain(`warning experience.yaml:5 (globals[1].value): ${QUOTE_IT}`);
    expect(await readFile(file, 'utf8')).toBe(EXPERIENCE.replace('9007199254740992 #', '9007199254740993 #'));
    // What the warning says: status refuses the folder; develop still holds its number.
    const refused = await lxp(w, 'status', { json: true });
    expect(refused.code).toBe(2);
    expect(refused.json.issues).toEqual([expect.objectContaining(warning)]);
    expect(await developGlobals(w)).toContainEqual({ key: 'big', json: '9007199254740993' });

    // The way out the message names: quoted, it is text, and deploys as that.
    await writeFile(file, (await readFile(file, 'utf8')).replace('value: 9007199254740993', 'value: "9007199254740993"'));
    const quoted = await lxp(w, 'deploy', { json: true });
    expect(quoted.code, quoted.stderr).toBe(0);
    expect(await developGlobals(w)).toContainEqual({ key: 'big', json: '"9007199254740993"' });
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });

  it('a group\'s device query: pulled with its digits and a warning, never as another number; status refuses the folder', async () => {
    const w = await openWorld();
    await writeExperience(w.dir);
    expect((await lxp(w, 'deploy')).code).toBe(0);
    const applicationId = w.server.applicationId;
    const { items } = (await w.losant.experienceGroups.get({ applicationId, perPage: 1000 })) as { items: { id: string; name: string }[] };
    const operators = items.find((g) => g.name === 'Operators')!;
    const query = '{"$and":[{"id":{"$eq":"a"}},{"attr":{"$gt":12345678901234567890}}]}';
    await w.losant.experienceGroup.patch({ applicationId, experienceGroupId: operators.id, experienceGroup: { deviceQueryJson: query } });

    const pull = await lxp(w, 'pull', {}, ['groups.yaml']);
    expect(pull.code, pull.stderr).toBe(0);
    const text = await readFile(path.join(w.dir, 'groups.yaml'), 'utf8');
    expect(text).toContain('12345678901234567890');
    expect(text).not.toContain('12345678901234567000');
    expect(pull.stderr).toMatch(/warning groups\.yaml:\d+ \(\[1\]\.deviceQuery\.\$and\[1\]\.attr\.\$gt\): this integer has more digits than a number holds: quote it to keep it as text/);
    const status = await lxp(w, 'status', { json: true });
    expect(status.code).toBe(2);
    const group = (await w.losant.experienceGroup.get({ applicationId, experienceGroupId: operators.id })) as { deviceQueryJson: string };
    expect(group.deviceQueryJson).toBe(query);
  });

  // Review 8b L13: a number beyond a double's range was refused as "Infinity cannot be stored as
  // JSON" — a value the file does not hold. The message names the text as written.
  it('a global beyond the range of a number: the pull\'s warning and the refusal name it as written (1e400), never "Infinity"', async () => {
    const w = await openWorld();
    await writeExperience(w.dir, { experience: EXPERIENCE });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await w.losant.experienceVersion.patch({
      applicationId: w.server.applicationId,
      experienceVersionIdOrName: 'develop',
      experienceVersion: { globals: [{ key: 'brandColor', json: '"#0af"' }, { key: 'big', json: '1e400' }] },
    });
    const message = '1e400 is beyond the range of a number (it would be sent as null): quote it to keep it as text';
    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stderr).toContain(`warning experience.yaml:5 (globals[1].value): ${message}`);
    expect(await readFile(path.join(w.dir, 'experience.yaml'), 'utf8')).toContain('value: 1e400 #');
    const refused = await lxp(w, 'status', { json: true });
    expect(refused.code).toBe(2);
    expect(refused.json.issues).toEqual([expect.objectContaining({ file: 'experience.yaml', line: 5, field: 'globals[1].value', message })]);
    expect(JSON.stringify(refused.json)).not.toContain('Infinity');
  });
});
