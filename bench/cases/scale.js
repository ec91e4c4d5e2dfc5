// 5000 views: peak memory of a spawned first deploy and of a pull into an empty folder, the no-op
// deploy (list pages only) and a deploy with one changed file (exactly one write).
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnServer } from '../lib/server.js';
import { makeExperience, tempDir, removeDir, writeViews, pageText } from '../lib/folder.js';
import { timedSync } from '../lib/sync.js';
import { runCliMeasured } from '../lib/rss.js';
import { summarize } from '../lib/stats.js';
import { runCli } from '../lib/spawn.js';

export const SCALE_VIEWS = 5000;
const PER_PAGE = 1000;
/** Issue 14: memory proportional to the views (a first deploy of 5000 ≤ 150 MB); the pull keeps the earlier 250 MB. */
const RSS_GOAL_MB = 250;
const RSS_DEPLOY_GOAL_MB = 150;
/** Issue 14: a no-op deploy of 5000 views, whole process. */
const NOOP_PROCESS_GOAL_MS = 500;

export async function benchScale({ quick, latencyMs, log }) {
  const root = await tempDir();
  const dir = path.join(root, 'site');
  const pulled = path.join(root, 'pulled');
  const server = await spawnServer({ latencyMs, dataDir: path.join(root, 'server') });
  const figures = [];
  try {
    const pages = await writeViews(dir, SCALE_VIEWS);

    log(`scale: spawned deploy of ${SCALE_VIEWS} views (peak RSS)`);
    const dep = await runCliMeasured(['deploy', '--dir', dir, '--quiet'], { env: server.env, cwd: root });
    if (dep.code !== 0) throw new Error(`deploy of ${SCALE_VIEWS} views exited ${dep.code}: ${dep.stderr.slice(-2000)}`);
    figures.push({
      id: 'rss.deploy5000',
      label: `Peak RSS, \`lxp deploy\` of ${SCALE_VIEWS} new views`,
      unit: 'MB',
      value: dep.maxRssKb / 1024,
      detail: `wall ${Math.round(dep.ms)} ms incl. start-up; measured with ${dep.method}`,
      goal: `≤ ${RSS_DEPLOY_GOAL_MB} MB`,
      met: dep.maxRssKb / 1024 <= RSS_DEPLOY_GOAL_MB,
      meaning: 'Memory a CI runner needs for the largest first deploy.',
    });

    const runs = quick ? 2 : 5;
    log(`scale: no-op deploy of ${SCALE_VIEWS} views × ${runs}`);
    const noop = [];
    for (let r = 0; r < runs; r++) noop.push(await timedSync('deploy', dir, server));
    const lists = Math.max(...noop.map((s) => s.gets));
    const writes = Math.max(...noop.map((s) => s.writes));
    const goalLists = Math.ceil(SCALE_VIEWS / PER_PAGE);
    figures.push({
      id: 'noop.5000',
      label: `No-op deploy of ${SCALE_VIEWS} views`,
      unit: 'ms',
      summary: summarize(noop.map((s) => s.ms)),
      detail: `${lists} list requests, ${writes} writes`,
      goal: `${goalLists} lists, 0 writes`,
      met: lists === goalLists && writes === 0,
      meaning: 'Re-running a deploy when nothing changed costs a handful of list pages, never a write.',
      samples: noop,
    });

    log(`scale: no-op \`lxp deploy\` of ${SCALE_VIEWS} views, whole process × ${runs}`);
    /** `runs` spawned no-op deploys of dir, timed; `before` runs ahead of each. */
    const spawnedNoops = async (what, before = async () => {}) => {
      const ms = [];
      for (let r = 0; r < runs; r++) {
        await before();
        const res = await runCli(['deploy', '--dir', dir, '--quiet'], { env: server.env, cwd: root });
        if (res.code !== 0) throw new Error(`${what} exited ${res.code}: ${res.stderr.slice(-1000)}`);
        ms.push(res.ms);
      }
      return summarize(ms);
    };
    const noopMs = await spawnedNoops('no-op deploy');
    figures.push({
      id: 'noop.5000.process',
      label: `  … the same, whole process (\`lxp deploy\` spawned)`,
      unit: 'ms',
      summary: noopMs,
      goal: `≤ ${NOOP_PROCESS_GOAL_MS} ms`,
      met: noopMs.median <= NOOP_PROCESS_GOAL_MS,
      detail: 'the first run after the in-process ones is the ordinary run and notes the record; the rest end at the no-op check (a stat of each file, 5 list pages hashed)',
      meaning: 'What a CI job or a person waits for when nothing changed.',
    });

    // The same no-op when the check cannot vouch for it (no record: deleted before each run, as
    // after a checkout that re-touched every file): the ordinary run, parse cache warm.
    log(`scale: the same without the no-op record (the ordinary run) × ${runs}`);
    const ordinaryMs = await spawnedNoops('no-op deploy without a record', () => rm(path.join(dir, '.lxp', 'cache', 'noop.json'), { force: true }));
    figures.push({
      id: 'noop.5000.process.ordinary',
      label: `  … the same without the no-op record (the ordinary run)`,
      unit: 'ms',
      summary: ordinaryMs,
      goal: `≤ ${NOOP_PROCESS_GOAL_MS} ms`,
      met: ordinaryMs.median <= NOOP_PROCESS_GOAL_MS,
      detail: 'noop.json deleted before each run: the folder read (parse cache warm, files stat-skipped), the state, 5 list pages decoded, the plan',
      meaning: 'What a no-op costs when the no-op check cannot vouch for it (the record missing, or files re-touched by a checkout).',
    });

    const changeRuns = quick ? 2 : 3;
    log(`scale: one changed file among ${SCALE_VIEWS} × ${changeRuns}`);
    const changed = [];
    for (let r = 0; r < changeRuns; r++) {
      await writeFile(path.join(dir, pages[r * 7]), pageText(r * 7 + 1, ` edited ${r}`));
      changed.push(await timedSync('deploy', dir, server));
    }
    const oneWrite = changed.every((s) => s.writes === 1 && s.doneWrites === 1);
    figures.push({
      id: 'change1.5000',
      label: `Deploy of 1 changed file among ${SCALE_VIEWS}`,
      unit: 'ms',
      summary: summarize(changed.map((s) => s.ms)),
      detail: `writes per run: ${changed.map((s) => s.writes).join('/')}; lists: ${changed[0].gets}`,
      goal: 'exactly 1 write',
      met: oneWrite,
      meaning: 'An edit goes out as one request, whatever the size of the experience.',
      samples: changed,
    });

    log(`scale: spawned pull of ${SCALE_VIEWS} views into an empty folder (peak RSS)`);
    await makeExperience(pulled);
    const pl = await runCliMeasured(['pull', '--dir', pulled, '--quiet'], { env: server.env, cwd: root });
    if (pl.code !== 0) throw new Error(`pull of ${SCALE_VIEWS} views exited ${pl.code}: ${pl.stderr.slice(-2000)}`);
    figures.push({
      id: 'rss.pull5000',
      label: `Peak RSS, \`lxp pull\` of ${SCALE_VIEWS} views into an empty folder`,
      unit: 'MB',
      value: pl.maxRssKb / 1024,
      detail: `wall ${Math.round(pl.ms)} ms incl. start-up; measured with ${pl.method}`,
      goal: `≤ ${RSS_GOAL_MB} MB`,
      met: pl.maxRssKb / 1024 <= RSS_GOAL_MB,
      meaning: 'Memory needed to check out the largest experience.',
    });
  } finally {
    await server.close();
    await removeDir(root);
  }
  return figures;
}
