// Preview save-to-rerender: the time from writing a file to the open page having been told to
// re-render (server-sent "reload") AND a fresh GET of it showing the new text — what a person
// sees in the browser. The preview watches the folder itself (chokidar, default debounce).
// Three cases side by side in one run, on a folder of 100 views with an endpoints.yaml: a page
// previewed alone (/~lxp/pages/<name>), the same page at its route (endpoints.yaml), and an
// endpoint answered by a reply file, saving the reply file.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir, removeDir, writeViews, pageText } from '../lib/folder.js';
import { subscribe } from '../lib/sse.js';
import { summarize } from '../lib/stats.js';
import { fromDist } from '../lib/paths.js';

const PAGE = 'p00001';

export async function benchPreview({ quick, log }) {
  const saves = quick ? 15 : 50;
  const { startPreview } = await fromDist('index.js');
  const dir = await tempDir();
  const figures = [];
  try {
    await writeViews(dir, 100);
    await writeFile(path.join(dir, 'endpoints.yaml'), `- route: /p/${PAGE}\n  reply: { page: ${PAGE} }\n- route: /r/{n}\n`);
    await mkdir(path.join(dir, 'replies'), { recursive: true });
    const replyFile = path.join(dir, 'replies', 'getRN.yaml');
    const replyText = (marker) => `page: ${PAGE}\npageData:\n  title: "reply ${marker} {{request.params.n}}"\n`;
    await writeFile(replyFile, replyText('start'));
    const preview = await startPreview({ dir, port: 0 });
    const cases = [
      {
        id: 'preview.rerender',
        label: `Preview save → re-rendered page (${saves} saves)`,
        events: `${preview.url}/~lxp/events?page=${PAGE}`,
        url: `${preview.url}/~lxp/pages/${PAGE}`,
        save: (marker) => writeFile(path.join(dir, 'pages', `${PAGE}.hbs`), pageText(1, ` ${marker}`)),
        meaning: 'How soon the browser shows an edit after the file is saved.',
      },
      {
        id: 'preview.rerender.route',
        label: `Save → re-rendered page at its route (${saves} saves)`,
        events: `${preview.url}/~lxp/events?url=${encodeURIComponent(`/p/${PAGE}`)}`,
        url: `${preview.url}/p/${PAGE}`,
        save: (marker) => writeFile(path.join(dir, 'pages', `${PAGE}.hbs`), pageText(1, ` ${marker}`)),
        meaning: 'The same, for a page reached through endpoints.yaml (lxp dev / lxp preview at the experience’s routes).',
      },
      {
        id: 'preview.rerender.reply',
        label: `Reply file save → re-rendered page at its route (${saves} saves)`,
        events: `${preview.url}/~lxp/events?url=${encodeURIComponent('/r/7')}`,
        url: `${preview.url}/r/7`,
        save: (marker) => writeFile(replyFile, replyText(marker)),
        meaning: 'How soon an edit of a reply file (a workflow stand-in) shows.',
      },
    ];
    try {
      for (const c of cases) {
        await (await fetch(c.url)).text(); // the page is open: its dependencies are known
        const events = await subscribe(c.events);
        try {
          log(`preview: ${saves} saves (${c.id})`);
          const samples = [];
          for (let i = 0; i < saves; i++) {
            const marker = `save-${i}-${Date.now()}`;
            const started = performance.now();
            await c.save(marker);
            await events.next();
            let body = '';
            while (!body.includes(marker)) body = await (await fetch(c.url)).text();
            samples.push(performance.now() - started);
            // Let the watcher settle so saves do not merge into one burst.
            await new Promise((r) => setTimeout(r, 30));
          }
          const s = summarize(samples);
          figures.push({ id: c.id, label: c.label, unit: 'ms', summary: s, detail: `p95 ${Math.round(s.p95)} ms; includes the preview's 50 ms debounce`, meaning: c.meaning });
        } finally {
          events.close();
        }
      }
    } finally {
      await preview.close();
    }
  } finally {
    await removeDir(dir);
  }
  return figures;
}
