// `lxp diff`: a unified diff per view, remote (a/) against local (b/), of the metadata fields
// and the body. jsdiff (`diff`) makes the patches.
import { createTwoFilesPatch } from 'diff';
import type { Plan, PlannedChange } from '../../sync/plan.js';
import type { ViewContent } from '../../project/view.js';
import type { Style } from './style.js';

/** A view as diffable text: one line per metadata field, then the body. */
export function viewAsText(v: ViewContent | undefined): string {
  if (!v) return '';
  const meta = [
    `name: ${JSON.stringify(v.name)}`,
    `description: ${JSON.stringify(v.description)}`,
    ...(v.viewType === 'page'
      ? [`layout: ${JSON.stringify(v.layout)}`, `contentType: ${JSON.stringify(v.contentType)}`]
      : []),
    `tags: ${JSON.stringify(Object.fromEntries(Object.entries(v.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))}`,
  ];
  return `${meta.join('\n')}\n---\n${v.body}${v.body.endsWith('\n') || v.body === '' ? '' : '\n'}`;
}

export function diffOf(c: PlannedChange): string {
  const remoteFile = c.remote ? `remote/${c.file}` : '/dev/null';
  const localFile = c.local ? `local/${c.file}` : '/dev/null';
  return createTwoFilesPatch(remoteFile, localFile, viewAsText(c.remote), viewAsText(c.local), '', '', { context: 3 });
}

function colorize(patch: string, s: Style): string {
  if (!s.enabled) return patch;
  return patch
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---') ? s.bold(l) : l.startsWith('+') ? s.green(l) : l.startsWith('-') ? s.red(l) : l.startsWith('@@') ? s.cyan(l) : l,
    )
    .join('\n');
}

/** Every view that differs, as unified diffs (remote → local). */
export function diffText(plan: Plan, s: Style): string {
  const parts: string[] = [];
  for (const c of plan.changes) {
    if (c.kind === 'in-sync') continue;
    parts.push(colorize(diffOf(c).replace(/^=+\n/m, ''), s));
  }
  return parts.join('\n');
}
