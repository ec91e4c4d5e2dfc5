// Writing endpoints.yaml, groups.yaml and experience.yaml for `pull`, without losing what a
// person wrote: the file's current text is edited towards the new records (yaml-edit), so
// comments, key order, quoting and flow/block style of everything unchanged stay byte for
// byte; nothing changed = the same bytes; new entries are appended in a stable order; removed
// entries go with the comment lines above them. A file that does not exist yet gets a clean,
// deterministic layout: the editor directive for completion, then entries sorted by identity.
import { KEEP, NO_DEFAULT, renderBlock, YamlEditor, type PatchRules, type YamlPath } from '../yaml-edit.js';
import { endpointIdentity, endpointKind, endpointToYaml, endpointYamlDefault, type EndpointContent } from './endpoint.js';
import { groupKind, groupToYaml, groupYamlDefault, type GroupContent } from './group.js';
import { readEndpointsFile } from './read-endpoints.js';
import { readExperienceFile, SETTINGS_KEYS } from './read-experience.js';
import { moveGroupEntries } from './group-moves.js';
import { readGroupsFile } from './read-groups.js';
import { domainToYaml, settingsDefaults, settingsKind, settingsToYaml, type DomainContent, type SettingsContent } from './settings.js';

export interface WriteOptions {
  /**
   * Resources renamed remotely: new identity → identity in the current text (an endpoint whose
   * route changed, a renamed group), so the entry is edited in place, comments kept.
   */
  renamed?: ReadonlyMap<string, string>;
  /** Where the schema is, for the editor directive of a new file (default: the installed package's). */
  schemaRef?: (schema: string) => string;
  /**
   * Called when an existing file could not be edited in place and was written anew (its leading
   * comments and editor directive kept, the comments among its entries lost): the caller says so.
   */
  onRewrite?: (why: string) => void;
}

const defaultSchemaRef = (schema: string) => `./node_modules/lxp/schema/${schema}.schema.json`;

