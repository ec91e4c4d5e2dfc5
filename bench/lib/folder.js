// Generated experience folders: one layout, a component for every tenth view, pages for the rest
// (each using the layout and a component), with bodies of a realistic few hundred bytes.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function tempDir(prefix = 'lxp-bench-') {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

export function pageText(i, marker = '') {
  const c = `c${String(Math.max(10, Math.floor(i / 10) * 10)).padStart(5, '0')}`;
  return (
    `---\nlayout: main\ndescription: Page ${i}\n---\n` +
    `<section class="page-${i}">\n  <h1>{{pageData.title}} ${i}${marker}</h1>\n  {{component "${c}"}}\n` +
    `  {{#each pageData.items}}<li>{{this.name}}: {{this.value}}</li>{{/each}}\n` +
    `  <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>\n</section>\n`
  );
}

/** Makes dir an experience folder (lxp.config.json), which the lxp commands look for. */
export async function makeExperience(dir) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'lxp.config.json'), '{}\n');
}

/** Writes n views (n >= 11: pages use the component of their tens, c00010 at least) into dir, an experience folder; returns the page files. */
export async function writeViews(dir, n) {
  await makeExperience(dir);
  await mkdir(path.join(dir, 'layouts'), { recursive: true });
  await mkdir(path.join(dir, 'components'), { recursive: true });
  await mkdir(path.join(dir, 'pages'), { recursive: true });
  await writeFile(path.join(dir, 'layouts', 'main.hbs'), '<!doctype html>\n<html><head><title>{{pageData.title}}</title></head>\n<body>{{page}}</body></html>\n');
  const pages = [];
  const jobs = [];
  for (let i = 1; i < n; i++) {
    const id = String(i).padStart(5, '0');
    if (i % 10 === 0) {
      jobs.push(writeFile(path.join(dir, 'components', `c${id}.hbs`), `<aside class="c${id}">component ${i} {{pageData.title}}</aside>\n`));
    } else {
      const file = `pages/p${id}.hbs`;
      pages.push(file);
      jobs.push(writeFile(path.join(dir, file), pageText(i)));
    }
    if (jobs.length >= 200) await Promise.all(jobs.splice(0));
  }
  await Promise.all(jobs);
  return pages;
}
