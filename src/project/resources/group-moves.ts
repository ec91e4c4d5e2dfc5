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
 * name or null, names as the records say them; `back` maps a record's name to the file's, for
 * groups renamed in the same pull). Moves only between entries the file has (a group new to the
 * file is the patcher's). Returns undefined when nothing moves, so the text stays byte for byte.
 */
export function moveGroupEntries(current: string, wantedParents: ReadonlyMap<string, string | null>, back: ReadonlyMap<string, string>): string | undefined {
  const doc = parseDocument(current, { version: '1.2', uniqueKeys: false });
  if (doc.errors.length > 0 || !isSeq(doc.contents)) return undefined;
  const places = placesOf(doc);
  const byNode = new Map([...places.values()].map((p) => [p.node, p]));
  const fileName = (name: string) => back.get(name) ?? name;
  /** Whether `node` is `ancestor` or inside it (moving ancestor under it would make a loop). */
  const within = (node: YAMLMap | null, ancestor: YAMLMap): boolean => {
    for (let n = node; n !== null; n = byNode.get(n)?.parent ?? null) if (n === ancestor) return true;
    return false;
  };
  let moved = 0;
  // Passes until nothing moves: a swap (A over B → B over A) can only go once B has left A.
  for (let pass = 0, movedInPass = 1; movedInPass > 0 && pass <= wantedParents.size; pass++) {
    movedInPass = 0;
    for (const [name, wantedParent] of wantedParents) {
      const here = places.get(fileName(name));
      if (!here) continue;
      const target = wantedParent === null ? null : places.get(fileName(wantedParent));
      if (wantedParent !== null && !target) continue; // a parent new to the file: the patcher writes it
      const targetNode = target?.node ?? null;
      if (targetNode === here.parent || within(targetNode, here.node)) continue;
      const at = here.list.items.indexOf(here.node);
      // Comment lines above a list's first entry belong to the list in yaml's tree: they go with the entry.
      if (at === 0 && here.list.commentBefore) {
        here.node.commentBefore = [here.list.commentBefore, here.node.commentBefore].filter(Boolean).join('\n');
        here.list.commentBefore = undefined;
      }
      here.list.items.splice(at, 1);
      // A parent left with no children loses its `children:` key, as the patcher would write it.
      if (here.parent && here.list.items.length === 0) here.parent.delete('children');
      let list: YAMLSeq;
      if (targetNode === null) list = doc.contents as YAMLSeq;
      else {
        const kids = targetNode.get('children', true);
        if (isSeq(kids)) list = kids;
        else {
          list = new YAMLSeq(doc.schema);
          targetNode.set('children', list);
        }
      }
      list.items.push(here.node);
      here.list = list;
      here.parent = targetNode;
      movedInPass++;
      moved++;
    }
  }
  return moved === 0 ? undefined : doc.toString({ lineWidth: 0 });
}
