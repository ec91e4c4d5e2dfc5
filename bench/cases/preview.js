// Preview save-to-rerender: the time from writing a page's file to the open page having been told
// to re-render (server-sent "reload") AND a fresh GET of it showing the new text — what a person
// sees in the browser. The preview watches the folder itself (chokidar, default debounce).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir, removeDir, writeViews, pageText } from '../lib/folder.js';
import { subscribe } from '../lib/sse.js';
import { summarize } from '../lib/stats.js';
import { fromDist } from '../lib/paths.js';

export async function benchPreview({ quick, log }) {
  const saves = quick ? 15 : 50;
  const { startPreview } = await fromDist('index.js');
  const dir = await tempDir();
  const figures = [];
  try {
    await writeViews(dir, 100);
    const preview = await startPreview({ dir, port: 0 });
    const page = 'p00001';
    const events = await subscribe(`${preview.url}/__lxp/events?page=${page}`);
    try {
      log(`preview: ${saves} saves of a page`);
      const samples = [];
      for (let i = 0; i < saves; i++) {
        const marker = `save-${i}-${Date.now()}`;
        const started = performance.now();
        await writeFile(path.join(dir, 'pages', `${page}.hbs`), pageText(1, ` ${marker}`));
        await events.next();
        let body = '';
        while (!body.includes(marker)) body = await (await fetch(`${preview.url}/pages/${page}`)).text();
        samples.push(performance.now() - started);
        // Let the watcher settle so saves do not merge into one burst.
        await new Promise((r) => setTimeout(r, 30));
      }
      const s = summarize(samples);
      figures.push({
        id: 'preview.rerender',
        label: `Preview save → re-rendered page (${saves} saves)`,
        unit: 'ms',
        summary: s,
        detail: `p95 ${Math.round(s.p95)} ms; includes the preview's 50 ms debounce`,
        meaning: 'How soon the browser shows an edit after the file is saved.',
      });
    } finally {
      events.close();
      await preview.close();
    }
  } finally {
    await removeDir(dir);
  }
  return figures;
}
