// Human text for the release commands: views of the same result objects --json prints.
import type { PromoteResult } from './promote.js';
import type { Repoint } from './pointers.js';
import type { ReleaseResult } from './release.js';
import { renderTable } from './table.js';
import type { VersionRow } from './versions.js';

function repointLine(r: Repoint, dryRun: boolean): string {
  const from = r.from ?? '(none)';
  if (!r.changed) return `  ${r.kind} ${r.name}: already ${r.to}`;
  const made = r.created ? (dryRun ? ' (the deploy would create it at develop)' : ' (created by the deploy)') : '';
  return `  ${r.kind} ${r.name}: ${from} → ${r.to}${made}${dryRun ? ' (would re-point)' : ''}`;
}

export function formatRepoints(repoints: Repoint[], dryRun: boolean): string[] {
  return repoints.map((r) => repointLine(r, dryRun));
}

/** One write of the release's deploy, as the deploy's plan shows it: `  - delete   slug "production"  experience.yaml`. */
interface DeployWrite {
  action: string;
  resource: string;
  viewType?: string;
  name: string;
  file: string;
  /** What goes with a delete (a pruned group's users lose the membership). */
  reason?: string;
}

const SYMBOL: Record<string, string> = { create: '+', update: '~', rename: '>', delete: '-', mark: '*' };
/** Writes listed before "… and N more" (the --json envelope lists every one). */
const WRITES_SHOWN = 30;

/**
 * The deploy's writes: in a dry run (and so in a protected target's question) every one but the
 * tags — a release that deletes a slug, a group or a view says so where it is reviewed, not only
 * in --json —; after a real run, the deletes.
 */
function deployWriteLines(r: ReleaseResult): string[] {
  const writes = ((r.deploy.report as { writes?: DeployWrite[] } | undefined)?.writes ?? []).filter((w) => w.action in SYMBOL);
  const marks = writes.filter((w) => w.action === 'mark').length;
  const shown = writes.filter((w) => (r.dryRun ? w.action !== 'mark' : w.action === 'delete'));
  const lines = shown.slice(0, WRITES_SHOWN).map((w) => `  ${SYMBOL[w.action]} ${w.action.padEnd(8)} ${(w.viewType ?? w.resource).padEnd(9)} ${JSON.stringify(w.name)}  ${w.file}${w.reason ? ` (${w.reason})` : ''}`);
  if (shown.length > WRITES_SHOWN) lines.push(`  … and ${shown.length - WRITES_SHOWN} more (--json lists every one)`);
  if (r.dryRun && marks > 0) lines.push(`  * ${marks} to mark as managed by lxp (a tag, nothing else changes)`);
  // --prune: what it still does not delete, and why (a slug or domain serving a version).
  const left = (r.deploy.report as { leftAlone?: (DeployWrite & { reason: string })[] } | undefined)?.leftAlone ?? [];
  for (const w of left.slice(0, WRITES_SHOWN)) lines.push(`  . left     ${(w.viewType ?? w.resource).padEnd(9)} ${JSON.stringify(w.name)}  ${w.file}: ${w.reason}`);
  if (left.length > WRITES_SHOWN) lines.push(`  … and ${left.length - WRITES_SHOWN} more left alone (--json lists every one)`);
  return lines;
}

export function formatRelease(r: ReleaseResult): string {
  const lines: string[] = [];
  if (r.status === 'existing') {
    lines.push(`Version ${r.version} already exists with the folder's content: nothing to create${r.dryRun ? ' (dry run)' : ''}.`);
  } else if (r.status === 'would-create') {
    lines.push(`Dry run: would deploy ${r.deploy.changes} change${r.deploy.changes === 1 ? '' : 's'} to develop, then create version ${r.version}.`);
    lines.push(...deployWriteLines(r));
    if (r.description) lines.push(`  description: ${firstLine(r.description)}`);
  } else {
    lines.push(`Created version ${r.version}${r.deploy.changes ? ` after deploying ${r.deploy.changes} change${r.deploy.changes === 1 ? '' : 's'} to develop` : ''}.`);
    lines.push(...deployWriteLines(r));
    if (r.description) lines.push(`  description: ${firstLine(r.description)}`);
  }
  lines.push(...formatRepoints(r.repoints, r.dryRun));
  return lines.join('\n');
}

/** "1 slug", "2 slugs and 1 domain". */
function countPointers(repoints: Repoint[]): string {
  const n = (kind: 'slug' | 'domain') => repoints.filter((r) => r.kind === kind).length;
  const parts = (['slug', 'domain'] as const).filter((k) => n(k) > 0).map((k) => `${n(k)} ${k}${n(k) === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

export function formatPromote(r: PromoteResult): string {
  const moved = r.repoints.filter((x) => x.changed);
  const already = r.repoints.length - moved.length;
  const rest = already ? ` (${already} already point${already === 1 ? 's' : ''} there)` : '';
  const head = moved.length === 0
    ? `Nothing to re-point: ${countPointers(r.repoints)} already point${r.repoints.length === 1 ? 's' : ''} at ${r.version}.`
    : r.dryRun
      ? `Dry run: would point ${countPointers(moved)} at ${r.version}${rest}.`
      : `Pointed ${countPointers(moved)} at ${r.version}${rest}.`;
  return [head, ...formatRepoints(r.repoints, r.dryRun)].join('\n');
}

const MISSING_NOTE = 'no such version (deleted): these answer 404 until pointed at a version with lxp promote';

/**
 * The versions table. `width`: the terminal's, to wrap long cells to; undefined (piped) shows
 * every cell whole. Nothing is cut either way: a multi-line description is shown on one line.
 */
export function formatVersions(rows: VersionRow[], opts: { width?: number } = {}): string {
  if (rows.length === 0) return 'No versions.';
  const header = ['VERSION', 'CREATED', 'SERVED BY', 'DESCRIPTION'];
  const table = rows.map((r) => [
    r.missing ? `${r.version} (missing)` : r.version,
    r.creationDate ? r.creationDate.replace('T', ' ').replace(/\.\d+Z$|Z$/, 'Z') : '-',
    [...r.slugs.map((s) => `slug:${s}`), ...r.domains.map((d) => `domain:${d}`)].join(', ') || '-',
    r.missing ? MISSING_NOTE : r.description.replace(/\s*\n\s*/g, ' ').trim(),
  ]);
  return renderTable([header, ...table], opts.width).join('\n');
}

/** The first line of a description (a version's is often a tag annotation: subject, blank line, body). */
function firstLine(text: string): string {
  const lines = text.split('\n');
  return lines.length > 1 && lines.slice(1).some((l) => l.trim()) ? `${lines[0]} (…)` : lines[0];
}
