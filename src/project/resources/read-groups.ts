// groups.yaml → group records (a tree: each child names its parent), with every problem of the
// file: schema, names used twice anywhere in the tree, reserved tags, device queries JSON
// cannot hold. Nesting is the only way to say "parent", so a cycle cannot be written.
import { issueAt, isMapping, tagIssues, tagsOf, valueIssues, withExactNumbers } from './field-checks.js';
import { deviceQueryJson, GROUPS_FILE, sortedDeviceTags, type DeviceTag, type GroupContent } from './group.js';
import type { FolderRecord, ReadResult } from './kind.js';
import { byLine, lineOf, readChecked, type Path, type YamlSource } from './yaml-file.js';

export interface GroupsRead extends ReadResult<GroupContent> {
  source?: YamlSource;
  /** Where each record is in the file (e.g. [0, 'children', 1]). */
  pathOf: Map<FolderRecord<GroupContent>, Path>;
}

export function readGroupsFile(text: string, file = GROUPS_FILE): GroupsRead {
  const { src, issues } = readChecked(file, text, 'groups');
  if (src.data === undefined) return { records: [], issues, source: src, pathOf: new Map() };
  const records: FolderRecord<GroupContent>[] = [];
  const paths = new Map<FolderRecord<GroupContent>, Path>();

  const walk = (items: unknown, at: Path, parent: string | null) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, i) => {
      const here = [...at, i];
      if (!isMapping(item) || typeof item.name !== 'string') return; // reported by the schema
      const g: GroupContent = {
        name: item.name,
        parent,
        description: typeof item.description === 'string' ? item.description : '',
        tags: tagsOf(item.tags),
        deviceTags: Array.isArray(item.deviceTags)
          ? sortedDeviceTags(item.deviceTags.filter((t): t is DeviceTag => isMapping(t) && typeof t.key === 'string' && (t.value === undefined || typeof t.value === 'string')))
          : [],
        deviceQuery: item.deviceQuery === undefined ? null : item.deviceQuery,
        deviceIds: Array.isArray(item.deviceIds) ? item.deviceIds.filter((d): d is string => typeof d === 'string') : null,
      };
      issues.push(...tagIssues(src, [...here, 'tags'], item.tags, 'groups'));
      if (g.deviceQuery !== null) {
        const checked = valueIssues(src, [...here, 'deviceQuery'], g.deviceQuery);
        g.deviceQuery = withExactNumbers(g.deviceQuery, [...here, 'deviceQuery'], checked.lost);
        const json = checked.issues.length > 0 ? undefined : deviceQueryJson(g.deviceQuery);
        if (checked.issues.length > 0) issues.push(...checked.issues);
        else if (json !== null && json !== undefined && json.length > 8192) issues.push(issueAt(src, [...here, 'deviceQuery'], `the device query is ${json.length} characters as JSON; Losant takes at most 8192`));
      }
      const record: FolderRecord<GroupContent> = { kind: 'group', identity: g.name, content: g, file, line: lineOf(src, here) };
      records.push(record);
      paths.set(record, here);
      walk(item.children, [...here, 'children'], g.name);
    });
  };
  walk(src.data, [], null);

  const byName = new Map<string, FolderRecord<GroupContent>[]>();
  for (const r of records) byName.set(r.identity, [...(byName.get(r.identity) ?? []), r]);
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    for (const r of same) {
      const others = same.filter((o) => o !== r).map((o) => `line ${o.line}`);
      issues.push(issueAt(src, [...paths.get(r)!, 'name'], `the group "${name}" is also declared at ${others.join(', ')}; group names are unique (endpoints name them)`));
    }
  }
  return { records, issues: byLine(issues), source: src, pathOf: paths };
}
