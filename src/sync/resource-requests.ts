// The remote half of each kind besides views: which requests create, update and delete it, and
// which lists read it. Bodies come from the kind's toWire() (src/project/resources), with names
// already resolved to ids; every request goes through the one API client (retries, adaptive
// concurrency, stats).
import { ApiError } from '../api/errors.js';
import type { ApiDomainBody, ApiEndpointBody, ApiGroupBody, ApiSlugPost, ApiVersion, ApiVersionSettings, ExperienceClient } from '../api/types.js';
import type { DomainWire, EndpointWire, GroupWire, ResourceKind, SettingsWire, SlugWire } from '../project/resources/index.js';
import type { RemoteLists } from './remote-resources.js';

/** The develop version's name: deploy writes settings there and creates slugs and domains at it. */
export const DEVELOP = 'develop';

export interface Written {
  id: string;
  lastUpdated: string;
}

export interface ResourceRequests {
  create(client: ExperienceClient, wire: unknown): Promise<Written>;
  update(client: ExperienceClient, id: string, wire: unknown): Promise<Written>;
  remove(client: ExperienceClient, id: string): Promise<void>;
}

/** An API refusal that a name is taken, said in the user's terms (status and type kept: a refusal as sent, as before). */
function takenElsewhere(err: unknown, message: string): unknown {
  if (!(err instanceof ApiError) || (err.type !== 'AlreadyExists' && err.status !== 409)) return err;
  return new ApiError({ status: err.status, type: err.type, message, method: err.method, path: err.path });
}

const never = (what: string) => () => Promise.reject(new Error(`lxp never ${what} (a bug in lxp)`));
const written = (r: { id: string; lastUpdated?: string }): Written => ({ id: r.id, lastUpdated: r.lastUpdated ?? '' });

export const REQUESTS: Record<ResourceKind, ResourceRequests> = {
  endpoint: {
    create: async (client, wire) => written(await client.createEndpoint(wire as EndpointWire as ApiEndpointBody)),
    // Every writable field, so the endpoint ends up exactly as the file says; a template the file
    // dropped is cleared (the API has no null for it).
    update: async (client, id, wire) => {
      const w = wire as EndpointWire;
      return written(await client.patchEndpoint(id, { ...w, deviceIdTemplate: w.deviceIdTemplate ?? '' } as ApiEndpointBody));
    },
    remove: (client, id) => client.deleteEndpoint(id),
  },
  group: {
    create: async (client, wire) => written(await client.createGroup(wire as GroupWire as ApiGroupBody)),
    // Never experienceUserIds or experienceEndpointIds; deviceIds only when the file names them (toWire).
    update: async (client, id, wire) => written(await client.patchGroup(id, wire as GroupWire as ApiGroupBody)),
    remove: (client, id) => client.deleteGroup(id),
  },
  settings: {
    create: never('creates develop'),
    update: async (client, _id, wire) => written(await client.patchVersionSettings(DEVELOP, wire as SettingsWire as ApiVersionSettings)),
    remove: never('deletes develop'),
  },
  slug: {
    create: async (client, wire) => {
      const slug = (wire as SlugWire).slug;
      try {
        return written(await client.createSlug(wire as SlugWire as ApiSlugPost));
      } catch (err) {
        // This application had no such slug when the deploy listed them: another one has it.
        throw takenElsewhere(err, `the slug "${slug}" is taken by another application (slugs are unique across Losant): choose another in experience.yaml`);
      }
    },
    // A slug is its name: nothing to update, and deploy never moves one (release and promote do).
    update: never('updates a slug in a deploy'),
    remove: (client, id) => client.deleteSlug(id),
  },
  domain: {
    create: async (client, wire) => written(await client.createDomain(wire as DomainWire as ApiDomainBody & { domainName: string })),
    // Only the certificate: deploy never moves a domain to another version.
    update: async (client, id, wire) => {
      const w = wire as DomainWire;
      const body: ApiDomainBody = { sslCert: w.sslCert ?? null, sslKey: w.sslKey ?? null, sslBundle: w.sslBundle ?? null };
      return written(await client.patchDomain(id, body));
    },
    remove: (client, id) => client.deleteDomain(id),
  },
};

/**
 * develop's version record, or — planning a restore — develop as it would be restored from
 * `version`: that version's settings under develop's own id (the record restore keeps).
 */
async function settingsOf(client: ExperienceClient, version?: string): Promise<ApiVersion | null> {
  if (version === undefined) return client.getVersion(DEVELOP);
  const [develop, source] = await Promise.all([client.getVersion(DEVELOP), client.getVersion(version)]);
  return develop && source ? { ...source, id: develop.id, version: develop.version, lastUpdated: develop.lastUpdated } : develop;
}

/** The lists a run needs, concurrently: views always, each other kind only when `kinds` has it (and groups for endpoints' names). */
export async function listRemote(
  client: ExperienceClient,
  kinds: ReadonlySet<ResourceKind>,
  views: () => Promise<RemoteLists['views']>,
  version?: string,
  opts: { groups?: boolean } = {},
): Promise<RemoteLists> {
  // `version`: what develop would hold once restored from it — its endpoints and settings (groups,
  // slugs and domains are not versioned). Endpoints name their groups by id: listed with them
  // unless the caller reads nothing an endpoint names by group (`groups: false`).
  const groupsNeeded = kinds.has('group') || (kinds.has('endpoint') && opts.groups !== false);
  const [viewList, endpoints, groups, develop, slugs, domains] = await Promise.all([
    views(),
    kinds.has('endpoint') ? client.listEndpoints(version === undefined ? undefined : { version }) : undefined,
    groupsNeeded ? client.listGroups() : undefined,
    kinds.has('settings') ? settingsOf(client, version) : undefined,
    kinds.has('slug') ? client.listSlugs() : undefined,
    kinds.has('domain') ? client.listDomains() : undefined,
  ]);
  const lists: RemoteLists = { applicationId: client.applicationId, views: viewList };
  if (endpoints) lists.endpoints = endpoints;
  if (groups) lists.groups = groups;
  if (develop) lists.develop = develop;
  if (slugs) lists.slugs = slugs;
  if (domains) lists.domains = domains;
  return lists;
}
