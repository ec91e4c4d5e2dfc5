// What `lxp restore <version>` will do, worked out before develop is touched: what changes on
// develop (its views, endpoints and settings: what a version holds; groups, slugs and domains are
// not versioned), and the pull that follows — planned against the version with the pull's own
// rules. A pull that would conflict with local edits refuses the restore before its first write
// (exit 3, nothing written), and a local edit the pull keeps is named, so the closing message can
// say the folder is not the version after all.
import type { ApiEndpoint, ApiGroup, ApiVersion, ApiView, ExperienceClient } from '../api/types.js';
import { canonicalContent, viewKey, type ViewType } from '../project/view.js';
import { formatIssue } from '../project/issues.js';
import { differingKeys } from '../project/resources/canonical.js';
import { endpointKind, settingsKind, SETTINGS_IDENTITY, type EndpointContent, type SettingsContent } from '../project/resources/index.js';
import { EXIT } from '../sync/errors.js';
import { isWrite, subjectOf, type PlannedChange } from '../sync/plan.js';
import { toRemoteViews } from '../sync/remote.js';
import { toRemoteResources } from '../sync/remote-resources.js';
import { pull, type SyncReport } from '../sync/run.js';
import { invalid, ReleaseError } from './errors.js';
import { DEVELOP } from './version-name.js';
import { listAnd, plural } from '../project/plural.js';

export interface DevelopChange {
  change: 'added' | 'removed' | 'changed';
  /** page, layout, component, endpoint or settings. */
  subject: string;
  name: string;
  /** A view's type (views only). */
  viewType?: ViewType;
  /** The fields that change (a changed endpoint or develop's settings). */
  fields?: string[];
}

export interface FolderChange {
  action: 'write' | 'remove';
  /** page, layout, component, endpoint, group, settings… */
  subject: string;
  name: string;
  file: string;
}

/** A file the pull leaves as it is although the version differs: the folder keeps a local edit. */
export interface KeptEdit {
  subject: string;
  name: string;
  file: string;
  reason: string;
  /** The pull flag that drops the edit: --prune for a file never deployed, --force for an edit of a synced one. */
  drop: '--force' | '--prune';
}

export interface RestorePlan {
  version: string;
  /** develop now → the version: views, then endpoints, then settings. */
  develop: DevelopChange[];
  /** Files the pull writes or removes (none without a pull). */
  folder: FolderChange[];
  /** Local edits that survive the pull. */
  kept: KeptEdit[];
  pull: boolean;
}

/** How develop's views change when it becomes `version`: by (view type, name), by content. */
export function developChanges(developViews: ApiView[], versionViews: ApiView[]): DevelopChange[] {
  const now = new Map(toRemoteViews(developViews).map((r) => [viewKey(r.content), r.content]));
  const then = new Map(toRemoteViews(versionViews).map((r) => [viewKey(r.content), r.content]));
  const out: DevelopChange[] = [];
  const view = (change: DevelopChange['change'], c: { viewType: ViewType; name: string }): DevelopChange => ({ change, subject: c.viewType, name: c.name, viewType: c.viewType });
  for (const [key, c] of then) {
    const current = now.get(key);
    if (!current) out.push(view('added', c));
    else if (canonicalContent(current) !== canonicalContent(c)) out.push(view('changed', c));
  }
  for (const [key, c] of now) if (!then.has(key)) out.push(view('removed', c));
  return out.sort((a, b) => viewKey({ viewType: a.viewType!, name: a.name }).localeCompare(viewKey({ viewType: b.viewType!, name: b.name })));
}

/** One side of a restore: a version's views (to name the pages it replies with), endpoints and settings. */
export interface VersionSide {
  views: readonly ApiView[];
  endpoints: readonly ApiEndpoint[];
  settings: ApiVersion;
}

/**
 * How develop's endpoints (by key, else method and route) and settings change when it becomes the
 * version: each read as folder content, pages and groups by name, and compared as a deploy would.
 */
