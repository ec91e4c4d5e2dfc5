// The whole experience: views plus endpoints.yaml, groups.yaml and experience.yaml. A first
// deploy of N views, N endpoints and N/4 groups (a tree two deep), develop's settings and a slug;
// then a no-op deploy of that folder beside a no-op deploy of the same views alone, round for
// round, to show what the other kinds cost when nothing changed (one list each, all at once);
// then a pull of everything into an empty folder. Over a link with injected latency.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnServer } from '../lib/server.js';
import { makeExperience, removeDir, tempDir, writeViews } from '../lib/folder.js';
import { forgetState, timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';

/** endpoints.yaml (one endpoint per page, a few behind groups), groups.yaml, experience.yaml. */
async function writeExperienceFiles(dir, pages, groups) {
  const names = Array.from({ length: groups }, (_, i) => `Group ${String(i).padStart(4, '0')}`);
  const parents = names.filter((_, i) => i % 5 === 0);
  let g = '';
  for (const parent of parents) {
    g += `- name: ${parent}\n  description: Parent ${parent}\n`;
    const kids = names.filter((n, i) => i % 5 !== 0 && names[i - (i % 5)] === parent);
    if (kids.length) g += `  children:\n${kids.map((k) => `    - name: ${k}\n      deviceTags: [{ key: site, value: "${k.slice(6)}" }]\n`).join('')}`;
  }
  await writeFile(path.join(dir, 'groups.yaml'), g);
  const e = pages
    .map((file, i) => {
      const page = file.slice('pages/'.length, -'.hbs'.length);
      const guarded = i % 4 === 0 ? `  access: group\n  groups: [${names[i % names.length]}]\n  unauthorized: { redirect: /login }\n` : '';
      return `- route: /${page}/{id}\n  description: Page ${page}\n${guarded}  reply: { page: ${page}, status: 200 }\n  key: ${page}\n`;
    })
    .join('');
  await writeFile(path.join(dir, 'endpoints.yaml'), e);
  await writeFile(
    path.join(dir, 'experience.yaml'),
    'globals:\n  - key: brand\n    value: { color: "#0af", name: Bench }\ncors: { default: true, origins: [https://example.com] }\nnotFound: { page: p00001, status: 404 }\nresponseHeaders: { x-frame-options: DENY }\nslugs: [lxp-bench-slug]\n',
  );
}

export async function benchExperience({ quick, latencyMs, log }) {
  const n = quick ? 100 : 400;
  const runs = quick ? 2 : 3;
  const groups = Math.max(5, Math.floor(n / 4));
  const full = await tempDir();
  const viewsOnly = await tempDir();
  const figures = [];
  try {
    const pages = await writeViews(full, n);
    await writeViews(viewsOnly, n);
    await writeExperienceFiles(full, pages, groups);
    const first = [];
    const noop = [];
    const noopViews = [];
    const pulls = [];
    for (let r = 0; r < runs; r++) {
      log(`experience: round ${r + 1}/${runs} (${n} views, ${pages.length} endpoints, ${groups} groups)`);
      const server = await spawnServer({ latencyMs });
      try {
        await forgetState(full);
        first.push(await timedSync('deploy', full, server));
        noop.push(await timedSync('deploy', full, server));
      } finally {
        await server.close();
      }
      const viewsServer = await spawnServer({ latencyMs });
      try {
        await forgetState(viewsOnly);
        await timedSync('deploy', viewsOnly, viewsServer);
        noopViews.push(await timedSync('deploy', viewsOnly, viewsServer));
      } finally {
        await viewsServer.close();
      }
      const pullServer = await spawnServer({ latencyMs });
      const empty = await tempDir();
      try {
        await forgetState(full);
        await timedSync('deploy', full, pullServer);
        await makeExperience(empty);
        await mkdir(empty, { recursive: true });
        pulls.push(await timedSync('pull', empty, pullServer));
      } finally {
        await pullServer.close();
        await removeDir(empty);
      }
    }
    const ms = (s) => summarize(s.map((x) => x.ms));
    figures.push({
      id: 'experience.first',
      label: `First deploy of ${n} views, ${pages.length} endpoints, ${groups} groups, settings and a slug`,
      unit: 'ms',
      summary: ms(first),
      detail: `${first[0].writes} writes, ${first[0].gets} lists; exit ${first.map((s) => s.exitCode).join('/')}`,
      meaning: `A whole experience sent to a new application over a ${latencyMs} ms link, in dependency order.`,
      samples: first,
    });
    figures.push({
      id: 'experience.noop',
      label: '  … then a deploy with nothing to do',
      unit: 'ms',
      summary: ms(noop),
      detail: `${noop[0].gets} lists (views, endpoints, groups, develop, slugs), ${noop[0].writes} writes`,
      meaning: 'What checking a whole experience costs when nothing changed.',
      samples: noop,
    });
    figures.push({
      id: 'experience.noop.views-only',
      label: `  … a no-op deploy of the same ${n} views alone, side by side`,
      unit: 'ms',
      summary: ms(noopViews),
      detail: `${noopViews[0].gets} list, ${noopViews[0].writes} writes; the whole experience takes ${(ms(noop).median / ms(noopViews).median).toFixed(2)}× as long`,
      meaning: 'The other kinds are listed at the same time as the views: they add little to a no-op deploy.',
      samples: noopViews,
    });
    figures.push({
      id: 'experience.pull',
      label: 'Pull of the whole experience into an empty folder',
      unit: 'ms',
      summary: ms(pulls),
      detail: `${pulls[0].gets} lists; exit ${pulls.map((s) => s.exitCode).join('/')}`,
      meaning: 'lxp init --from on an application of this size (views written concurrently, each YAML file once).',
      samples: pulls,
    });
  } finally {
    await removeDir(full);
    await removeDir(viewsOnly);
  }
  return figures;
}
