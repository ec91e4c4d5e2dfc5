// The kinds besides views as the engine sees them: the folder half of each (src/project/resources,
// pure functions: identity, hash, references, wire form) and what the engine's rules need to
// know about it. One table, so the planner and the executors never branch on a kind's name for
// anything a policy can say. PURE.
import {
  domainKind,
  domainToYaml,
  endpointKind,
  endpointToYaml,
  groupKind,
  groupToYaml,
  settingsKind,
  settingsToYaml,
  slugKind,
  type DomainContent,
  type EndpointContent,
  type FolderKind,
  type GroupContent,
  type ResourceKind,
  type SettingsContent,
  type SlugContent,
} from '../project/resources/index.js';

// The content types differ per kind; the engine handles them through their kind's functions only.
export type AnyFolderKind = FolderKind<any, any, any>;

export interface KindPolicy {
  /**
   * A record of the folder that pairs with nothing by identity may be the same resource renamed
   * (a group's new name, an endpoint's new route without a key): paired when everything else is
   * equal and the match is unambiguous.
   */
  renames: boolean;
  /**
   * Whether develop's record may be paired by content (a rename) with this entry of the folder;
   * absent: always. `recorded`: the folder's sync state knows develop's record. An endpoint with a
   * key is the endpoint of that key (its identity, which workflows rely on): an entry without a
   * key is another endpoint, never that one moved, and so is one with another key in a fresh
   * checkout; only a folder that synced the endpoint may rename its key.
   */
  renamedFrom?: (remote: unknown, local: unknown, recorded: boolean) => boolean;
  /** Carries lxp's managed tag: a remote one without it, in sync, gets it (`mark`). */
  marks: boolean;
  /** Deleted only with --prune, even when the folder dropped it (public addresses: slugs, domains). */
  deleteNeedsPrune: boolean;
  /** Exactly one, which always exists (develop's settings): never created or deleted. */
  single: boolean;
  /**
   * The kind is a list the folder declares whole — a file (endpoints.yaml, groups.yaml) or a key
   * of experience.yaml (`slugs:`, `domains:`): with it absent, a pull writes develop's as it would
   * into a folder that never had it, every one of them — "deleted locally" is what status and
   * deploy never say of a kind the folder does not declare. (Develop's settings, one record, are
   * left alone instead once synced: plan.ts settingsLeftAlone.)
   */
  absentIsNew?: true;
  /**
   * What the folder must send although the two sides hash the same: a domain whose certificate
   * (by digest, when the folder's can be read) is not the one develop serves. Deploy only; a
   * pull never writes certificates.
   */
  mustResend?: (local: unknown, remote: unknown) => boolean;
}

export const FOLDER_KINDS: Record<ResourceKind, AnyFolderKind> = {
  endpoint: endpointKind,
  group: groupKind,
  settings: settingsKind,
  slug: slugKind,
  domain: domainKind,
};

export const KIND_POLICY: Record<ResourceKind, KindPolicy> = {
  group: { renames: true, marks: true, deleteNeedsPrune: false, single: false, absentIsNew: true },
  endpoint: { renames: true, renamedFrom: (r, l, recorded) => (r as EndpointContent).key === null || ((l as EndpointContent).key !== null && recorded), marks: true, deleteNeedsPrune: false, single: false, absentIsNew: true },
  settings: { renames: false, marks: false, deleteNeedsPrune: false, single: true },
  slug: { renames: false, marks: false, deleteNeedsPrune: true, single: false, absentIsNew: true },
  domain: {
    renames: false,
    marks: false,
    deleteNeedsPrune: true,
    single: false,
    absentIsNew: true,
    mustResend: (local, remote) => {
      const mine = (local as DomainContent).certificateDigest;
      return mine !== undefined && mine !== (remote as DomainContent).certificateDigest;
    },
  },
};

/**
 * A record as its entry in the file reads (defaults left out), for diffs. A group's parent is
 * spelled out (the file says it by nesting); a domain shows its certificate's reference, never
 * any of the certificate's text.
 */
export const AS_YAML: Record<ResourceKind, (content: unknown) => Record<string, unknown>> = {
  endpoint: (c) => endpointToYaml(c as EndpointContent),
  group: (c) => {
    const g = c as GroupContent;
    return g.parent === null ? groupToYaml(g) : { parent: g.parent, ...groupToYaml(g) };
  },
  settings: (c) => settingsToYaml(c as SettingsContent),
  slug: (c) => ({ slug: (c as SlugContent).slug }),
  domain: (c) => domainToYaml(c as DomainContent),
};

export { RESOURCE_KINDS } from '../project/resources/index.js';
export type { ResourceKind };
