// The experience as the folder has it, as a snapshot the runtime serves (src/runtime): the views
// of layouts/ pages/ components/, the endpoints of endpoints.yaml and the settings of
// experience.yaml — what develop will be once the folder is deployed, before any push. Each
// record goes through the same wire mapping deploy sends (the resource kinds' toWire), with names
// standing where the API would have ids: pages by name (the runtime finds pages by id or name),
// groups by the application's ids (see ./groups.ts). Pure.
import type { FolderRecord, EndpointContent, SettingsContent, WireContext, WireReply } from '../project/resources/index.js';
import { endpointKind, settingsKind } from '../project/resources/index.js';
import type { RenderView } from '../render/engine.js';
import type { ExperienceSnapshot, RuntimeEndpoint, StoredReply } from '../runtime/index.js';

/** The name develop has on Losant: the folder is what develop will be. */
export const FOLDER_VERSION = 'develop';

export interface FolderSnapshotInput {
  application: { id: string; name: string };
  views: readonly RenderView[];
  /** endpoints.yaml's records; undefined when the folder has no endpoints.yaml. */
  endpoints?: readonly FolderRecord<EndpointContent>[];
  /** The settings served: experience.yaml's, else develop's (lxp dev); undefined: the platform's defaults. */
  settings?: SettingsContent;
  /** The id endpoints use for a group name. */
  groupId(name: string): string;
}

const stored = (r: WireReply | null): StoredReply | null => (r ? { type: r.type, value: r.value, ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}) } : null);

export function folderSnapshot(input: FolderSnapshotInput): ExperienceSnapshot {
  const ctx: WireContext = {
    ids: { pageId: (name) => name, groupId: input.groupId },
    // Settings hold no secrets (domains do, and are not served here).
    secret: () => '',
  };
  const endpoints: RuntimeEndpoint[] = (input.endpoints ?? []).map(({ content: e }) => {
    const wire = endpointKind.toWire(e, ctx);
    return {
      method: wire.method,
      route: wire.route,
      enabled: wire.enabled,
      access: wire.access,
      experienceGroupIds: wire.experienceGroupIds,
      experienceGroups: e.groups.map((name) => ({ id: input.groupId(name), name })),
      description: wire.description,
      endpointTags: wire.endpointTags,
      staticReply: stored(wire.staticReply),
      unauthorizedReply: stored(wire.unauthorizedReply),
      ...(wire.deviceIdTemplate !== undefined ? { deviceIdTemplate: wire.deviceIdTemplate } : {}),
      ...(e.key !== null ? { key: e.key } : {}),
    };
  });
  const s = input.settings ? settingsKind.toWire(input.settings, ctx) : undefined;
  return {
    application: input.application,
    version: {
      name: FOLDER_VERSION,
      globals: s?.globals ?? [],
      notFoundReply: stored(s?.notFoundReply ?? null),
      unauthorizedReply: stored(s?.unauthorizedReply ?? null),
      endpointDefaultCors: s?.endpointDefaultCors ?? false,
      allowedCorsOrigins: s?.allowedCorsOrigins ?? [],
      responseHeaders: s?.responseHeaders ?? {},
    },
    endpoints,
    views: [...input.views],
  };
}
