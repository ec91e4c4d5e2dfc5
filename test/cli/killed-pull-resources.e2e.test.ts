// A pull killed between writing endpoints.yaml (groups.yaml, experience.yaml: each written whole)
// and saving the records of its entries left the file holding develop's entries with the records
// of before. Right after, status was true (file and develop agree), but once a teammate edited such
// an entry in Losant, it read as changed on both sides — `conflict … local: changed`, and the next
// `lxp pull` refused — though nobody had touched the file. The pull now notes the records as
// write-ahead intents before it writes the file (src/sync/resource-intents.ts).
//
// The kill is made deterministic: the real pull runs in-process, and the moment it records the
// first entry after writing the file, what is on disk (the state file, its journal, the folder's
// endpoints.yaml) is copied — exactly what a SIGKILL at that instant leaves — and put back once
// the pull has returned.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/sync/connection.js';
import { pull } from '../../src/sync/index.js';
import { journalPath, loadStateFile, statePath, type StateStore } from '../../src/sync/state.js';
import { APP_ID, lxp, MAIN_AND_HOME, useWorlds, type World } from './helpers.js';

const openWorld = useWorlds();

const ENDPOINTS = '# our routes\n- route: /\n  reply: { page: home }\n  description: one\n- route: /b\n  reply: { page: home }\n  description: b1\n';

const endpointId = async (w: World, route: string) => ((await w.losant.experienceEndpoints.get({ applicationId: APP_ID })).items as Array<{ id: string; route: string }>).find((e) => e.route === route)!.id;
const describeAs = async (w: World, route: string, description: string) =>
  w.losant.experienceEndpoint.patch({ applicationId: APP_ID, experienceEndpointId: await endpointId(w, route), experienceEndpoint: { description } });

/** Runs `lxp pull` in-process and leaves the folder as a SIGKILL right after it wrote endpoints.yaml, before any record of it was saved, would. */
async function pullKilledAfterTheWrite(w: World): Promise<void> {
  const files = [statePath(w.dir), journalPath(w.dir), path.join(w.dir, 'endpoints.yaml')];
  let disk: Array<string | undefined> | undefined;
  const conn = await connect({ dir: w.dir, env: w.env });
  try {
    const report = await pull({
      dir: w.dir,
      client: conn.client,
      target: conn.target,
      onState: (store: StateStore) => {
        const setResource = store.setResource.bind(store);
        store.setResource = (kind, entry) => {
          disk ??= files.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined));
          setResource(kind, entry);
        };
      },
    });
    expect(report.exitCode, report.message).toBe(0);
  } finally {
    await conn.close();
  }
  expect(disk, 'the pull recorded an entry').toBeDefined();
  await Promise.all(files.map((f, i) => (disk![i] === undefined ? rm(f, { force: true }) : writeFile(f, disk![i]!))));
}

describe('a pull killed between writing endpoints.yaml and saving its records', () => {
  it("a teammate's later edit is changed remotely, not a conflict; an entry edited in the file since is the user's; the next pull finishes", async () => {
    const w = await openWorld({ files: { ...MAIN_AND_HOME, 'endpoints.yaml': ENDPOINTS } });
    expect((await lxp(w, 'deploy')).code).toBe(0);
    await describeAs(w, '/', 'two');
    await describeAs(w, '/b', 'b2');

    await pullKilledAfterTheWrite(w);
    const text = await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8');
    expect(text).toMatch(/description: two/);
    expect(text).toMatch(/^# our routes/);
    const t = Object.values((await loadStateFile(w.dir)).targets)[0];
    expect(t.unfinishedPull).toBe(true);
    // Right after the kill: the file and develop agree, and status says the pull did not finish.
    const right = await lxp(w, 'status');
    expect(right.stdout).toMatch(/A pull into this folder did not finish/);
    expect(right.stdout).not.toMatch(/conflict|changed/);

    // A teammate edits both endpoints again; the user edits /b in the file.
    await describeAs(w, '/', 'three');
    await describeAs(w, '/b', 'b3');
    await writeFile(path.join(w.dir, 'endpoints.yaml'), text.replace('description: b2', 'description: mine'));
    const status = await lxp(w, 'status', { json: true });
    const kinds = Object.fromEntries(status.json.changes.filter((c: any) => c.resource === 'endpoint').map((c: any) => [c.name, c.kind]));
    expect(kinds).toEqual({ 'GET /': 'changed-remote', 'GET /b': 'conflict' });

    // The pull takes develop's edit of / and refuses /b (changed on both sides); --force finishes it.
    const refused = await lxp(w, 'pull');
    expect(refused.code, refused.output).toBe(3);
    expect(refused.stdout).toMatch(/conflict endpoint +"GET \/b"/);
    expect(refused.stdout).not.toMatch(/conflict endpoint +"GET \/"/);
    const forced = await lxp(w, 'pull', { force: true });
    expect(forced.code, forced.output).toBe(0);
    expect(await readFile(path.join(w.dir, 'endpoints.yaml'), 'utf8')).toMatch(/description: three[\s\S]*description: b3/);
    const after = Object.values((await loadStateFile(w.dir)).targets)[0];
    expect(after.unfinishedPull).toBeUndefined();
    expect(after.resourceIntents).toBeUndefined();
    expect((await lxp(w, 'status', { exitCode: true })).code).toBe(0);
  });
});