export function developResourceChanges(now: VersionSide, then: VersionSide, groups: readonly ApiGroup[], applicationId: string): DevelopChange[] {
  const read = (side: VersionSide) => toRemoteResources({ applicationId, views: side.views, endpoints: side.endpoints, groups, develop: side.settings });
  const [a, b] = [read(now), read(then)];
  const byIdentity = (list: typeof a.endpoint) => new Map((list ?? []).map((r) => [endpointKind.identity(r.content as EndpointContent), r.content as EndpointContent]));
  const [epNow, epThen] = [byIdentity(a.endpoint), byIdentity(b.endpoint)];
  const out: DevelopChange[] = [];
  for (const [identity, e] of epThen) {
    const current = epNow.get(identity);
    if (!current) out.push({ change: 'added', subject: 'endpoint', name: identity });
    else if (endpointKind.hash(current) !== endpointKind.hash(e)) out.push({ change: 'changed', subject: 'endpoint', name: identity, fields: differingKeys(current as unknown as Record<string, unknown>, e as unknown as Record<string, unknown>) });
  }
  for (const identity of epNow.keys()) if (!epThen.has(identity)) out.push({ change: 'removed', subject: 'endpoint', name: identity });
  out.sort((x, y) => x.name.localeCompare(y.name));
  const [sNow, sThen] = [a.settings?.[0]?.content as SettingsContent, b.settings?.[0]?.content as SettingsContent];
  if (settingsKind.hash(sNow) !== settingsKind.hash(sThen)) {
    out.push({ change: 'changed', subject: 'settings', name: SETTINGS_IDENTITY, fields: differingKeys(sNow as unknown as Record<string, unknown>, sThen as unknown as Record<string, unknown>) });
  }
  return out;
}

function keptEdits(changes: PlannedChange[]): KeptEdit[] {
  return changes
    .filter((c) => c.action === 'skip' && (c.kind === 'changed-local' || c.kind === 'new-local' || c.kind === 'deleted-local'))
    .map((c) => ({ subject: subjectOf(c), name: c.name, file: c.file, reason: c.reason ?? c.kind, drop: c.kind === 'new-local' ? ('--prune' as const) : ('--force' as const) }));
}

/**
 * Why the pull after a restore would conflict, in the restore's terms: the folder's edit against
 * what the version holds (the pull's own reason speaks of develop and advises `pull --force`,
 * which is not what a restore needs).
 */
function restoreConflictReason(c: PlannedChange | undefined, version: string): string {
  if (!c) return `edited in the folder, and ${version} differs`;
  // Views carry their sides on the change; the other kinds (endpoints, groups, settings…) on its item.
  const synced = c.synced ?? c.item?.synced;
  const local = c.local ?? c.item?.local;
  const remote = c.remote ?? c.item?.remote;
  const what = c.resource === 'view' ? 'file' : 'entry';
  if (!synced) return `the folder's ${what} and ${version} differ, and no sync record tells whether the ${what} was edited here`;
  if (!local) return `deleted in the folder since the last sync, and ${version} holds it with other content`;
  if (remote === undefined) return `edited in the folder since the last sync, and ${version} does not have it: the restore would remove it`;
  return `edited in the folder since the last sync, and ${version} holds other content`;
}

function refusal(report: SyncReport, version: string): ReleaseError {
  if (report.outcome === 'conflicts') {
    const planned = new Map((report.plan?.changes ?? []).map((c) => [c.key, c]));
    const lines = report.results
      .filter((r) => r.status === 'conflict')
      .map((r) => `  ${subjectOf(r)} "${r.name}" (${r.file}): ${restoreConflictReason(planned.get(r.key), version)}`);
    return new ReleaseError(
      [
        `restoring ${version} would conflict with edits in the folder: the pull that follows could not bring the folder to ${version}.`,
        ...lines,
        'Nothing was written: develop is unchanged. Deploy or discard those edits first, restore with --force to let the pull overwrite them, or with --no-pull to leave the folder alone.',
      ].join('\n'),
      EXIT.CONFLICT,
      [],
      ['restore develop', 'pull into the folder'],
      'conflicts',
      // One of the command's outcomes, as deploy's, pull's and release's conflicts are.
      { outcome: 'conflicts' },
    );
  }
  const problems = report.issues.map((i) => `  ${formatIssue(i)}`);
  return invalid([`the folder cannot be pulled into (${report.message ?? report.outcome}); develop is unchanged:`, ...problems].join('\n'), 'invalid-folder');
}

/**
 * Plans a restore of develop from `version` (an existing version's name) and, unless `pull` is
 * false, the pull after it. Throws (exit 3) when that pull would conflict, (exit 2) when the
 * folder is invalid. Sends only reads.
 */
