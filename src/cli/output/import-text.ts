// What `lxp import` prints for people: what was imported and where, what was not (the report),
// and whether the folder validates. The --json envelope carries the same result as data.
import { formatIssue } from '../../project/issues.js';
import { formatReport } from '../../import/report.js';
import type { ImportResult } from '../../import/import.js';
import { plural } from '../../project/plural.js';


function what(r: ImportResult): string {
  const kind = r.source.kind === 'export' ? 'the exported application' : 'the official-CLI workspace';
  const name = r.application.name ? ` "${r.application.name}"` : '';
  const from = r.source.format === 'zip' ? ` (${r.source.path}${r.source.root ? `, folder ${r.source.root}/` : ''})` : ` (${r.source.path}${r.source.root ? `/${r.source.root}` : ''})`;
  return `${kind}${name}${from}`;
}

export function importText(r: ImportResult, verbose: boolean): string[] {
  const c = r.counts;
  const lines = [`Imported ${what(r)} into ${r.dir}:`];
  lines.push(`  ${plural(c.layouts, 'layout')}, ${plural(c.pages, 'page')}, ${plural(c.components, 'component')}`);
  const rest: string[] = [];
  if (c.endpoints !== null) rest.push(`${plural(c.endpoints, 'endpoint')} (endpoints.yaml)`);
  if (c.groups !== null) rest.push(`${plural(c.groups, 'group')} (groups.yaml)`);
  if (c.settings !== null) rest.push("develop's settings (experience.yaml)");
  if (c.users !== null) rest.push(`${plural(c.users, 'user')} (users.csv, no passwords)`);
  if (rest.length > 0) lines.push(`  ${rest.join(', ')}`);
  if (verbose) for (const f of r.written) lines.push(`  ${r.replaced.includes(f) ? '~' : '+'} ${f}`);
  else lines.push(`  ${plural(r.written.length, 'file')} written${r.replaced.length > 0 ? `, ${r.replaced.length} of them replaced` : ''} (--verbose lists them)`);
  if (r.recorded > 0) lines.push(`  ${plural(r.recorded, 'view')} recorded as in sync with develop (.lxp/): an edit made in Losant from now on shows as changed remotely, and no deploy sends the folder's copy over it without --force`);
  // Always listed: a file the person may know by its old name is gone.
  for (const s of r.removed) lines.push(`  - ${s.file} (an earlier import's file of ${s.source}, written now as ${s.now}): removed`);
  const report = formatReport(r.report);
  if (report.length > 0) lines.push('', ...report);
  lines.push('');
  if (r.schema && !r.schema.installed)
    lines.push(
      `lxp.config.json's "$schema" points at this lxp's own copy (${r.schema.path}): lxp is not installed in this repository.`,
      'Install it as a dev dependency (see README, Install) for a path that works on every checkout.',
      '',
    );
  const lxp = r.schema?.installed ? 'npx lxp' : 'lxp';
  // Views lxp manages that the workspace lacks: a deploy before a pull deletes them (the report says which).
  const managedMissing = r.report.filter((i) => i.kind === 'remote-only-managed').length;
  const pullFirst = managedMissing > 0 ? `${lxp} pull (it brings in the ${plural(managedMissing, 'view')} lxp manages that the workspace lacks, which a deploy would delete), ` : '';
  if (r.issues.length === 0) lines.push(`The folder validates. Next: ${pullFirst}${lxp} status, then ${lxp} deploy (--target <name> for an application of lxp.config.json).`);
  else lines.push(`The folder does not validate (${plural(r.issues.length, 'problem')}); fix ${r.issues.length === 1 ? 'it' : 'them'} before deploying:`, ...r.issues.map((i) => `  ${formatIssue(i)}`));
  return lines;
}
