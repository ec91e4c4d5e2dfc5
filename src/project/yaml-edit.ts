// Edits a YAML text towards a wanted value without re-serialising it: only what differs is
// rewritten, in place, and every other byte — comments, key order, quoting, flow or block style,
// indentation, blank lines — stays as the person wrote it. Used by `pull` for front matter and
// for endpoints.yaml, groups.yaml and experience.yaml, so that a pull never loses what a user
// wrote. Pure: text in, text out.
//
// How: the text is parsed with yaml's Document API (which keeps each node's source range), the
// wanted value is compared with each node, and each difference becomes a text edit on that
// node's range: a scalar is replaced keeping its quoting when it can, a block mapping or list
// gains entries after its last one at the same indentation, and loses entries line by line with
// the comment lines directly above them. A flow collection (`{ a: 1 }`, `[x, y]`) that changes
// is rewritten on its own, keeping the source text of its unchanged entries.
import { MAX_ALIAS_EXPANSION } from './limits.js';
import { ExactNumber, exactNumberTag, exactNumberTags, sameExactNumber } from './exact-number.js';
import { Document, type DocumentOptions, type SchemaOptions, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

export type YamlPath = readonly (string | number)[];
export const NO_DEFAULT: unique symbol = Symbol('no default');
/** From defaultOf: whatever the text says for this key is kept (a field the wanted value does not manage). */
export const KEEP: unique symbol = Symbol('keep');

export interface PatchRules {
  /**
   * Lists whose order carries no meaning (endpoints, groups, globals, origins…): their items are
   * matched by identity, changed in place, removed, or appended at the end — never reordered.
   * Returns undefined for ordered lists, which are replaced whole when they differ.
   * `side` tells a current item (from the text) from a wanted one, so renames can be mapped.
   */
  itemIdentity?(path: YamlPath, item: unknown, side: 'current' | 'wanted'): string | undefined;
  /**
   * What a key that the wanted value leaves out stands for at `path` (a mapping): a text that
   * spells the default out (`enabled: true`) is then left alone. NO_DEFAULT when none.
   */
  defaultOf?(path: YamlPath, key: string, wanted: Record<string, unknown>): unknown;
  /** Indentation step for new nested lines when the text shows none (default 2). */
  indent?: number;
  /**
   * The text is a whole file whose leading comment block (see Lines.headerEnd) describes it:
   * never removed with the entry below it. Not for front matter, whose first comment is its first key's.
   */
  fileHeader?: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

type Plain = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ExactNumber);
/** Documents lxp renders: a number a double cannot hold (develop's) is written as its digits. */
const RENDER: DocumentOptions & SchemaOptions = { version: '1.2', customTags: [exactNumberTag] };

/** Deep equality of JSON-like values; mapping key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  if (a instanceof ExactNumber && b instanceof ExactNumber) return sameExactNumber(a, b);
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}


function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** The text, line by line: offsets of line starts and helpers around them. */
class Lines {
  readonly newline: string;
  constructor(
    readonly src: string,
    private readonly fileHeader = false,
  ) {
    this.newline = /\r\n/.test(src) ? '\r\n' : '\n';
  }
  start(offset: number): number {
    return this.src.lastIndexOf('\n', offset - 1) + 1;
  }
  /** Offset just after the line break of the line holding `offset` (or the end of the text). */
  endAfter(offset: number): number {
    const nl = this.src.indexOf('\n', offset);
    return nl === -1 ? this.src.length : nl + 1;
  }
  column(offset: number): number {
    return offset - this.start(offset);
  }
  lineText(lineStart: number): string {
    const nl = this.src.indexOf('\n', lineStart);
    return this.src.slice(lineStart, nl === -1 ? this.src.length : nl).replace(/\r$/, '');
  }
  /**
   * Start of the comment lines directly above `lineStart` at `column` (no blank line between):
   * they belong to the entry below and go with it. An editor directive stays, and so does the
   * file's leading comment block (see headerEnd): comments that run up into it describe the file.
   */
  withLeadingComments(lineStart: number, column: number): number {
    let start = lineStart;
    while (start > 0) {
      const prev = this.start(start - 1);
      const text = this.lineText(prev);
      const indent = text.length - text.trimStart().length;
      if (!text.trimStart().startsWith('#') || indent !== column || /^#\s*yaml-language-server:/.test(text.trim())) break;
      start = prev;
    }
    return this.fileHeader && start < this.headerEnd ? lineStart : start;
  }
  /**
   * End of the file's leading comment block: the comment lines it starts with, up to the first
   * blank line or entry — its editor directive and the explanation of the file (as lxp init's
   * templates write them). Directly above the first entry it is still the file's, never that
   * entry's: a pull that removes the entry keeps it. Comments after a blank line are the entry's.
   */
  private get headerEnd(): number {
    return (this.header ??= /^(?:[ \t]*#[^\n]*(?:\n|$))*/.exec(this.src)![0].length);
  }
  private header: number | undefined;
}

export class YamlEditor {
  private readonly edits: Edit[] = [];
  private readonly lines: Lines;
  private readonly indentStep: number;

  constructor(
    private readonly src: string,
    private readonly rules: PatchRules = {},
    private readonly doc?: Document.Parsed,
  ) {
    this.lines = new Lines(src, rules.fileHeader);
    this.indentStep = rules.indent ?? detectIndent(src) ?? 2;
  }

  /** A node as plain data, aliases resolved. */
  private json(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (this.doc) return (node as Node).toJS(this.doc, { maxAliasCount: MAX_ALIAS_EXPANSION });
    return (node as { toJSON(): unknown }).toJSON();
  }

  /** Edits the whole document towards `wanted`; returns the new text. */
  static patch(src: string, wanted: unknown, rules: PatchRules = {}): string {
    // Numbers a double cannot hold read as ExactNumbers: the text's 9007199254740993 is not develop's …992.
    const doc = parseDocument(src, { keepSourceTokens: false, uniqueKeys: false, version: '1.2', customTags: exactNumberTags });
    if (doc.errors.length > 0) throw new Error(`cannot edit YAML with errors: ${doc.errors[0].message}`);
    const editor = new YamlEditor(src, rules, doc);
    editor.patchRoot(doc.contents as Node | null, wanted);
    return editor.result();
  }

  private result(): string {
    // Text appended after an entry that is itself removed goes where the removal ends.
    const removals = this.edits.filter((e) => e.text === '' && e.end > e.start);
    const placed = this.edits.map((e) => {
      if (e.start !== e.end) return e;
      const inside = removals.find((r) => e.start > r.start && e.start < r.end);
      return inside ? { ...e, start: inside.end, end: inside.end } : e;
    });
    const sorted = placed.sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let at = 0;
    for (const e of sorted) {
      if (e.start < at) throw new Error('overlapping YAML edits');
      out += this.src.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.src.slice(at);
  }

  private nl(text: string): string {
    return this.lines.newline === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
  }

  private patchRoot(node: Node | null, wanted: unknown): void {
    if (node === null || (isScalar(node) && node.value === null && node.range && node.range[0] === node.range[1])) {
      // An empty document (perhaps only comments): the wanted value goes at the end.
      if (isEmptyValue(wanted)) return;
      const prefix = this.src === '' || this.src.endsWith('\n') ? '' : this.lines.newline;
      this.edits.push({ start: this.src.length, end: this.src.length, text: this.nl(prefix + renderBlock(wanted, 0, this.indentStep)) });
      return;
    }
    if (this.same(node, wanted, [])) return;
    // An empty `[]` or `{}` standing for the whole file (as `lxp init` writes groups.yaml): its
    // first entries are written in block style, as into an empty file — a list's entries apart by
    // blank lines, as lxp writes top-level lists; nobody writes a whole file on one flow line. The
    // lines around it (comments, commented-out examples) stay.
    if ((isMap(node) || isSeq(node)) && node.flow && node.items.length === 0 && node.range && isCollection(wanted)) {
      const [start, valueEnd] = node.range;
      const entries = Array.isArray(wanted) ? wanted.map((w) => renderBlock([w], 0, this.indentStep)) : [renderBlock(wanted, 0, this.indentStep)];
      const block = entries.join('\n').replace(/\n$/, '');
      // A comment on the same line (`[]  # none yet`) stays on its own line, above the entries.
      const eol = /^[^\r\n]*/.exec(this.src.slice(valueEnd))![0];
      const comment = eol.trimStart().startsWith('#') ? eol.trimStart() : undefined;
      if (comment === undefined) this.edits.push({ start, end: valueEnd, text: this.nl(block) });
      else this.edits.push({ start, end: valueEnd + eol.length, text: this.nl(`${comment}\n${block}`) });
      return;
    }
    if ((isMap(node) && isPlainObject(wanted)) || (isSeq(node) && Array.isArray(wanted))) {
      this.patchValue(node, wanted, [], null);
      return;
    }
    // Another type at the root: the document is replaced (its comments above stay).
    const [start, , end] = node.range!;
    this.edits.push({ start, end: Math.max(end, this.lines.endAfter(end - 1)), text: this.nl(renderBlock(wanted, 0, this.indentStep)) });
  }

  // ---- equality ---------------------------------------------------------------------------

  private defaultFor(path: YamlPath, key: string, wanted: Plain): unknown {
    return this.rules.defaultOf ? this.rules.defaultOf(path, key, wanted) : NO_DEFAULT;
  }

  /** Whether a node already says what `wanted` says (defaults and unordered lists considered). */
  private same(node: unknown, wanted: unknown, path: YamlPath): boolean {
    // An alias (*x) says what its anchor says.
    if (isAlias(node)) return this.doc !== undefined && this.same(node.resolve(this.doc), wanted, path);
    if (isMap(node) && isPlainObject(wanted)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = keyOf(pair);
        if (k === undefined) return false;
        seen.add(k);
        if (Object.prototype.hasOwnProperty.call(wanted, k)) {
          if (!this.same(pair.value, wanted[k], [...path, k])) return false;
        } else {
          const d = this.defaultFor(path, k, wanted);
          if (d === KEEP) continue;
          if (d === NO_DEFAULT || !this.same(pair.value, d, [...path, k])) return false;
        }
      }
      return Object.keys(wanted).every((k) => seen.has(k) || deepEqual(wanted[k], this.defaultFor(path, k, wanted)));
    }
    if (isSeq(node) && Array.isArray(wanted)) {
      const id = (item: unknown, side: 'current' | 'wanted') => this.rules.itemIdentity?.(path, item, side);
      if (wanted.length > 0 || node.items.length > 0) {
        const probe = node.items.length > 0 ? id(this.json(node.items[0]), 'current') : id(wanted[0], 'wanted');
        if (probe !== undefined) {
          if (node.items.length !== wanted.length) return false;
          const byId = new Map(wanted.map((w) => [id(w, 'wanted'), w]));
          if (byId.size !== wanted.length) return false;
          return node.items.every((item) => {
            const k = id(this.json(item), 'current');
            return byId.has(k) && this.same(item, byId.get(k), [...path, k!]);
          });
        }
      }
      return deepEqual(this.json(node), wanted);
    }
    if (node === null || node === undefined) return wanted === null;
    return deepEqual(this.json(node), wanted);
  }

  // ---- patching ---------------------------------------------------------------------------

  /**
   * Makes `node` say `wanted`. `pair` is the mapping entry holding it (null at the root or in a
   * list), needed to replace a value whole.
   */
  private patchValue(node: Node | null, wanted: unknown, path: YamlPath, pair: Pair | null): void {
    if (this.same(node, wanted, path)) return;
    // An alias that must change is replaced where it stands: its anchor (and other aliases) keep their value.
    if (isAlias(node)) {
      this.replaceWhole(node, wanted, pair);
      return;
    }
    if (this.fillsEmptyFlow(node, wanted, pair)) return;
    if (isMap(node) && isPlainObject(wanted)) {
      if (node.flow) this.replaceFlow(node, wanted, path);
      else this.patchBlockMap(node, wanted, path);
      return;
    }
    if (isSeq(node) && Array.isArray(wanted) && this.isUnordered(node, wanted, path)) {
      if (node.flow) this.replaceFlow(node, wanted, path);
      else this.patchBlockSeq(node, wanted, path);
      return;
    }
    if (isScalar(node) && isScalarValue(wanted) && node.range) {
      this.replaceScalar(node, wanted);
      return;
    }
    this.replaceWhole(node, wanted, pair);
  }

  private isUnordered(node: YAMLSeq, wanted: unknown[], path: YamlPath): boolean {
    const sample = node.items.length > 0 ? this.rules.itemIdentity?.(path, this.json(node.items[0]), 'current') : undefined;
    const sampleWanted = wanted.length > 0 ? this.rules.itemIdentity?.(path, wanted[0], 'wanted') : undefined;
    return sample !== undefined || sampleWanted !== undefined;
  }

  private patchBlockMap(node: YAMLMap, wanted: Plain, path: YamlPath): void {
    const present = new Set<string>();
    for (const pair of node.items) {
      const k = keyOf(pair);
      if (k === undefined) continue;
      present.add(k);
      if (Object.prototype.hasOwnProperty.call(wanted, k)) {
        this.patchValue(pair.value as Node | null, wanted[k], [...path, k], pair);
      } else {
        const d = this.defaultFor(path, k, wanted);
        if (d === KEEP || (d !== NO_DEFAULT && this.same(pair.value, d, [...path, k]))) continue;
        this.deleteLines(pairStart(pair), pairEnd(pair));
      }
    }
    const added = Object.keys(wanted).filter((k) => !present.has(k) && !deepEqual(wanted[k], this.defaultFor(path, k, wanted)));
    if (added.length === 0) return;
    // A block mapping starts at its first key (or at the "?" of an explicit one): its column.
    const column = this.lines.column(node.range![0]);
    const text = added.map((k) => renderBlock({ [k]: wanted[k] }, column, this.indentStep)).join('');
    this.insertAfter(node.items.length > 0 ? pairEnd(node.items[node.items.length - 1]) : node.range![1], text);
  }

  private patchBlockSeq(node: YAMLSeq, wanted: unknown[], path: YamlPath): void {
    const id = (item: unknown, side: 'current' | 'wanted') => this.rules.itemIdentity!(path, item, side);
    const byId = new Map<string | undefined, unknown>();
    for (const w of wanted) byId.set(id(w, 'wanted'), w);
    const matched = new Set<string | undefined>();
    const items = node.items as (Node | null)[];
    for (const item of items) {
      const k = id(this.json(item), 'current');
      if (byId.has(k) && !matched.has(k)) {
        matched.add(k);
        this.patchValue(item, byId.get(k), [...path, k!], null);
      } else {
        this.deleteLines(this.seqItemStart(item), nodeEnd(item));
      }
    }
    const added = wanted.filter((w) => !matched.has(id(w, 'wanted')));
    if (added.length === 0) return;
    const firstItem = items.find((i) => i !== null);
    const column = firstItem ? this.lines.column(this.seqItemStart(firstItem)) : 0;
    // Entries separated by blank lines (as lxp writes top-level lists) get one too.
    const spaced = items.length > 1 && items[1] !== null && this.blankLineBefore(this.seqItemStart(items[1]!));
    const text = added.map((w) => (spaced ? this.lines.newline : '') + renderBlock([w], column, this.indentStep)).join('');
    const lastItem = [...items].reverse().find((i) => i !== null);
    this.insertAfter(lastItem ? nodeEnd(lastItem) : node.range![1], text);
  }

  private blankLineBefore(lineStart: number): boolean {
    const lead = this.lines.withLeadingComments(lineStart, this.lines.column(lineStart));
    if (lead === 0) return false;
    return this.lines.lineText(this.lines.start(lead - 1)).trim() === '';
  }

  /** The start of a list item's line: where its "-" stands. */
  private seqItemStart(item: Node | null): number {
    const start = item!.range![0];
    const lineStart = this.lines.start(start);
    const before = this.src.slice(lineStart, start);
    const dash = before.lastIndexOf('-');
    return dash === -1 ? start : lineStart + dash;
  }

  private insertAfter(end: number, text: string): void {
    let at = end;
    let prefix = '';
    if (at > 0 && this.src[at - 1] !== '\n') {
      const lineEnd = this.lines.endAfter(at - 1);
      at = lineEnd;
      if (this.src[at - 1] !== '\n') prefix = this.lines.newline;
    }
    this.edits.push({ start: at, end: at, text: prefix + this.nl(text) });
  }

  /** Removes whole lines from the line holding `start` to the line holding `end - 1`, with their leading comments. */
  private deleteLines(start: number, end: number): void {
    const lineStart = this.lines.start(start);
    const from = this.lines.withLeadingComments(lineStart, this.lines.column(start));
    let to = this.lines.endAfter(Math.max(start, end - 1));
    // A blank line that separated the entry from the previous one goes with it.
    if (from > 0 && this.lines.lineText(this.lines.start(from - 1)).trim() === '' && to < this.src.length && this.lines.lineText(to).trim() === '') {
      to = this.lines.endAfter(to);
    }
    this.edits.push({ start: from, end: to, text: '' });
  }

  private replaceScalar(node: Scalar, wanted: ScalarValue): void {
    const [start, valueEnd] = node.range!;
    const oldText = this.src.slice(start, valueEnd);
    const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    let text: string;
    if (isBlock && typeof wanted === 'string' && wanted.includes('\n')) {
      const line = this.lines.lineText(this.lines.start(start));
      text = renderBlockScalar(wanted, node.type as Scalar.Type, line.length - line.trimStart().length + this.indentStep);
    } else {
      text = renderInlineScalar(wanted, typeof node.value === 'string' && typeof wanted === 'string' ? node.type : undefined);
      if (isBlock && oldText.endsWith('\n')) text += this.lines.newline;
    }
    this.edits.push({ start, end: valueEnd, text: this.nl(text) });
  }

  /**
   * An empty `[]` after a key of a block mapping (`children: []`) that lxp fills: written as lxp
   * writes a new list there — block style, as for the whole file (patchRoot) — so that a pull
   * writes nested lists as it writes the top-level one. A comment on the same line stays on the
   * key's line (`children:  # none yet`). An empty `{}` stays flow (`tags: { a: b }`: a mapping
   * of a few scalars reads well on one line). False when that is not the case (nothing done).
   */
  private fillsEmptyFlow(node: Node | null, wanted: unknown, pair: Pair | null): boolean {
    if (!isSeq(node) || !node.flow || node.items.length > 0 || !node.range) return false;
    if (!Array.isArray(wanted) || wanted.length === 0 || !pair || !isScalar(pair.key) || !pair.key.range) return false;
    const colon = this.src.indexOf(':', pair.key.range[1]);
    const valueEnd = node.range[1];
    const block = renderValueAfterKey(wanted, this.lines.column(pair.key.range[0]), this.indentStep, false).replace(/\n$/, '');
    const eol = /^[^\r\n]*/.exec(this.src.slice(valueEnd))![0];
    const comment = eol.trimStart().startsWith('#') ? eol.trimStart() : undefined;
    if (comment === undefined) this.edits.push({ start: colon + 1, end: valueEnd, text: this.nl(block) });
    else this.edits.push({ start: colon + 1, end: valueEnd + eol.length, text: this.nl(`  ${comment}${block}`) });
    return true;
  }

  /** Replaces a value whole: after the ":" of its entry, or the node itself in a list. */
  private replaceWhole(node: Node | null, wanted: unknown, pair: Pair | null): void {
    if (pair && isScalar(pair.key) && pair.key.range) {
      const keyStart = pair.key.range[0];
      const colon = this.src.indexOf(':', pair.key.range[1]);
      const column = this.lines.column(keyStart);
      // "key:" with nothing after it: a block value reads best there.
      const empty = node === null || !node.range || (isScalar(node) && node.value === null && node.range[0] === node.range[1]);
      const flowish = !empty && (isScalar(node) || isAlias(node) || ((isMap(node) || isSeq(node)) && node.flow === true));
      const end = node === null || !node.range ? colon + 1 : node.range[1];
      let text = renderValueAfterKey(wanted, column, this.indentStep, flowish);
      // Block values (collections, | and > scalars) end with their line break, inline ones do not:
      // the new text ends the way the old one did, so the lines after it are untouched.
      const endsWithBreak = this.src[end - 1] === '\n';
      if (endsWithBreak && !text.endsWith('\n')) text += '\n';
      if (!endsWithBreak && text.endsWith('\n')) text = text.slice(0, -1);
      this.edits.push({ start: colon + 1, end, text: this.nl(text) });
      return;
    }
    // A list item or the root: replace the node's own text.
    const [start, valueEnd] = node!.range!;
    const text = isCollection(wanted) ? renderFlow(wanted) : renderInlineScalar(wanted as never);
    this.edits.push({ start, end: valueEnd, text: this.nl(text) });
  }

  /** Rewrites a flow collection, keeping the source text of entries that did not change. */
  private replaceFlow(node: YAMLMap | YAMLSeq, wanted: Plain | unknown[], path: YamlPath): void {
    const [start, end] = node.range!;
    const open = this.src[start];
    const close = open === '{' ? '}' : ']';
    // An empty "{}" or "[]" shows no spacing to follow: padded, as lxp writes flow collections.
    const padded = node.items.length === 0 || /^[{[]\s/.test(this.src.slice(start, start + 2));
    const parts: string[] = [];
    if (isMap(node) && isPlainObject(wanted)) {
      const present = new Set<string>();
      for (const pair of node.items) {
        const k = keyOf(pair);
        if (k === undefined) continue;
        present.add(k);
        const keep = Object.prototype.hasOwnProperty.call(wanted, k)
          ? this.same(pair.value, wanted[k], [...path, k])
          : (() => {
              const d = this.defaultFor(path, k, wanted);
              return d === KEEP || (d !== NO_DEFAULT && this.same(pair.value, d, [...path, k]));
            })();
        if (keep) parts.push(this.src.slice(pairStart(pair), flowPairEnd(pair)));
        else if (Object.prototype.hasOwnProperty.call(wanted, k)) parts.push(`${this.src.slice(pairStart(pair), (pair.key as Node).range![1])}: ${renderFlow(wanted[k])}`);
      }
      for (const k of Object.keys(wanted)) {
        if (!present.has(k) && !deepEqual(wanted[k], this.defaultFor(path, k, wanted))) parts.push(renderFlow({ [k]: wanted[k] }).slice(2, -2));
      }
    } else if (isSeq(node) && Array.isArray(wanted)) {
      const id = (item: unknown, side: 'current' | 'wanted') => this.rules.itemIdentity!(path, item, side);
      const byId = new Map(wanted.map((w) => [id(w, 'wanted'), w]));
      const matched = new Set<string | undefined>();
      for (const item of node.items as Node[]) {
        const k = id(this.json(item), 'current');
        if (!byId.has(k) || matched.has(k)) continue;
        matched.add(k);
        const w = byId.get(k);
        parts.push(this.same(item, w, [...path, k!]) ? this.src.slice(item.range![0], item.range![1]) : renderFlow(w));
      }
      for (const w of wanted) if (!matched.has(id(w, 'wanted'))) parts.push(renderFlow(w));
    }
    const inner = parts.join(', ');
    const text = parts.length === 0 ? `${open}${close}` : padded ? `${open} ${inner} ${close}` : `${open}${inner}${close}`;
    this.edits.push({ start, end, text });
  }
}

function isCollection(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !(v instanceof ExactNumber);
}

type ScalarValue = string | number | boolean | null | ExactNumber;

function isScalarValue(v: unknown): v is ScalarValue {
  return v === null || v instanceof ExactNumber || ['string', 'number', 'boolean'].includes(typeof v);
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

function pairStart(pair: Pair): number {
  return (pair.key as Node).range![0];
}

function nodeEnd(node: Node | null): number {
  return node!.range![2];
}

function pairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  if (value && value.range) return isScalar(value) ? value.range[2] : Math.max(value.range[1], value.range[2]);
  return (pair.key as Node).range![2];
}

function flowPairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return value && value.range ? value.range[1] : (pair.key as Node).range![1];
}

/** The indentation step the text uses: the smallest positive indentation of a line. */
function detectIndent(src: string): number | undefined {
  let best: number | undefined;
  for (const line of src.split('\n')) {
    const m = /^( +)\S/.exec(line);
    if (m && !line.trimStart().startsWith('#') && (best === undefined || m[1].length < best)) best = m[1].length;
  }
  return best && best <= 8 ? best : undefined;
}

// Double-quoted strings are written as JSON strings ("a\nb"): a folded quoted string would put
// continuation lines at the start of a line, which is wrong anywhere but at the top level.
const TO_STRING = { lineWidth: 0, minContentWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN', doubleQuotedAsJSON: true } as const;

/** Strings that end in line breaks or blanks would lose them as block scalars: quote them. */
function quoteTrailingBreaks(doc: Document): void {
  const visit = (n: unknown): void => {
    if (isScalar(n)) {
      if (typeof n.value === 'string' && /\n\s*$/.test(n.value)) n.type = Scalar.QUOTE_DOUBLE;
    } else if (isMap(n) || isSeq(n)) {
      for (const item of n.items) {
        if (isPair(item)) {
          visit(item.key);
          visit(item.value);
        } else visit(item);
      }
    }
  };
  visit(doc.contents);
}

/** A value as block YAML lines, every line indented by `column`, ending with a line break. */
export function renderBlock(value: unknown, column: number, indent = 2): string {
  const doc = new Document(value, RENDER);
  quoteTrailingBreaks(doc);
  const text = doc.toString({ ...TO_STRING, indent });
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .map((line, i, all) => (i === all.length - 1 && line === '' ? '' : pad + line))
    .join('\n');
}

/** A value in flow style on one line: `{ a: 1, b: [x, y] }`, `"text"`. */
export function renderFlow(value: unknown): string {
  if (!isCollection(value)) return renderInlineScalar(value as ScalarValue);
  const doc = new Document(value, RENDER);
  quoteTrailingBreaks(doc);
  return doc.toString({ ...TO_STRING, collectionStyle: 'flow', flowCollectionPadding: true }).replace(/\n$/, '');
}

/** What follows "key:" for a value: " scalar", " { flow }", or a line break and indented lines. */
function renderValueAfterKey(value: unknown, column: number, indent: number, flow: boolean): string {
  if (!isCollection(value) || isEmptyValue(value) || flow) return ` ${renderFlow(value)}`;
  const text = renderBlock({ k: value }, column, indent);
  return text.slice(text.indexOf(':') + 1);
}

/** One scalar on one line, in the quoting of `style` when that can hold it. */
function renderInlineScalar(value: ScalarValue, style?: Scalar.Type): string {
  const node = new Scalar(value);
  if (typeof value === 'string' && !value.includes('\n') && (style === Scalar.QUOTE_SINGLE || style === Scalar.QUOTE_DOUBLE || style === Scalar.PLAIN)) node.type = style;
  if (typeof value === 'string' && value.includes('\n')) node.type = Scalar.QUOTE_DOUBLE;
  const doc = new Document(node, RENDER);
  const text = doc.toString(TO_STRING).replace(/\n$/, '');
  // A string yaml will not write plain ("---" at the start of a document) comes out as a block
  // scalar: on one line it must be quoted.
  if (!text.includes('\n')) return text;
  node.type = Scalar.QUOTE_DOUBLE;
  return doc.toString(TO_STRING).replace(/\n$/, '');
}

/** A multi-line string as a block scalar (| or >) whose lines are indented by `column`. */
function renderBlockScalar(value: string, type: Scalar.Type, column: number): string {
  const node = new Scalar(value);
  node.type = /\n\s*$/.test(value) ? Scalar.QUOTE_DOUBLE : type;
  const doc = new Document(node, RENDER);
  const text = doc.toString(TO_STRING);
  if (node.type === Scalar.QUOTE_DOUBLE) return text.replace(/\n$/, '');
  const [header, ...rest] = text.split('\n');
  const minIndent = Math.min(...rest.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return [header, ...rest.map((l) => (l === '' ? '' : ' '.repeat(column) + l.slice(minIndent)))].join('\n');
}
