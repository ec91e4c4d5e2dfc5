// The HTML the preview server adds of its own: the index page, the error overlay and the
// live-reload client (injected only into text/html responses).
import type { ValidationIssue } from '../project/issues.js';
import type { ProjectGraph } from '../render/dependencies.js';
import { SIDECAR_EXTENSIONS } from '../render/context.js';
import type { RenderView } from '../render/engine.js';

/** The sidecar names a page's sample data may have, as the index lists them. */
const SIDECAR_NAMES = SIDECAR_EXTENSIONS.map((e) => `<code>${e}</code>`).join(', ').replace(/, ([^,]*)$/, ' or $1');

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * lxp's own paths. The experience owns every other path, "/" included; Losant's routes cannot
 * start with "/~lxp" in practice, and `lxp server` keeps its sign-in there too.
 */
export const LXP_PREFIX = '/~lxp';
export const INDEX_PATH = `${LXP_PREFIX}/`;
export const PAGES_PREFIX = `${LXP_PREFIX}/pages/`;
export const EVENTS_PATH = `${LXP_PREFIX}/events`;

/** URL of a page's preview (with its sample data): /~lxp/pages/<name>, each path segment encoded. */
export function pageUrl(name: string, scenario?: string): string {
  const base = `${PAGES_PREFIX}${name.split('/').map(encodeURIComponent).join('/')}`;
  return scenario ? `${base}?scenario=${encodeURIComponent(scenario)}` : base;
}

/**
 * What an open page is, for live reload: '' the index, `page:<name>` a page's preview,
 * `url:<path?query>` the experience at one of its URLs.
 */
export type LiveKey = string;
export const pageKey = (name: string): LiveKey => `page:${name}`;
export const urlKey = (pathAndQuery: string): LiveKey => `url:${pathAndQuery}`;

/** The key an events request names (?page= or ?url=; neither: the index). */
export function liveKeyOf(params: URLSearchParams): LiveKey {
  const url = params.get('url');
  if (url !== null) return urlKey(url);
  const page = params.get('page');
  return page ? pageKey(page) : '';
}

/**
 * The live-reload client. On a "reload" event it fetches the page again and swaps head
 * styles and body in place (no navigation: window state survives), re-running the page's
 * own scripts; for anything but HTML it falls back to location.reload().
 */
export function liveReloadScript(key: LiveKey): string {
  const events = key.startsWith('url:')
    ? `${EVENTS_PATH}?url=${encodeURIComponent(key.slice(4))}`
    : key.startsWith('page:')
      ? `${EVENTS_PATH}?page=${encodeURIComponent(key.slice(5))}`
      : EVENTS_PATH;
  return `<script data-lxp-live>(function () {
  if (window.__lxpLive) return; window.__lxpLive = true;
  var source = new EventSource(${JSON.stringify(events)});
  var busy = false, again = false;
  function swap(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    document.title = doc.title;
    var head = document.head;
    head.querySelectorAll('style, link[rel="stylesheet"]').forEach(function (n) { n.remove(); });
    doc.head.querySelectorAll('style, link[rel="stylesheet"]').forEach(function (n) { head.appendChild(document.importNode(n, true)); });
    var body = document.importNode(doc.body, true);
    body.querySelectorAll('script').forEach(function (old) {
      if (old.hasAttribute('data-lxp-live')) return;
      var s = document.createElement('script');
      for (var i = 0; i < old.attributes.length; i++) s.setAttribute(old.attributes[i].name, old.attributes[i].value);
      s.textContent = old.textContent;
      old.replaceWith(s);
    });
    document.body.replaceWith(body);
    window.dispatchEvent(new CustomEvent('lxp:rerendered'));
  }
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { cache: 'no-store', headers: { 'x-lxp-live': '1' } })
      .then(function (r) {
        if (r.redirected) { location.href = r.url; return; }
        var type = r.headers.get('content-type') || '';
        if (type.indexOf('text/html') !== 0) { location.reload(); return; }
        return r.text().then(swap);
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  source.addEventListener('open', function () { window.__lxpLiveOpen = true; });
  source.addEventListener('reload', refresh);
})();</script>`;
}

/** Puts the client before </body> (or </html>, or at the end). */
export function injectLiveReload(html: string, key: LiveKey): string {
  const script = liveReloadScript(key);
  for (const tag of ['</body>', '</html>']) {
    const i = html.toLowerCase().lastIndexOf(tag);
    if (i !== -1) return html.slice(0, i) + script + html.slice(i);
  }
  return html + script;
}

export function isHtml(contentType: string): boolean {
  return /^\s*text\/html\b/i.test(contentType);
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .8em;text-align:left;vertical-align:top}form.route{display:flex;gap:.3em;align-items:center;flex-wrap:wrap;margin:0}form.route input{width:9em}
code{background:#f3f3f3;padding:0 .3em}.muted{color:#888}.issue{color:#a00}`;

export interface ErrorDetails {
  title: string;
  message: string;
  file?: string;
  line?: number;
  /** Text of the file, to show the lines around `line`. */
  source?: string;
  issues?: ValidationIssue[];
}

function codeFrame(source: string, line: number): string {
  const lines = source.split('\n');
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const mark = n === line ? '&gt;' : '&nbsp;';
    const text = `${mark} ${String(n).padStart(String(to).length)} | ${esc(lines[n - 1])}`;
    out.push(n === line ? `<span style="background:#5a1d1d;display:block">${text}</span>` : text);
  }
  return out.join('\n');
}

