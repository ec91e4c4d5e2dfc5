// Review 7 M2: a page or group renamed in Losant while the folder edited an endpoint naming it.
// The pull renamed the page (group) but kept the old name in the edited entry, said "Pulled"
// (exit 0), and the folder then failed validation. The kept entry now takes the new name (the
// same id: the rename is develop's, the edit the folder's) and stays "changed locally".
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxp, useWorlds, MAIN_AND_HOME } from './helpers.js';

const openWorld = useWorlds();

const ENDPOINTS = [
  '- route: /',
  '  reply: { page: home }   # the start page',
  '  key: home',
  '- route: /adm',
  '  access: group',
  '  groups: [Administrators]',
  '  reply: { page: home }',
  '  key: adm',
  '',
].join('\n');

describe('a page or group renamed in Losant while the folder edited an entry naming it', () => {
  it('pull keeps the edit and writes the new name into the entry; the folder stays valid and the edit deploys', async () => {
    const w = await openWorld({ files: MAIN_AND_HOME });
    const applicationId = w.server.applicationId;
    await writeFile(path.join(w.dir, 'groups.yaml'), '- name: Administrators   # admins\n');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), ENDPOINTS);
    expect((await lxp(w, 'deploy')).code).toBe(0);

    const home = (await w.remoteViews()).find((v) => v.name === 'home')!;
    await w.losant.experienceView.patch({ applicationId, experienceViewId: home.id, experienceView: { name: 'home2' } });
    const admins = ((await w.losant.experienceGroups.get({ applicationId })).items as any[]).find((g) => g.name === 'Administrators');
    await w.losant.experienceGroup.patch({ applicationId, experienceGroupId: admins.id, experienceGroup: { name: 'Admins' } });
    const edited = ENDPOINTS.replace('  key: home\n', '  key: home\n  description: local desc\n').replace('  key: adm\n', '  key: adm\n  description: local adm\n');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), edited);

    const pull = await lxp(w, 'pull');
    expect(pull.code, pull.output).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).toBe(
      edited.replaceAll('{ page: home }', '{ page: home2 }').replace('[Administrators]', '[Admins]'),
    );
    const status = await lxp(w, 'status', { json: true });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json.changes.filter((c: any) => c.kind !== 'in-sync').map((c: any) => `${c.resource}:${c.name}:${c.kind}`).sort()).toEqual(['endpoint:adm:changed-local', 'endpoint:home:changed-local']);
    const deploy = await lxp(w, 'deploy');
    expect(deploy.code, deploy.output).toBe(0);
    const endpoints = (await w.losant.experienceEndpoints.get({ applicationId })).items as any[];
    expect(endpoints.find((e) => e.route === '/').description).toBe('local desc');
    expect(endpoints.find((e) => e.route === '/').staticReply.value).toBe(home.id);
    expect(endpoints.find((e) => e.route === '/adm').experienceGroups.map((g: any) => g.id)).toEqual([admins.id]);
    expect((await lxp(w, 'status', { json: true })).json.outcome).toBe('in-sync');
  });
});
