// Human text for the release commands: views of the same result objects --json prints.
import type { PromoteResult } from './promote.js';
import type { Repoint } from './pointers.js';
import type { ReleaseResult } from './release.js';
import type { VersionRow } from './versions.js';

function repointLine(r: Repoint, dryRun: boolean): string {
  const from = r.from ?? '(none)';
  if (!r.changed) return `  ${r.kind} ${r.name}: already ${r.to}`;
  return `  ${r.kind} ${r.name}: ${from} → ${r.to}${dryRun ? ' (would re-point)' : ''}`;
}

export function formatRepoints(repoints: Repoint[], dryRun: boolean): string[] {
  return repoints.map((r) => repointLine(r, dryRun));
}

export function formatRelease(r: ReleaseResult): string {
  const lines: string[] = [];
  if (r.status === 'existing') {
    lines.push(`Version ${r.version} already exists with the folder's content: nothing to create${r.dryRun ? ' (dry run)' : ''}.`);
  } else if (r.status === 'would-create') {
    lines.push(`Dry run: would deploy ${r.deploy.changes} change${r.deploy.changes === 1 ? '' : 's'} to develop, then create version ${r.version}.`);
    if (r.description) lines.push(`  description: ${firstLine(r.description)}`);
  } else {
    lines.push(`Created version ${r.version}${r.deploy.changes ? ` after deploying ${r.deploy.changes} change${r.deploy.changes === 1 ? '' : 's'} to develop` : ''}.`);
    if (r.description) lines.push(`  description: ${firstLine(r.description)}`);
  }
  lines.push(...formatRepoints(r.repoints, r.dryRun));
  return lines.join('\n');
}

export function formatPromote(r: PromoteResult): string {
  const moved = r.repoints.filter((x) => x.changed).length;
  const head = r.dryRun
    ? `Dry run: would point ${moved} of ${r.repoints.length} at ${r.version}.`
    : moved
      ? `Pointed ${moved} at ${r.version}.`
      : `Everything already points at ${r.version}.`;
  return [head, ...formatRepoints(r.repoints, r.dryRun)].join('\n');
}

export function formatVersions(rows: VersionRow[]): string {
  if (rows.length === 0) return 'No versions.';
  const header = ['VERSION', 'CREATED', 'SERVED BY', 'DESCRIPTION'];
  const table = rows.map((r) => [
    r.version,
    r.creationDate ? r.creationDate.replace('T', ' ').replace(/\.\d+Z$|Z$/, 'Z') : '',
    [...r.slugs.map((s) => `slug:${s}`), ...r.domains.map((d) => `domain:${d}`)].join(', ') || '-',
    firstLine(r.description),
  ]);
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...table.map((row) => row[i].length))));
  const fmt = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.length > widths[i] ? cell.slice(0, widths[i] - 1) + '…' : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...table.map(fmt)].join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 72 ? line.slice(0, 71) + '…' : line;
}