/** A full-page overlay: which file, which line, what went wrong, and the validation issues. */
export function errorOverlay(d: ErrorDetails): string {
  const where = d.file ? `${d.file}${d.line !== undefined ? `:${d.line}` : ''}` : '';
  const issues = (d.issues ?? [])
    .map((i) => `<li><code>${esc(i.file)}${i.line !== undefined ? `:${i.line}` : ''}</code>${i.field ? ` (${esc(i.field)})` : ''}: ${esc(i.message)}</li>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>lxp: ${esc(d.title)}</title></head><body>
<div id="lxp-error-overlay" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.96);color:#eee;font:14px/1.5 ui-monospace,Menlo,monospace;padding:2em">
<h1 style="color:#ff6b6b;font-size:18px;margin:0 0 .5em">${esc(d.title)}</h1>
${where ? `<div class="lxp-error-file" style="color:#9cdcfe">${esc(where)}</div>` : ''}
<pre class="lxp-error-message" style="white-space:pre-wrap;color:#fff">${esc(d.message)}</pre>
${d.source !== undefined && d.line !== undefined ? `<pre style="background:#111;padding:1em;color:#ccc">${codeFrame(d.source, d.line)}</pre>` : ''}
${issues ? `<h2 style="color:#ffb86b;font-size:15px">Validation issues</h2><ul class="lxp-error-issues">${issues}</ul>` : ''}
<p style="color:#888">Fix the file and save: this page re-renders by itself.</p>
</div></body></html>`;
}

/** The answer for /~lxp/pages/<name> when no page has that name: says so and links to the index. */
export function notFoundPage(name: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>lxp: no page "${esc(name)}"</title><style>${STYLE}</style></head><body>
<h1 id="lxp-not-found">No page named <code>${esc(name)}</code></h1>
<p>No page in this folder has that name. <a href="${INDEX_PATH}">See the index of pages</a>.</p>
<p class="muted">This page re-renders by itself once a page with that name exists.</p>
</body></html>`;
}

export interface IndexData {
  dir: string;
  views: readonly RenderView[];
  graph: ProjectGraph;
  issues: readonly ValidationIssue[];
  scenarios: Map<string, string[]>;
  /** HTML put above the pages: the experience's endpoints and who is signed in. */
  top?: string;
}

/** Pages (with layout, components, scenarios), layouts and components (with where they are used). */
export function indexPage(d: IndexData): string {
  const byType = (t: string) => d.views.filter((v) => v.viewType === t).sort((a, b) => a.name.localeCompare(b.name));
  const label = (key: string) => {
    const [type, ...rest] = key.split(':');
    const name = rest.join(':');
    return type === 'page' ? `<a href="${esc(pageUrl(name))}">${esc(name)}</a> <span class="muted">(page)</span>` : `${esc(name)} <span class="muted">(${esc(type)})</span>`;
  };
  const pages = d.graph.pages
    .slice()
    .sort((a, b) => a.page.name.localeCompare(b.page.name))
    .map((p) => {
      const scen = (d.scenarios.get(p.page.name) ?? []).map((s) => `<a href="${esc(pageUrl(p.page.name, s))}">${esc(s)}</a>`).join(', ');
      const layout = p.layout ? esc(p.layout.name) : p.missingLayout ? `<span class="issue">${esc(p.missingLayout)} (missing)</span>` : '<span class="muted">none</span>';
      const comps = [...p.components.map(esc), ...p.missingComponents.map((c) => `<span class="issue">${esc(c)} (missing: renders empty)</span>`)].join(', ') || '<span class="muted">none</span>';
      return `<tr data-page="${esc(p.page.name)}"><td><a href="${esc(pageUrl(p.page.name))}">${esc(p.page.name)}</a><br><span class="muted">${esc(p.page.file)}</span></td><td>${layout}</td><td>${comps}${p.dynamic ? ' <span class="muted">+ components chosen at render time</span>' : ''}</td><td>${esc(p.page.contentType ?? 'text/html')}</td><td>${scen || '<span class="muted">default</span>'}</td></tr>`;
    })
    .join('');
  const layouts = byType('layout')
    .map((l) => `<tr><td>${esc(l.name)}<br><span class="muted">${esc(l.file)}</span></td><td>${(d.graph.layoutUsers.get(l.name) ?? []).map((n) => `<a href="${esc(pageUrl(n))}">${esc(n)}</a>`).join(', ') || '<span class="muted">unused</span>'}</td></tr>`)
    .join('');
  const components = byType('component')
    .map((c) => `<tr data-component="${esc(c.name)}"><td>${esc(c.name)}<br><span class="muted">${esc(c.file)}</span></td><td>${(d.graph.componentUsers.get(c.name) ?? []).map(label).join(', ') || '<span class="muted">unused</span>'}</td></tr>`)
    .join('');
  const issues = d.issues.map((i) => `<li class="issue"><code>${esc(i.file)}${i.line !== undefined ? `:${i.line}` : ''}</code>${i.field ? ` (${esc(i.field)})` : ''}: ${esc(i.message)}</li>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>lxp: endpoints and pages</title><style>${STYLE}</style></head><body>
<h1>lxp <span class="muted">${esc(d.dir)}</span></h1>
${issues ? `<h2>Validation issues</h2><ul>${issues}</ul>` : ''}
${d.top ?? ''}
<h2>Pages</h2>
<p class="muted">Each page alone, with the sample data of the preview file next to it (<code>home.hbs</code>: <code>home</code>${SIDECAR_NAMES}), when it has one.</p><table><tr><th>page</th><th>layout</th><th>components</th><th>content type</th><th>scenarios</th></tr>${pages}</table>
<h2>Layouts</h2><table><tr><th>layout</th><th>used by</th></tr>${layouts}</table>
<h2>Components</h2><table><tr><th>component</th><th>used in</th></tr>${components}</table>
</body></html>`;
}
