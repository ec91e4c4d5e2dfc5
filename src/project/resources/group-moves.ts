// groups.yaml says a group's parent by nesting, so a group that changes parent (moved in the UI,
// or lifted to the top when its parent was deleted there) is an entry that changes place. The
// text patcher (yaml-edit) edits in place and would drop the entry from its old list and render
// it anew in the other one — losing the comments, quoting and flow style of its whole subtree.
// Here the entry's node is moved instead, with yaml's Document API (which keeps each node's
// comments and style), before the patch edits the values. PURE: text in, text out.
import { isMap, isScalar, isSeq, parseDocument, YAMLSeq, type Document, type YAMLMap } from 'yaml';

interface Placed {
  node: YAMLMap;
  /** The list holding the entry (the root list, or a parent's children). */
  list: YAMLSeq;
  /** The parent's entry; null at the top. */
  parent: YAMLMap | null;
}

const nameOf = (node: unknown): string | undefined => {
  if (!isMap(node)) return undefined;
  const v = node.get('name', true);
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
};

/** Every group entry of the document by its name (as the file spells it), where it stands. */
function placesOf(doc: Document.Parsed): Map<string, Placed> {
  const out = new Map<string, Placed>();
  const walk = (list: unknown, parent: YAMLMap | null) => {
    if (!isSeq(list)) return;
    for (const item of list.items) {
      const name = nameOf(item);
      if (name === undefined || out.has(name)) continue;
      out.set(name, { node: item as YAMLMap, list, parent });
      walk((item as YAMLMap).get('children', true), item as YAMLMap);
    }
  };
  walk(doc.contents, null);
  return out;
}

/**
 * `current` with each group entry moved under the parent `wantedParents` gives it (name → parent
 * name or null, names as the records say them). `renamedFrom` maps a record's name to the file's
 * (new → old) for groups renamed in the same pull, so a group renamed and moved, or moved under a
 * renamed parent, is found where the file has it. A parent new to the file is added here (from
 * `entryOf`, as the patcher would render it) when an entry of the file moves under it, so the
 * entry is moved into it rather than rendered anew. Returns undefined when nothing moves, so the
 * text stays byte for byte; else the text with the moves and the renames applied (every entry
 * under its record's name).
 */
export function moveGroupEntries(
  current: string,
  wantedParents: ReadonlyMap<string, string | null>,
  renamedFrom: ReadonlyMap<string, string>,
  entryOf: (name: string) => Record<string, unknown> | undefined,
): string | undefined {
  const doc = parseDocument(current, { version: '1.2', uniqueKeys: false });
  if (doc.errors.length > 0 || !isSeq(doc.contents)) return undefined;
  const root = doc.contents;
  const places = placesOf(doc);
  const byNode = new Map([...places.values()].map((p) => [p.node, p]));
  // A name of the file that a rename gives away is no longer that name's entry: the record now called so is another group.
  const givenAway = new Set(renamedFrom.values());
  /** Entries this function added (parents new to the file), by their records' names. */
  const added = new Map<string, Placed>();
  const placeOf = (name: string): Placed | undefined => {
    if (added.has(name)) return added.get(name);
    const inFile = renamedFrom.get(name) ?? (givenAway.has(name) ? undefined : name);
    return inFile === undefined ? undefined : places.get(inFile);
  };
  /** Whether `node` is `ancestor` or inside it (moving ancestor under it would make a loop). */
  const within = (node: YAMLMap | null, ancestor: YAMLMap): boolean => {
    for (let n = node; n !== null; n = byNode.get(n)?.parent ?? null) if (n === ancestor) return true;
    return false;
  };
  const childrenOf = (node: YAMLMap | null): YAMLSeq => {
    if (node === null) return root;
    const kids = node.get('children', true);
    if (isSeq(kids)) return kids;
    const list = new YAMLSeq(doc.schema);
    node.set('children', list);
    return list;
  };
  /** The entry of `name`, added (with any new ancestors) at the end of its parent's list when the file lacks it. */
  const ensure = (name: string, seen = new Set<string>()): Placed | undefined => {
    const here = placeOf(name);
    if (here || seen.has(name)) return here;
    seen.add(name);
    const entry = entryOf(name);
    const parentName = wantedParents.get(name) ?? null;
    const parent = parentName === null ? null : ensure(parentName, seen);
    if (!entry || (parentName !== null && !parent)) return undefined;
    const node = doc.createNode(entry) as YAMLMap;
    const list = childrenOf(parent?.node ?? null);
    list.items.push(node);
    const placed: Placed = { node, list, parent: parent?.node ?? null };
    added.set(name, placed);
    byNode.set(node, placed);
    return placed;
  };
  let moved = 0;
  // Passes until nothing moves: a swap (A over B → B over A) can only go once B has left A.
  for (let pass = 0, movedInPass = 1; movedInPass > 0 && pass <= wantedParents.size; pass++) {
    movedInPass = 0;
    for (const [name, wantedParent] of wantedParents) {
      const here = placeOf(name);
      if (!here) continue; // a group new to the file: the patcher writes it
      const standsUnder = here.parent;
      if (wantedParent === null ? standsUnder === null : standsUnder !== null && placeOf(wantedParent)?.node === standsUnder) continue;
      if (wantedParent !== null && !placeOf(wantedParent)) {
        // A parent new to the file: added only if this entry can go into it (not into its own subtree).
        const ancestors: string[] = [];
        for (let p: string | null = wantedParent; p !== null && !placeOf(p); p = wantedParents.get(p) ?? null) ancestors.push(p);
        const firstInFile = ancestors.length > 0 ? (wantedParents.get(ancestors[ancestors.length - 1]!) ?? null) : null;
        if (firstInFile !== null && within(placeOf(firstInFile)?.node ?? null, here.node)) continue;
      }
      const target = wantedParent === null ? null : ensure(wantedParent);
      if (wantedParent !== null && !target) continue;
      const targetNode = target?.node ?? null;
      if (within(targetNode, here.node)) continue;
      const at = here.list.items.indexOf(here.node);
      // Comment lines above a list's first entry belong to the list in yaml's tree: they go with the entry.
      if (at === 0 && here.list.commentBefore) {
        here.node.commentBefore = [here.list.commentBefore, here.node.commentBefore].filter(Boolean).join('\n');
        here.list.commentBefore = undefined;
      }
      here.list.items.splice(at, 1);
      // A parent left with no children loses its `children:` key, as the patcher would write it.
      if (here.parent && here.list.items.length === 0) here.parent.delete('children');
      const list = childrenOf(targetNode);
      list.items.push(here.node);
      here.list = list;
      here.parent = targetNode;
      movedInPass++;
      moved++;
    }
  }
  if (moved === 0) return undefined;
  // The text is re-printed: it takes the pull's renames too (the same name nodes, their comments
  // kept), so the patcher finds every entry under its new name — also where a group new to the
  // file, added above, takes the name another gives away.
  for (const [now, before] of renamedFrom) {
    const name = places.get(before)?.node.get('name', true);
    if (isScalar(name)) name.value = now;
  }
  return doc.toString({ lineWidth: 0 });
}
