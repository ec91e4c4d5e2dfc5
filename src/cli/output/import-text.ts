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

/**
 * What to run next, true for the folder's sync state: a whole `lxp pull` first only when it brings
 * in every view the next deploy would delete and takes nothing the import kept (review 10b, F11).
 */
function nextSteps(r: ImportResult, lxp: string): string {
  const then = `${lxp} status, then ${lxp} deploy (--target <name> for an application of lxp.config.json).`;
  const s = r.sync ?? { changedRemotely: 0, conflicts: 0, deletedByDeploy: r.report.filter((i) => i.kind === 'remote-only-managed').length, wholePullBringsIn: 0 };
  if (s.conflicts > 0)
    return `${lxp} status: ${plural(s.conflicts, 'file')} the import kept ${s.conflicts === 1 ? 'is' : 'are'} in conflict with develop (listed above), and a whole ${lxp} deploy or ${lxp} pull refuses to run until ${s.conflicts === 1 ? 'it is' : 'they are'} settled as ${s.conflicts === 1 ? 'its line says' : 'their lines say'}; then ${lxp} deploy.`;
  if (s.deletedByDeploy === 0) return then;
  const views = plural(s.deletedByDeploy, 'view');
  if (s.wholePullBringsIn === s.deletedByDeploy && s.changedRemotely === 0) return `${lxp} pull (it brings in the ${views} lxp manages that the workspace lacks, which a deploy would delete), ${then}`;
  return `${then.slice(0, -1)}, which deletes the ${views} of develop listed under "Deleted by the next lxp deploy" unless each is brought in first as its line says${s.changedRemotely > 0 ? ` (not with a whole ${lxp} pull: it would also take develop's over the ${plural(s.changedRemotely, 'file')} the import kept that changed in Losant since this folder last synced them)` : ''}.`;
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
  if (r.recordedChanged > 0)
    lines.push(
      `  ${plural(r.recordedChanged, 'view')} recorded as changed locally (.lxp/: the file differs from develop's view as read now, listed below): the next deploy sends the file, a pull keeps it, and an edit made in Losant from now on is a conflict`,
    );
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
  if (r.issues.length === 0) lines.push(`The folder validates. Next: ${nextSteps(r, lxp)}`);
  else lines.push(`The folder does not validate (${plural(r.issues.length, 'problem')}); fix ${r.issues.length === 1 ? 'it' : 'them'} before deploying:`, ...r.issues.map((i) => `  ${formatIssue(i)}`));
  return lines;
}
