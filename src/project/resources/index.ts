// The experience beyond views: endpoints.yaml, groups.yaml and experience.yaml ⇄ records of
// each resource kind, with validation, wire mapping and in-place writing for pull.
export * from './kind.js';
export { canonicalJson } from './canonical.js';
export { MANAGED_TAG, KEY_TAG, isReservedTag } from './tags.js';
export type { Reply, WireReply } from './reply.js';
export { endpointKind, endpointIdentity, endpointDefaults, endpointToYaml, ENDPOINTS_FILE, METHODS, ACCESS, type EndpointContent, type EndpointWire, type EndpointRemote, type Method, type Access } from './endpoint.js';
export { groupKind, groupToYaml, GROUPS_FILE, type GroupContent, type GroupWire, type GroupRemote, type DeviceTag } from './group.js';
export {
  settingsKind,
  slugKind,
  domainKind,
  settingsDefaults,
  settingsToYaml,
  domainToYaml,
  EXPERIENCE_FILE,
  SETTINGS_IDENTITY,
  type SettingsContent,
  type SettingsWire,
  type SettingsRemote,
  type Global,
  type SlugContent,
  type SlugWire,
  type SlugRemote,
  type DomainContent,
  type DomainWire,
  type DomainRemote,
} from './settings.js';
export { readEndpointsFile, type EndpointsRead } from './read-endpoints.js';
export { readGroupsFile, type GroupsRead } from './read-groups.js';
export { readExperienceFile, SETTINGS_KEYS, type ExperienceRead } from './read-experience.js';
export { crossFileIssues } from './cross-checks.js';
export { EXPERIENCE_FILES, loadExperienceFiles, readExperienceFiles, type LoadedExperienceFiles } from './load-files.js';
export { writeEndpointsFile, writeGroupsFile, writeExperienceFile, type WriteOptions, type ExperienceFileContent } from './write-files.js';
export { routeProblem, routeConflicts, reservedRouteProblem, SWAP_ROUTE_PREFIX } from './routes.js';