export async function planRestore(opts: {
  client: ExperienceClient;
  dir: string;
  target: string | { name: string };
  version: string;
  pull: boolean;
  force?: boolean;
}): Promise<RestorePlan> {
  const { client, version } = opts;
  const [views, endpoints, settings, versionViews, versionEndpoints, versionSettings, groups] = await Promise.all([
    client.listViews(),
    client.listEndpoints(),
    client.getVersion(DEVELOP),
    client.listViews({ version }),
    client.listEndpoints({ version }),
    client.getVersion(version),
    client.listGroups(),
  ]);
  if (!settings || !versionSettings) throw invalid(`no version "${settings ? version : DEVELOP}" in this application (see \`lxp versions\`)`, 'not-found');
  const develop = [
    ...developChanges(views, versionViews),
    ...developResourceChanges({ views, endpoints, settings }, { views: versionViews, endpoints: versionEndpoints, settings: versionSettings }, groups, client.applicationId),
  ];
  if (!opts.pull) return { version: opts.version, develop, folder: [], kept: [], pull: false };
  const report = await pull({ dir: opts.dir, client: opts.client, target: opts.target, force: opts.force, dryRun: true, remoteVersion: opts.version });
  if (report.exitCode !== EXIT.OK) throw refusal(report, opts.version);
  return { version: opts.version, develop, ...pullOutcome(report), pull: true };
}

/** What a pull (planned or done) does to the folder, and the local edits it keeps. */
export function pullOutcome(report: SyncReport): { folder: FolderChange[]; kept: KeptEdit[] } {
  const changes = report.plan?.changes ?? [];
  const done = new Map(report.results.map((r) => [r.key, r.status]));
  const folder = changes
    .filter((c): c is PlannedChange & { action: 'write' | 'remove' } => isWrite(c) && (c.action === 'write' || c.action === 'remove'))
    .filter((c) => report.dryRun || done.get(c.key) === 'done')
    .map((c) => ({ action: c.action, subject: subjectOf(c), name: c.name, file: c.file }));
  return { folder, kept: keptEdits(changes) };
}

/** "1 view, 4 endpoints and the settings": what of develop the changes touch, counted by kind ('' for none). */
function developCount(changes: DevelopChange[]): string {
  const views = changes.filter((d) => d.viewType).length;
  const endpoints = changes.filter((d) => d.subject === 'endpoint').length;
  const parts = [views ? plural(views, 'view') : '', endpoints ? plural(endpoints, 'endpoint') : '', changes.some((d) => d.subject === 'settings') ? 'the settings' : ''].filter(Boolean);
  return listAnd(parts);
}

/**
 * How to put kept edits on develop or drop them. A file never deployed is dropped by `pull
 * --prune` (`--force` keeps it); an edit of a synced file by `pull --force` (review 9, L6).
 */
function dropAdvice(kept: KeptEdit[]): string {
  const flags = [...new Set(kept.map((k) => k.drop))].sort().join(' ');
  return kept.length === 1 ? `Deploy it to put it on develop, or run \`lxp pull ${flags}\` to drop it.` : `Deploy them to put them on develop, or run \`lxp pull ${flags}\` to drop them.`;
}

/** The sentences that end a restore: true about develop, the folder, and any local edit that survived. */
export function restoreSummary(plan: RestorePlan, opts: { dryRun: boolean }): string {
  const v = plan.version;
  const lines: string[] = [];
  // Entries of one YAML file are one file written.
  const files = new Set(plan.folder.map((f) => f.file)).size;
  const changed = developCount(plan.develop);
  if (opts.dryRun) {
    const develop = changed ? `change ${changed} of develop` : 'change nothing on develop';
    const folder = plan.pull ? `${plural(files, 'file')} in the folder` : 'no file (--no-pull)';
    lines.push(`Dry run: restoring ${v} would ${develop}, and ${folder}. Nothing was written.`);
    for (const d of plan.develop) lines.push(`  develop  ${d.change.padEnd(7)}  ${d.subject} "${d.name}"${d.fields?.length ? `  (${d.fields.join(', ')})` : ''}`);
    // Each view file, and each entry of endpoints.yaml/groups.yaml/experience.yaml, by what it is: "remove endpoints.yaml" three times read as deleting the file.
    for (const f of plan.folder) lines.push(`  folder   ${f.action.padEnd(7)}  ${f.subject} "${f.name}"  ${f.file}`);
  } else {
    lines.push(`Develop now holds ${v} (${changed ? `${changed} changed` : 'it held the same views, endpoints and settings already'}).`);
    lines.push(
      plan.pull
        ? `The folder was pulled: ${plan.folder.length ? `${plural(files, 'file')} written or removed` : 'no file changed'}.`
        : 'The folder was not pulled (--no-pull): run `lxp pull` to bring it to develop.',
    );
  }
  if (plan.kept.length) {
    lines.push(
      `${plural(plan.kept.length, 'local edit')} ${opts.dryRun ? 'would be' : plan.kept.length === 1 ? 'was' : 'were'} kept, so the folder ${opts.dryRun ? 'would differ' : 'differs'} from ${v} there:`,
      ...plan.kept.map((k) => `  ${k.file} (${k.subject} "${k.name}"): ${k.reason}`),
      dropAdvice(plan.kept),
    );
  }
  return lines.join('\n');
}
