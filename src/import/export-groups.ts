// Groups of an export (`experience/groups.yaml`): a tree (resourceType ExperienceGroupTree,
// children nested) or, as the API lists them, a flat list with parentId (ExperienceGroup).
// Nesting gives the parent. Device lists are data of one application (and their ids are
// placeholders of devices lxp does not create): left out and reported. Placeholders inside a
// device tag value or the device query are kept as text and reported.
import { groupKind, type GroupContent, type GroupRemote } from '../project/resources/group.js';
import { ExportContext, KNOWN_FIELDS, nested } from './export-context.js';
import { fieldIssue, isPlain, readExportFile, stringField, tagsField, type ExportResource, type ExportFile } from './export-yaml.js';
import { placeholderItems } from './placeholders.js';
import type { Path } from '../project/resources/yaml-file.js';

interface Found {
  group: GroupContent;
  r: ExportResource;
  /** Flat lists: the parent's id, resolved once every group is known. */
  parentId?: string;
}

function groupOf(ctx: ExportContext, r: ExportResource, parent: string | null): Found | undefined {
  const before = ctx.issues.length;
  const name = r.data.name;
  ctx.unknownFields(r, KNOWN_FIELDS.group, typeof name === 'string' ? `the group "${name}"` : 'a group');
  if (typeof name !== 'string' || name === '') ctx.issues.push(fieldIssue(r, ['name'], name === undefined ? 'missing: every group has a name' : 'must be non-empty text'));
  const description = stringField(r, 'description', ctx.issues);
  const groupTags = tagsField(r, 'groupTags', ctx.issues);
  const deviceTags: { key: string; value?: string }[] = [];
  const rawTags = r.data.deviceTags ?? [];
  if (!Array.isArray(rawTags)) ctx.issues.push(fieldIssue(r, ['deviceTags'], 'must be a list of { key, value }'));
  else
    rawTags.forEach((t, i) => {
      if (!isPlain(t) || typeof t.key !== 'string' || (t.value !== undefined && t.value !== null && typeof t.value !== 'string'))
        ctx.issues.push(fieldIssue(r, ['deviceTags', i], 'a device tag is { key: text, value?: text }'));
      else deviceTags.push(typeof t.value === 'string' ? { key: t.key, value: t.value } : { key: t.key });
    });
  const query = r.data.deviceQueryJson;
  if (query !== undefined && query !== null && typeof query !== 'string') ctx.issues.push(fieldIssue(r, ['deviceQueryJson'], 'must be JSON text'));
  if (ctx.issues.length > before || typeof name !== 'string') return undefined;

  const remote: GroupRemote = { name, description, groupTags, deviceTags, deviceQueryJson: typeof query === 'string' ? query : null };
  const { content } = groupKind.fromWire(remote, { pageName: () => undefined, groupName: () => undefined });
  const group: GroupContent = { ...content, parent, deviceIds: null };

  const deviceIds = r.data.deviceIds;
  if (Array.isArray(deviceIds) && deviceIds.length > 0)
    ctx.report.push({
      kind: 'devices',
      file: r.file,
      line: r.lineOf(['deviceIds']),
      message: `the group "${name}" lists ${deviceIds.length} device${deviceIds.length === 1 ? '' : 's'} by id: devices belong to one application, so groups.yaml leaves the group's devices alone (add them in Losant, or use deviceTags)`,
    });
  deviceTags.forEach((t, i) => {
    for (const text of [t.key, t.value ?? '']) ctx.report.push(...placeholderItems(text, `a device tag of the group "${name}"`, () => ({ file: r.file, line: r.lineOf(['deviceTags', i]) })));
  });
  if (typeof query === 'string') ctx.report.push(...placeholderItems(query, `the device query of the group "${name}"`, () => ({ file: r.file, line: r.lineOf(['deviceQueryJson']) })));
  return { group, r, parentId: typeof r.data.parentId === 'string' && r.data.parentId !== '' ? r.data.parentId : undefined };
}

