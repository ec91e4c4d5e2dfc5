// Reply files (replies/), the sample users (users.csv) and preview data stand in for what only
// Losant has (workflows, people); they serve local runs and are never deployed (the endpoint a
// reply file answers for is): deploy, status, pull and watch leave them alone, whatever they are named.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { lxp, useWorlds, writeSample, writeView } from '../cli/helpers.js';
import { APP_ID } from '../harness/server.js';

const openWorld = useWorlds();

const LOCAL_ONLY: Record<string, string> = {
  'replies/getHome.yaml': 'page: home\npageData: { title: from a reply file }\n',
  'replies/pages/trap.hbs': '<p>not a view: replies/ is never read as views</p>\n',
  'replies/reports/monthly.yaml': 'json: { ok: true }\n',
  'users.csv': 'email,firstName,lastName,groups,password\nada@example.com,Ada,Lovelace,,\n',
  'pages/home.preview.yaml': 'pageData: { title: sample }\n',
};

it('deploy sends the views and endpoints, none of the local-only files; status is in sync; pull writes none of them', async () => {
  const world = await openWorld();
  await writeSample(world.dir);
  // The endpoint replies/getHome.yaml stands in for: it deploys, its reply file does not.
  await writeView(world.dir, 'endpoints.yaml', '- route: /home\n');
  for (const [file, text] of Object.entries(LOCAL_ONLY)) await writeView(world.dir, file, text);

  const deployed = await lxp(world, 'deploy', { json: true });
  expect(deployed.code).toBe(0);
  expect(deployed.json.changes.map((c: any) => c.file).sort()).toEqual(['components/header.hbs', 'endpoints.yaml', 'layouts/main.hbs', 'pages/about.hbs', 'pages/api/data.hbs', 'pages/home.hbs']);
  // The official client sees the five views and the endpoint, nothing else.
  expect((await world.remoteViews()).map((v) => v.name).sort()).toEqual(['about', 'api/data', 'header', 'home', 'main']);
  const endpoints = await world.losant.experienceEndpoints.get({ applicationId: APP_ID });
  expect(endpoints.items.map((e: any) => `${e.method} ${e.route}`)).toEqual(['get /home']);

  const status = await lxp(world, 'status', { exitCode: true });
  expect(status.code).toBe(0);
  expect(status.stdout).toContain('Everything in sync (6 resources)');

  const pulled = await lxp(world, 'pull', { json: true });
  expect(pulled.code).toBe(0);
  for (const [file, text] of Object.entries(LOCAL_ONLY)) expect(await readFile(path.join(world.dir, file), 'utf8')).toBe(text);
});