function header(schema: string, opts: WriteOptions): string {
  return `# yaml-language-server: $schema=${(opts.schemaRef ?? defaultSchemaRef)(schema)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function renamedBack(opts: WriteOptions): Map<string, string> {
  return new Map([...(opts.renamed ?? new Map<string, string>())].map(([now, before]) => [before, now]));
}

/**
 * The comment lines (and blank lines) a file starts with — its editor directive, a documentation
 * header — which a file written anew keeps as they are.
 */
function leadingComments(current: string): string {
  const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(current);
  return m ? m[0] : '';
}

/**
 * Edits `current` (or writes a new file) so that it reads back as `wanted`; unchanged = same
 * text. `readsBack` checks the edit: when it does not hold (YAML anchors shared between an
 * edited value and another, say), the file is written anew rather than wrong — under its own
 * leading comments and directive, and the caller is told (opts.onRewrite). `fresh` renders the
 * entries under a given head.
 */
function write(
  current: string | undefined,
  wanted: unknown,
  fresh: (head: string) => string,
  rules: PatchRules,
  readsBack: (text: string) => boolean,
  schema: string,
  opts: WriteOptions,
  base: string | undefined = current,
): string {
  if (current === undefined || current.trim() === '') return fresh(header(schema, opts));
  const anew = (why: string) => {
    opts.onRewrite?.(why);
    const head = leadingComments(current);
    return fresh(head.trim() === '' ? header(schema, opts) : head.replace(/(\r?\n)*$/, '\n'));
  };
  let edited: string;
  try {
    // The file's leading comments (directive, explanation, a team's note) are the file's: never an entry's.
    edited = YamlEditor.patch(base ?? current, wanted, { ...rules, fileHeader: true });
  } catch (e) {
    return anew(`it could not be edited in place (${(e as Error).message.split('\n')[0]})`);
  }
  return edited === current || readsBack(edited) ? edited : anew('an edit in place would not read back as what was pulled (a YAML anchor shared by a changed value and another, or a key lxp refuses, written as develop has it)');
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---- endpoints.yaml -----------------------------------------------------------------------

/** Identity of an entry as the file spells it (key, else METHOD route with method defaulting to get). */
function endpointEntryIdentity(item: unknown): string | undefined {
  if (!isObj(item) || typeof item.route !== 'string') return undefined;
  return endpointIdentity({ key: typeof item.key === 'string' ? item.key : null, method: typeof item.method === 'string' ? item.method : 'get', route: item.route });
}

export function writeEndpointsFile(current: string | undefined, endpoints: readonly EndpointContent[], opts: WriteOptions = {}): string {
  const back = renamedBack(opts);
  const sorted = [...endpoints].sort((a, b) => byText(a.route, b.route) || byText(a.method, b.method) || byText(endpointIdentity(a), endpointIdentity(b)));
  const wanted = sorted.map(endpointToYaml);
  const rules: PatchRules = {
    itemIdentity(path: YamlPath, item: unknown, side) {
      if (path.length === 0) {
        const id = endpointEntryIdentity(item);
        return side === 'current' && id !== undefined ? (back.get(id) ?? id) : id;
      }
      if (path.length === 2 && path[1] === 'groups') return String(item);
      return undefined;
    },
    defaultOf(path, key) {
      if (path.length === 1) {
        const d = endpointYamlDefault(key);
        return d === undefined ? NO_DEFAULT : d;
      }
      if (path.length === 2 && (path[1] === 'reply' || path[1] === 'unauthorized') && key === 'status') return null;
      return NO_DEFAULT;
    },
  };
  const readsBack = (text: string) => sameSet(readEndpointsFile(text).records.map((r) => endpointKind.hash(r.content)), endpoints.map((e) => endpointKind.hash(e)));
  return write(current, wanted, (head) => head + wanted.map((w) => `\n${renderBlock([w], 0)}`).join(''), rules, readsBack, 'endpoints', opts);
}

// ---- groups.yaml --------------------------------------------------------------------------

function groupTree(groups: readonly GroupContent[]): Record<string, unknown>[] {
  const children = new Map<string | null, GroupContent[]>();
  const names = new Set(groups.map((g) => g.name));
  for (const g of groups) {
    // A parent that is not among the groups (should not happen): the group goes to the top.
    const parent = g.parent !== null && names.has(g.parent) ? g.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), g]);
  }
  const seen = new Set<string>();
  const build = (parent: string | null): Record<string, unknown>[] =>
    (children.get(parent) ?? [])
      .filter((g) => !seen.has(g.name) && (seen.add(g.name), true))
      .sort((a, b) => byText(a.name, b.name))
      .map((g) => {
        const y = groupToYaml(g);
        const kids = build(g.name);
        return kids.length > 0 ? { ...y, children: kids } : y;
      });
  return build(null);
}

export function writeGroupsFile(current: string | undefined, groups: readonly GroupContent[], opts: WriteOptions = {}): string {
  const renamedFromFile = renamedBack(opts);
  // A parent that is not among the groups: renamed in this pull (an entry the folder keeps, under
  // its parent's old name), the new name; else (a folder-only child of a group deleted on develop)
  // the group goes to the top (where develop puts a child of a deleted group is its own affair:
  // Losant documents no rule, and a pull writes develop's children where develop has them).
  const names = new Set(groups.map((g) => g.name));
  const parentOf = (parent: string | null) => (parent === null || names.has(parent) ? parent : names.has(renamedFromFile.get(parent) ?? '') ? renamedFromFile.get(parent)! : null);
  const normalised = groups.map((g) => (parentOf(g.parent) === g.parent ? g : { ...g, parent: parentOf(g.parent) }));
  const wanted = groupTree(normalised);
  // A group that changes parent is moved as a node first, its subtree's comments and style with it;
  // that text has the renames applied too, so the patch then maps no names back.
  const byName = new Map(normalised.map((g) => [g.name, g]));
  const entryOf = (name: string) => {
    const g = byName.get(name);
    return g ? groupToYaml(g) : undefined;
  };
  const moved = current === undefined ? undefined : moveGroupEntries(current, new Map(normalised.map((g) => [g.name, g.parent])), opts.renamed ?? new Map(), entryOf);
  const back = moved === undefined ? renamedFromFile : new Map<string, string>();
  const rules: PatchRules = {
    itemIdentity(path, item, side) {
      const last = path[path.length - 1];
      if (path.length === 0 || last === 'children') {
        if (!isObj(item) || typeof item.name !== 'string') return undefined;
        return side === 'current' ? (back.get(item.name) ?? item.name) : item.name;
      }
      if (last === 'deviceTags') return isObj(item) ? JSON.stringify([item.key, item.value ?? null]) : undefined;
      if (last === 'deviceIds') return String(item).toLowerCase();
      return undefined;
    },
    defaultOf(path, key, wantedItem) {
      const isGroupEntry = path.length === 1 || (path.length >= 3 && path[path.length - 2] === 'children');
      if (isGroupEntry) {
        if (key === 'deviceIds' && !('deviceIds' in wantedItem)) return KEEP;
        const d = groupYamlDefault(key);
        return d === undefined ? NO_DEFAULT : d;
      }
      return NO_DEFAULT;
    },
  };
  // Devices the given groups leave alone (deviceIds null) are the file's own business.
  const given = new Map(groups.map((g) => [g.name, g]));
  const readsBack = (text: string) =>
    sameSet(
      readGroupsFile(text).records.map((r) => groupKind.hash(groupKind.alignRemote(r.content, given.get(r.content.name)))),
      normalised.map((g) => groupKind.hash(g)),
    );
  return write(current, wanted, (head) => head + wanted.map((w) => `\n${renderBlock([w], 0)}`).join(''), rules, readsBack, 'groups', opts, moved);
}

// ---- experience.yaml ----------------------------------------------------------------------

export interface ExperienceFileContent {
  /** undefined: the file's settings (if any) are left as they are. */
  settings?: SettingsContent;
  slugs: readonly string[];
  domains: readonly DomainContent[];
}

export function writeExperienceFile(current: string | undefined, content: ExperienceFileContent, opts: WriteOptions = {}): string {
  const wanted: Record<string, unknown> = content.settings ? settingsToYaml(content.settings) : {};
  if (content.slugs.length > 0) wanted.slugs = [...content.slugs].sort(byText);
  if (content.domains.length > 0) wanted.domains = [...content.domains].sort((a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase())).map(domainToYaml);
  const rules: PatchRules = {
    itemIdentity(path, item) {
      const p = path.join('.');
      if (p === 'globals') return isObj(item) && typeof item.key === 'string' ? item.key : undefined;
      if (p === 'slugs' || p === 'cors.origins') return String(item);
      if (p === 'domains') return isObj(item) && typeof item.name === 'string' ? item.name.toLowerCase() : undefined;
      return undefined;
    },
    defaultOf(path, key) {
      if (path.length === 0) {
        if ((SETTINGS_KEYS as readonly string[]).includes(key)) return content.settings ? ({ globals: [], cors: {}, notFound: null, unauthorized: null, responseHeaders: {} } as Record<string, unknown>)[key] : KEEP;
        if (key === 'slugs' || key === 'domains') return [];
        return NO_DEFAULT;
      }
      if (path.length === 1 && path[0] === 'cors') return key === 'default' ? false : key === 'origins' ? [] : NO_DEFAULT;
      if (path.length === 2 && path[0] === 'globals' && key === 'description') return '';
      if ((path.length === 1 && (path[0] === 'notFound' || path[0] === 'unauthorized')) && key === 'status') return null;
      // Certificate references are the folder's alone: pull never removes them (the remote cannot show them).
      if (path.length === 2 && path[0] === 'domains' && (key === 'certificate' || key === 'key' || key === 'bundle')) return KEEP;
      return NO_DEFAULT;
    },
  };
  const fresh = (head: string) => {
    if (Object.keys(wanted).length === 0) return head;
    return head + '\n' + renderBlock(wanted, 0);
  };
  const readsBack = (text: string) => {
    const back = readExperienceFile(text);
    const settingsOk = !content.settings || settingsKind.hash(back.settings?.content ?? settingsDefaults()) === settingsKind.hash(content.settings);
    return settingsOk && sameSet(back.slugs.map((x) => x.identity), [...content.slugs]) && sameSet(back.domains.map((d) => d.identity), content.domains.map((d) => d.name.toLowerCase()));
  };
  return write(current, wanted, fresh, rules, readsBack, 'experience', opts);
}

