// experience.yaml: develop's settings (one record, identity "develop"), and the slugs and
// domains that must exist (one record each, identified by the slug / the domain name).
//
// Settings are the folder's truth once experience.yaml exists: whatever it leaves out takes the
// platform default (no globals, CORS off with no origins, no replies, no headers).
// Slugs and domains are created at develop when missing; deploy never moves an existing one
// (release and promote do), so their wire form for an update is empty. Certificates and keys
// are references (environment variable or file outside the folder), read only to build a request.
import { parseJsonExact, jsonTextOf } from '../exact-number.js';
import { canonicalJson, sha256, sortedSet } from './canonical.js';
import type { Dependency, FolderKind, FromWire, NameMap, NameResolver, SecretRef, WireContext } from './kind.js';
import { mapReply, replyFromWire, replyToWire, replyToYaml, type Reply, type WireReply } from './reply.js';

export const EXPERIENCE_FILE = 'experience.yaml';
export const SETTINGS_IDENTITY = 'develop';

export interface Global {
  key: string;
  /** Any JSON value; a number a double cannot hold is an ExactNumber (from develop, or a refused one of the folder). */
  value: unknown;
  /** '' when absent. */
  description: string;
}

export interface SettingsContent {
  /** In file order; the order carries no meaning for the hash. */
  globals: Global[];
  cors: { default: boolean; origins: string[] };
  notFound: Reply | null;
  unauthorized: Reply | null;
  responseHeaders: Record<string, string>;
}

/** PATCH …/experience/versions/develop. */
export interface SettingsWire {
  globals: { key: string; json: string; description?: string }[];
  endpointDefaultCors: boolean;
  allowedCorsOrigins: string[];
  notFoundReply: WireReply | null;
  unauthorizedReply: WireReply | null;
  responseHeaders: Record<string, string>;
}

export interface SettingsRemote {
  globals?: { key: string; json: string; description?: string }[];
  endpointDefaultCors?: boolean;
  allowedCorsOrigins?: string[];
  notFoundReply?: WireReply | null;
  unauthorizedReply?: WireReply | null;
  responseHeaders?: Record<string, string>;
}

export function settingsDefaults(): SettingsContent {
  return { globals: [], cors: { default: false, origins: [] }, notFound: null, unauthorized: null, responseHeaders: {} };
}

function normalizedSettings(s: SettingsContent): unknown {
  return {
    globals: [...s.globals].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((g) => [g.key, canonicalJson(g.value), g.description]),
    cors: { default: s.cors.default, origins: sortedSet(s.cors.origins) },
    notFound: s.notFound,
    unauthorized: s.unauthorized,
    responseHeaders: s.responseHeaders,
  };
}

/** The settings part of experience.yaml as lxp writes it: defaults left out. */
export function settingsToYaml(s: SettingsContent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.globals.length > 0) out.globals = s.globals.map((g) => (g.description === '' ? { key: g.key, value: g.value } : { key: g.key, value: g.value, description: g.description }));
  const cors: Record<string, unknown> = {};
  if (s.cors.default) cors.default = true;
  if (s.cors.origins.length > 0) cors.origins = s.cors.origins;
  if (Object.keys(cors).length > 0) out.cors = cors;
  if (s.notFound !== null) out.notFound = replyToYaml(s.notFound);
  if (s.unauthorized !== null) out.unauthorized = replyToYaml(s.unauthorized);
  if (Object.keys(s.responseHeaders).length > 0) out.responseHeaders = s.responseHeaders;
  return out;
}

export const settingsKind: FolderKind<SettingsContent, SettingsWire, SettingsRemote> = {
  kind: 'settings',
  file: EXPERIENCE_FILE,
  label: () => 'settings of develop',
  identity: () => SETTINGS_IDENTITY,
  hash: (s) => sha256(canonicalJson(normalizedSettings(s))),
  hashWithoutIdentity: (s) => sha256(canonicalJson(normalizedSettings(s))),
  dependencies(s): Dependency[] {
    const deps: Dependency[] = [];
    for (const r of [s.notFound, s.unauthorized]) if (r && 'page' in r) deps.push({ kind: 'view', viewType: 'page', name: r.page });
    return deps;
  },
  mapNames: (s: SettingsContent, map: NameMap): SettingsContent => ({ ...s, notFound: mapReply(s.notFound, map), unauthorized: mapReply(s.unauthorized, map) }),
  toWire: (s: SettingsContent, ctx: WireContext): SettingsWire => ({
    globals: s.globals.map((g) => ({ key: g.key, json: jsonTextOf(g.value ?? null), ...(g.description !== '' ? { description: g.description } : {}) })),
    endpointDefaultCors: s.cors.default,
    allowedCorsOrigins: [...s.cors.origins],
    notFoundReply: replyToWire(s.notFound, ctx.ids),
    unauthorizedReply: replyToWire(s.unauthorized, ctx.ids),
    responseHeaders: { ...s.responseHeaders },
  }),
  fromWire(r: SettingsRemote, names: NameResolver): FromWire<SettingsContent> {
    const unresolved: string[] = [];
    const globals = (r.globals ?? []).map((g) => {
      let value: unknown;
      try {
        // Exactly: a number a double cannot hold stays develop's (never pulled as another number).
        value = parseJsonExact(g.json);
      } catch {
        // Not JSON (set outside lxp): kept as the string it is, so nothing is lost.
        value = g.json;
      }
      return { key: g.key, value, description: g.description ?? '' };
    });
    const content: SettingsContent = {
      globals,
      cors: { default: r.endpointDefaultCors ?? false, origins: [...(r.allowedCorsOrigins ?? [])] },
      notFound: replyFromWire(r.notFoundReply, names, unresolved),
      unauthorized: replyFromWire(r.unauthorizedReply, names, unresolved),
      responseHeaders: { ...(r.responseHeaders ?? {}) },
    };
    return { content, unresolved };
  },
  // The develop version always exists and lxp owns its settings once experience.yaml exists.
  isManaged: () => true,
  alignRemote: (remote) => remote,
};

