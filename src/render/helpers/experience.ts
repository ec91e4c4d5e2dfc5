// Helpers whose real output depends on Losant's cloud (files, dashboards, map markers).
// Locally they render stand-ins with the same shape — a URL where Losant prints a URL, an
// element where it embeds one — so a layout does not break and the developer sees what goes where.
import xmlJs, { type Element } from 'xml-js';
import { hashOf, plain, splitArgs, type HelperDeps, type HelperSet } from './types.js';

const { js2xml } = xmlJs;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function appendParams(url: URL, prefix: string, value: unknown): void {
  if (value === undefined) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) appendParams(url, prefix ? `${prefix}[${k}]` : k, v);
  } else url.searchParams.append(prefix, value === null ? '' : String(value));
}

/**
 * The options Losant documents for the HTML Parser node's JSON mode and for toHtml, which
 * turns that JSON back into markup with the same library (xml-js): text, CDATA and comments
 * keep their content under `value`, child nodes sit under `children`.
 */
const XML_JS_OPTIONS = { compact: false, textKey: 'value', cdataKey: 'value', commentKey: 'value', elementsKey: 'children' } as const;

/** The HTML Parser node's JSON (one node, a document, or the node's array of results) as markup. */
export function toHtml(node: unknown): string {
  node = plain(node);
  if (Array.isArray(node)) return node.map(toHtml).join('');
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: string; children?: unknown };
  // A single element or text node, rather than a document holding it.
  const doc = n.type !== undefined && n.type !== 'document' ? { children: [node] } : node;
  return js2xml(doc as Element, XML_JS_OPTIONS);
}

export function experiencePlaceholderHelpers(deps: HelperDeps): HelperSet {
  return {
    // The public URL form of an application file; private files would get a signed URL.
    file(...a) {
      const { params, options } = splitArgs(a);
      const hash = hashOf(options);
      const path = String(plain(params[0]) ?? '').replace(/^\/+/, '');
      const url = new URL(`https://files.onlosant.com/${deps.application.id}/${path}`);
      if (hash.private) {
        url.searchParams.set('lxp-preview', 'private-file');
        if (hash.ttl !== undefined) url.searchParams.set('ttl', String(hash.ttl));
      }
      return url.toString();
    },
    dashboardUrl(...a) {
      const { params, options } = splitArgs(a);
      const id = plain(params[0]);
      const url = new URL(`https://app.losant.com/dashboards/${encodeURIComponent(String(id ?? 'current'))}`);
      for (const [k, v] of Object.entries(hashOf(options))) appendParams(url, k, plain(v));
      return url.toString();
    },
    element(...a) {
      const { params, options } = splitArgs(a);
      const kind = String(plain(params[0]) ?? 'element');
      const hash = hashOf(options);
      const attrs = Object.entries(hash)
        .map(([k, v]) => {
          const val = plain(v);
          return ` data-${esc(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))}="${esc(typeof val === 'object' ? JSON.stringify(val) : val)}"`;
        })
        .join('');
      const label = kind === 'dashboard' && hash.dashboardId ? `dashboard ${esc(hash.dashboardId)}` : esc(kind);
      return new deps.hb.SafeString(
        `<div class="lxp-element-placeholder" data-element="${esc(kind)}"${attrs} style="border:1px dashed #999;padding:1em;color:#666;font:14px sans-serif">Losant ${label} (embedded by Losant; placeholder in lxp preview)</div>`,
      );
    },
    colorMarker(...a) {
      const color = String(plain(splitArgs(a).params[0]) ?? '#FF0000');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="36" viewBox="0 0 24 36"><path d="M12 0C5.4 0 0 5.4 0 12c0 9 12 24 12 24s12-15 12-24C24 5.4 18.6 0 12 0z" fill="${esc(color)}"/><circle cx="12" cy="12" r="4" fill="#fff"/></svg>`;
      return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    },
    toHtml: (...a) => toHtml(splitArgs(a).params[0]),
  };
}
