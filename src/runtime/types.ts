// What the experience runtime works on: a snapshot of one version of an experience (its
// endpoints, views and settings, as frozen in that version), a request, and a response. The
// runtime knows nothing of where a snapshot comes from: the local server builds it from its
// store, a folder-based tool can build it from files.
import type { RenderView } from '../render/engine.js';
import type { ExperienceUser } from '../render/context.js';

/** A static, unauthorized or not-found reply, as the Experience API stores it. */
export interface StoredReply {
  type: 'page' | 'redirect';
  /** A page (id or name) or a redirect path (a template). */
  value: string;
  statusCode?: number;
}

export type EndpointAccess = 'public' | 'authenticated' | 'group' | 'device';

export interface RuntimeEndpoint {
  id?: string;
  method: string;
  route: string;
  enabled: boolean;
  access: EndpointAccess;
  /** Groups allowed when access is "group". */
  experienceGroupIds: string[];
  /** Those groups' names, when known: views see `experience.endpoint.experienceGroups` as `{id, name}`. */
  experienceGroups?: Array<{ id: string; name: string }>;
  description?: string;
  endpointTags?: Record<string, string>;
  staticReply?: StoredReply | null;
  unauthorizedReply?: StoredReply | null;
  /** access "device": a template giving the id of the device the user must reach through a group. */
  deviceIdTemplate?: string;
  /** The endpoint's name in the folder, when it has one; else endpointKey() names it. */
  key?: string;
}

/** A view, with its API id when it has one (static replies name pages by id). */
export type RuntimeView = RenderView & { id?: string };

/** The settings a version freezes besides its views and endpoints. */
export interface VersionSettings {
  name: string;
  /** `[{key, json}]` as the API stores them: each json is parsed into `globals[key]`. */
  globals?: Array<{ key: string; json: string }>;
  notFoundReply?: StoredReply | null;
  unauthorizedReply?: StoredReply | null;
  endpointDefaultCors?: boolean;
  allowedCorsOrigins?: string[];
  responseHeaders?: Record<string, string>;
}

export interface ExperienceSnapshot {
  application: { id: string; name: string };
  version: VersionSettings;
  endpoints: RuntimeEndpoint[];
  views: RuntimeView[];
}

export interface RuntimeRequest {
  method: string;
  /** The path as requested, %-escapes included, without the query string. */
  path: string;
  /** Parsed query string: repeated keys are arrays. */
  query: Record<string, string | string[]>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed body (JSON, form fields) or the raw text; undefined when none. */
  body?: unknown;
}

export interface RuntimeResponse {
  status: number;
  /** Lower-case names; set-cookie may repeat. */
  headers: Record<string, string | string[]>;
  body: string;
  /** How the answer came about; never sent (see ResponseTrace). */
  trace?: ResponseTrace;
}

/**
 * How the runtime reached its answer, for the tools around it — lxp dev re-renders an open page
 * when a file it depends on changes and shows render errors in its overlay. Never sent.
 */
export interface ResponseTrace {
  /** What answered the request. */
  answer: 'static' | 'unauthorized' | 'notFound' | 'workflow' | 'noWorkflow' | 'preflight' | 'badPath';
  /** The endpoint the request reached (none: no route matched). */
  endpoint?: RuntimeEndpoint;
  /** The key a reply file is named after, when a workflow would answer (answer workflow / noWorkflow). */
  workflowKey?: string;
  /** The page rendered, when one was. */
  page?: string;
  /** The layout a workflow reply put the page in instead of its own (null: none). */
  layout?: string | null;
  /** Where the workflow reply came from (a reply file). */
  replySource?: string;
  /** Why the answer is an error page, when it is one. */
  error?: unknown;
}

/** Who a token names, and the group tree access rules need. The local server verifies its own tokens and reads users and groups from its store. */
export interface UserDirectory {
  userForToken(token: string): ExperienceUser | undefined | Promise<ExperienceUser | undefined>;
  /** Ids of a group's ancestors, parent first (members of an ancestor may use a group's endpoints). */
  ancestorsOf?(groupId: string): string[];
  /**
   * Ids of the devices a group's members may reach (access "device"): the group's own and those
   * of every group below it — Losant associates the members of a parent group with its child
   * groups' devices.
   */
  devicesOf?(groupId: string): string[];
}