// ---- slugs ------------------------------------------------------------------------------

export interface SlugContent {
  slug: string;
}
export interface SlugWire {
  slug: string;
  version?: string;
}
export interface SlugRemote {
  id?: string;
  slug: string;
  version?: string | null;
}

export const slugKind: FolderKind<SlugContent, SlugWire, SlugRemote> = {
  kind: 'slug',
  file: EXPERIENCE_FILE,
  label: (s) => `slug ${s.slug}`,
  identity: (s) => s.slug,
  hash: (s) => sha256(canonicalJson(s)),
  hashWithoutIdentity: () => sha256('slug'),
  dependencies: () => [],
  mapNames: (s) => s,
  // Created at develop; an existing slug is never moved by deploy (the engine sends this on create only).
  toWire: (s) => ({ slug: s.slug, version: SETTINGS_IDENTITY }),
  fromWire: (r) => ({ content: { slug: r.slug }, unresolved: [] }),
  // Slugs carry no tags: a slug the folder does not declare is deleted only with --prune.
  isManaged: () => false,
  alignRemote: (remote) => remote,
};

// ---- domains ----------------------------------------------------------------------------

export interface DomainContent {
  name: string;
  certificate: SecretRef | null;
  key: SecretRef | null;
  bundle: SecretRef | null;
  /**
   * Set by the sync engine, in memory only: a digest of the certificate (and bundle) — the text
   * the folder's reference points at, or what the remote serves — so that a rotated certificate
   * is sent again. Not part of the hash; never written to the folder or the state; absent when
   * unknown (nothing to compare).
   */
  certificateDigest?: string;
}
export interface DomainWire {
  domainName: string;
  version?: string;
  sslCert?: string;
  sslKey?: string;
  sslBundle?: string;
}
export interface DomainRemote {
  id?: string;
  domainName: string;
  version?: string | null;
}

export const domainKind: FolderKind<DomainContent, DomainWire, DomainRemote> = {
  kind: 'domain',
  file: EXPERIENCE_FILE,
  label: (d) => `domain ${d.name}`,
  identity: (d) => d.name.toLowerCase(),
  // Only the name: certificates cannot be read back (the key is never returned). The engine
  // compares certificate digests on the side (certificateDigest), and keeps none in its state.
  hash: (d) => sha256(canonicalJson({ name: d.name.toLowerCase() })),
  hashWithoutIdentity: () => sha256('domain'),
  dependencies: () => [],
  mapNames: (d) => d,
  toWire(d: DomainContent, ctx: WireContext): DomainWire {
    const wire: DomainWire = { domainName: d.name, version: SETTINGS_IDENTITY };
    if (d.certificate) wire.sslCert = ctx.secret(d.certificate);
    if (d.key) wire.sslKey = ctx.secret(d.key);
    if (d.bundle) wire.sslBundle = ctx.secret(d.bundle);
    return wire;
  },
  fromWire: (r) => ({ content: { name: r.domainName, certificate: null, key: null, bundle: null }, unresolved: [] }),
  isManaged: () => false,
  // Certificate references live only in the folder: the remote "has" the folder's.
  alignRemote: (remote, local) => (local ? { ...remote, certificate: local.certificate, key: local.key, bundle: local.bundle } : remote),
};

export function domainToYaml(d: DomainContent): Record<string, unknown> {
  const out: Record<string, unknown> = { name: d.name };
  if (d.certificate) out.certificate = d.certificate;
  if (d.key) out.key = d.key;
  if (d.bundle) out.bundle = d.bundle;
  return out;
}
