// The pages lxp itself answers with (never Losant's): no workflow runs locally (501), a page
// that failed to render, a reply file that cannot be used. Plain HTML, readable without CSS.

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · lxp</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:3em auto;padding:0 1em;color:#222}code,pre{font:13px ui-monospace,monospace;background:#f4f4f4}pre{padding:1em;overflow:auto}h1{font-size:1.4em}small{color:#777}</style>
</head><body data-lxp-page="${esc(title)}">
${body}
<p><small>Answered by lxp's local experience runtime; Losant would answer differently.</small></p>
</body></html>
`;
}

export function noWorkflowPage(info: { method: string; route: string; key: string; hint: string }): string {
  const example = `# a page with data (or json: {...}, redirect: /path, body: "text")
page: my-page
pageData:
  title: Hello
scenarios:            # optional, picked with ?lxp-scenario=NAME
  empty:
    pageData: {}`;
  return page(
    '501 No workflow locally',
    `<h1>501 — ${esc(info.method.toUpperCase())} ${esc(info.route)} would run a workflow</h1>
<p>On Losant, the endpoint <code>${esc(info.method.toUpperCase())} ${esc(info.route)}</code> (key <code>${esc(info.key)}</code>) has no static reply, so an experience workflow answers it. lxp does not run workflows: a reply file stands in for the workflow's Endpoint Reply.</p>
<p>To answer this endpoint locally, ${esc(info.hint)}, for example:</p>
<pre>${esc(example)}</pre>
<p>Reply files are never deployed.</p>`,
  );
}

export function errorPage(title: string, message: string, where?: string): string {
  return page(title, `<h1>${esc(title)}</h1>${where ? `<p><code>${esc(where)}</code></p>` : ''}<pre>${esc(message)}</pre>`);
}
