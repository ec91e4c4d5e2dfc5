// Watch save-to-remote: the time from writing a file to `lxp watch` reporting the view pushed
// (its request answered by the server). Needs startWatch (src/watch/), loaded from dist/.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnServer } from '../lib/server.js';
import { tempDir, removeDir, writeViews, pageText } from '../lib/folder.js';
import { timedSync } from '../lib/sync.js';
import { summarize } from '../lib/stats.js';
import { DIST, fromDist } from '../lib/paths.js';

const CANDIDATES = ['index.js', 'watch/index.js', 'watch/watch.js'];

/** startWatch from the build, or undefined when this build has none. */
export async function findStartWatch() {
  for (const rel of CANDIDATES) {
    if (!existsSync(path.join(DIST, rel))) continue;
    const mod = await fromDist(rel);
    if (typeof mod.startWatch === 'function') return mod.startWatch;
  }
  return undefined;
}

export async function benchWatch({ quick, latencyMs, log }) {
  const startWatch = await findStartWatch();
  if (!startWatch) {
    return [{ id: 'watch.push', label: 'Watch save → remote', unit: 'ms', skipped: 'startWatch is not in this build (src/watch/ not finished)', meaning: 'How soon a saved file is live on develop.' }];
  }
  // A small experience, and a large one: every push re-reads the folder (validation is
  // cross-file) and lists develop (the conflict check), so size is what could make saves slow.
  const small = await watchLatency({ startWatch, views: 100, saves: quick ? 15 : 50, latencyMs, log, id: 'watch.push' });
  const large = await watchLatency({ startWatch, views: 2000, saves: quick ? 10 : 20, latencyMs, log, id: 'watch.push.2000' });
  // Issue 14: a push re-checks only what it touches, so the p95 at 2000 views is that at 100, and ≤ 200 ms.
  const [s100, s2000] = [small[0]?.summary, large[0]?.summary];
  if (s100 && s2000) {
    const ratio = s2000.p95 / s100.p95;
    large.push({
      id: 'watch.push.2000.p95',
      label: '  … p95 at 2000 views, and its ratio to the p95 at 100',
      unit: 'ms',
      value: s2000.p95,
      goal: '≤ 200 ms, ≤ 1.25× of 100 views',
      met: s2000.p95 <= 200 && ratio <= 1.25,
      detail: `p95 at 100 views ${Math.round(s100.p95)} ms; ratio ${ratio.toFixed(2)}×`,
      meaning: 'A save goes live as fast in a large experience as in a small one.',
    });
  }
  return [...small, ...large];
}

async function watchLatency({ startWatch, views, saves, latencyMs, log, id }) {
  const { createClient } = await fromDist('index.js');
  const root = await tempDir();
  const dir = path.join(root, 'site');
  const server = await spawnServer({ latencyMs });
  const figures = [];
  try {
    await writeViews(dir, views);
    const first = await timedSync('deploy', dir, server);
    if (first.exitCode !== 0) throw new Error(`set-up deploy failed: ${first.message}`);
    const client = createClient({ apiUrl: server.url, applicationId: server.applicationId, token: server.token });
    const waiters = [];
    const errors = [];
    const watch = await startWatch({
      dir,
      client,
      target: 'bench',
      onEvent(e) {
        if (e.type === 'push') for (const w of waiters.splice(0)) w(e);
        if (e.type === 'failed' || e.type === 'error' || e.type === 'conflict' || e.type === 'invalid') errors.push(e);
      },
    });
    try {
      await watch.ready;
      await watch.idle?.();
      log(`watch: ${saves} saves of a page among ${views}`);
      const samples = [];
      const file = 'pages/p00001.hbs';
      for (let i = 0; i < saves; i++) {
        const pushed = new Promise((r) => waiters.push(r));
        const started = performance.now();
        await writeFile(path.join(dir, file), pageText(1, ` watch-save-${i}`));
        const e = await Promise.race([pushed, new Promise((r) => setTimeout(() => r(undefined), 15_000))]);
        if (!e) throw new Error(`save ${i} was not pushed within 15 s: ${JSON.stringify(errors.slice(-3))}`);
        samples.push(performance.now() - started);
        await watch.idle?.();
      }
      const remote = await client.listViews();
      const landed = remote.find((v) => v.name === 'p00001')?.body?.includes(`watch-save-${saves - 1}`);
      const s = summarize(samples);
      figures.push({
        id,
        label: `Watch save → pushed to the remote (${views} views, ${saves} saves)`,
        unit: 'ms',
        summary: s,
        detail: `p95 ${Math.round(s.p95)} ms; last save on the remote: ${landed ? 'yes' : 'NO'}; errors: ${errors.length}`,
        meaning: 'How soon a saved file is live on develop while `lxp watch` runs.',
      });
    } finally {
      await watch.close();
    }
  } finally {
    await server.close();
    await removeDir(root);
  }
  return figures;
}
