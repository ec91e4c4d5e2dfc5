// `lxp diff`: a unified diff per view, remote (a/) against local (b/), of the metadata fields
// and the body; per endpoint, group, setting, slug or domain, of its entry as YAML. jsdiff
// (`diff`) makes the patches; it is required on first use, so the commands that never show a
// diff (status, deploy, pull without --json diffs) do not pay for loading it.
import { createRequire } from 'node:module';
import type * as JsDiff from 'diff';
import { stringify } from 'yaml';
import { exactNumberTag } from '../../project/exact-number.js';
import type { Plan, PlannedChange } from '../../sync/plan.js';
import type { Repoint, RepointReply } from '../../sync/change.js';
import { AS_YAML, type ResourceKind } from '../../sync/kinds.js';
import type { ViewContent } from '../../project/view.js';
import type { Style } from './style.js';

const require = createRequire(import.meta.url);
let jsdiff: typeof JsDiff | undefined;
/**
 * jsdiff's createTwoFilesPatch with the options lxp uses (3 lines of context). A change in the
 * final newline shows as jsdiff marks it (`\ No newline at end of file` under the side without
 * one); a difference no line shows (line endings alone, or none in the text) gets a line saying so.
 */
function createTwoFilesPatch(oldName: string, newName: string, oldText: string, newText: string): string {
  jsdiff ??= require('diff') as typeof JsDiff;
  const patch = jsdiff.createTwoFilesPatch(oldName, newName, oldText, newText, '', '', { context: 3 });
  const note = invisibleDifference(oldText, newText);
  return note ? `${patch}${patch.endsWith('\n') ? '' : '\n'}# ${note}\n` : patch;
}

/** What differs when the lines alone would not show it; undefined when they do. */
export function invisibleDifference(oldText: string, newText: string): string | undefined {
  if (oldText === newText) return 'no line differs: the change is in something this diff does not show';
  const crlf = (t: string) => t.includes('\r\n');
  if (oldText.replace(/\r\n/g, '\n') === newText.replace(/\r\n/g, '\n')) {
    return `only line endings differ: remote ${crlf(oldText) ? 'CRLF' : 'LF'}, local ${crlf(newText) ? 'CRLF' : 'LF'}`;
  }
  return undefined;
}

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
  // The body as it is: a missing final newline is a difference diff must show.
  return `${meta.join('\n')}\n---\n${v.body}`;
}

/**
 * An endpoint, group, setting, slug or domain as diffable text: its entry as the file reads. A
 * domain's certificate is never shown: only whether develop serves the one the folder points at.
 */
export function entryAsText(kind: ResourceKind, content: unknown, other: unknown, side: 'local' | 'remote'): string {
  if (content === undefined) return '';
  const entry = AS_YAML[kind](content);
  if (kind === 'domain') {
    const mine = (content as { certificateDigest?: string }).certificateDigest;
    const theirs = (other as { certificateDigest?: string } | undefined)?.certificateDigest;
    if (mine !== undefined && theirs !== undefined && mine !== theirs) {
      entry.certificateServed = side === 'local' ? "the folder's" : mine === 'none' ? 'none' : 'another certificate';
    }
  }
  // A number a double cannot hold shows as its digits, as the file has it.
  return stringify(entry, { lineWidth: 0, customTags: [exactNumberTag] });
}

/** The folder's key of each reply field a repoint writes. */
const REPLY_KEYS: Record<RepointReply['field'], string> = { staticReply: 'reply', unauthorizedReply: 'unauthorized', notFoundReply: 'notFound' };

/** develop's endpoint or settings (as folder content) with the replies a repoint writes naming the page by name. */
function repointed(remote: unknown, r: Repoint): unknown {
  const out = { ...(remote as Record<string, unknown>) };
  for (const x of r.replies) out[REPLY_KEYS[x.field]] = { ...(out[REPLY_KEYS[x.field]] as object), page: x.page };
  return out;
}

export function diffOf(c: PlannedChange): string {
  if (c.resource !== 'view') {
    const kind = c.resource as ResourceKind;
    const label = `${c.file} (${kind} ${c.name})`;
    if (c.repoint && c.item?.remote !== undefined) {
      // Not the folder's (it does not write it): develop's as it is, and as deploy --force leaves it.
      const after = repointed(c.item.remote, c.repoint);
      return createTwoFilesPatch(`remote/${label}`, `repointed/${label}`, entryAsText(kind, c.item.remote, after, 'remote'), entryAsText(kind, after, c.item.remote, 'local'));
    }
    const { local, remote } = c.item ?? {};
    return createTwoFilesPatch(remote !== undefined ? `remote/${label}` : '/dev/null', local !== undefined ? `local/${label}` : '/dev/null', entryAsText(kind, remote, local, 'remote'), entryAsText(kind, local, remote, 'local'));
  }
  const remoteFile = c.remote ? `remote/${c.file}` : '/dev/null';
  const localFile = c.local ? `local/${c.file}` : '/dev/null';
  return createTwoFilesPatch(remoteFile, localFile, viewAsText(c.remote), viewAsText(c.local));
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
    // develop has this identity twice: the patch alone would read as if develop had none of it.
    // (A repoint's patch is develop's against develop after deploy --force: the reason says why.)
    const note = (c.twins || c.collision || c.repoint) && c.reason ? `${s.dim(`# ${c.reason}`)}\n` : '';
    parts.push(note + colorize(diffOf(c).replace(/^=+\n/m, ''), s));
  }
  return parts.join('\n');
}