function walkTree(ctx: ExportContext, r: ExportResource, parent: string | null, out: Found[]): void {
  const found = groupOf(ctx, r, parent);
  if (!found) return;
  out.push(found);
  ctx.register(r, ['id'], { kind: 'group', name: found.group.name });
  const children = r.data.children ?? [];
  if (!Array.isArray(children)) {
    ctx.issues.push(fieldIssue(r, ['children'], 'must be a list of groups'));
    return;
  }
  children.forEach((child, i) => {
    const path: Path = ['children', i];
    if (!isPlain(child)) ctx.issues.push(fieldIssue(r, path, 'a group must be a mapping'));
    else walkTree(ctx, nested(r, path, child), found.group.name, out);
  });
}

/** Groups of an export file (tree or flat), parents by name. */
export function readExportGroups(ctx: ExportContext, file: string, text: string): GroupContent[] | undefined {
  const exported: ExportFile | undefined = readExportFile(file, text, ['ExperienceGroupTree', 'ExperienceGroup'], ctx.issues);
  if (!exported) return undefined;
  const found: Found[] = [];
  for (const r of exported.resources) walkTree(ctx, r, null, found);

  for (const f of found) {
    if (f.parentId === undefined) continue;
    const named = ctx.groupName(f.parentId);
    if (exported.resourceType === 'ExperienceGroup' || f.group.parent === null) {
      // A flat list says the parent only by id.
      if (named !== undefined) f.group.parent = named;
      else if (exported.resourceType === 'ExperienceGroup') ctx.unresolved(f.r, ['parentId'], f.parentId, 'group', 'the group is imported at the top of the tree');
    } else if (named !== undefined && named !== f.group.parent) {
      ctx.report.push({ kind: 'changed', file: f.r.file, line: f.r.lineOf(['parentId']), message: `the group "${f.group.name}" is nested under "${f.group.parent}" but its parentId names "${named}": the nesting wins` });
    }
  }

  // Losant lets two groups share a name (two customers' "Admins"); groups.yaml cannot, since
  // endpoints, users and child groups name a group by its name. Say so, and what to do.
  const byName = new Map<string, Found>();
  for (const f of found) {
    const first = byName.get(f.group.name);
    if (!first) {
      byName.set(f.group.name, f);
      continue;
    }
    // The line of each group's name, as the message's own file:line (review 9b, F6: item vs name line).
    const where = (g: Found) => `${g.r.file}:${g.r.lineOf(['name']) ?? g.r.line}${g.group.parent !== null ? `, under "${g.group.parent}"` : ''}`;
    ctx.issues.push(
      fieldIssue(
        f.r,
        ['name'],
        `this export has two groups "${f.group.name}" (${where(first)}; ${where(f)}): Losant allows that, but groups.yaml names each group once (endpoints, users and child groups name a group by its name). Rename one in Losant (e.g. "${f.group.parent !== null ? `${f.group.parent} ${f.group.name}` : `${f.group.name} 2`}") and export again, or import without groups: delete experience/groups.yaml from the export (endpoints and users then lose their groups, each listed in the report)`,
      ),
    );
  }
  // A flat list can say A is under B and B under A; a tree cannot. Such a circle is cut where it
  // is found (groups.yaml nests, so every group must reach the top).
  for (const f of found) {
    const seen = new Set<string>();
    for (let p = f.group.parent; p !== null; p = byName.get(p)?.group.parent ?? null) {
      if (p !== f.group.name) {
        if (seen.has(p)) break; // a circle above this group: cut at one of its own members
        seen.add(p);
        continue;
      }
      ctx.report.push({ kind: 'changed', file: f.r.file, line: f.r.lineOf(['parentId']), message: `the group "${f.group.name}" is its own ancestor through parentId: imported at the top of the tree` });
      f.group.parent = null;
      break;
    }
  }
  return found.map((f) => f.group);
}
